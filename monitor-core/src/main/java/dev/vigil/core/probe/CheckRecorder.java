package dev.vigil.core.probe;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Collects what one check measures as it goes. Durations use {@link System#nanoTime()}, not the
 * injected clock: they measure real network time, while the clock only drives the schedule.
 */
final class CheckRecorder {

    private final String probe;
    private final long startedWallMillis;
    private final long startNanos = System.nanoTime();
    private long phaseStart = startNanos;
    private final LinkedHashMap<String, Duration> phases = new LinkedHashMap<>();
    private int httpStatus;
    private Instant certNotAfter;

    CheckRecorder(String probe, long startedWallMillis) {
        this.probe = probe;
        this.startedWallMillis = startedWallMillis;
    }

    /**
     * Ends the phase running since the previous mark (or the start) and names it; a phase seen
     * again (the same phase of a redirect's next request) adds up, as in blackbox_exporter.
     */
    void phase(String name) {
        long now = System.nanoTime();
        phases.merge(name, Duration.ofNanos(now - phaseStart), Duration::plus);
        phaseStart = now;
    }

    /** Nanoseconds left of {@code timeout}; zero or less once it has passed. */
    long leftNanos(Duration timeout) {
        return timeout.toNanos() - (System.nanoTime() - startNanos);
    }

    /**
     * What is left of {@code timeout} in whole milliseconds rounded up, so a socket timeout never
     * ends a check before its timeout, and at least 1 (0 would mean "no timeout" to sockets).
     */
    int remainingMillis(Duration timeout) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (leftNanos(timeout) + 999_999) / 1_000_000));
    }

    void httpStatus(int status) {
        this.httpStatus = status;
    }

    /**
     * Keeps the earliest expiry of the X.509 certificates of a peer's chain, replacing the chain
     * of an earlier connection of the same check (a redirect's last hop is the one reported).
     */
    void certificates(Certificate[] chain) {
        certNotAfter = null;
        for (Certificate c : chain) {
            if (c instanceof X509Certificate x509) {
                Instant notAfter = x509.getNotAfter().toInstant();
                if (certNotAfter == null || notAfter.isBefore(certNotAfter)) {
                    certNotAfter = notAfter;
                }
            }
        }
    }

    ProbeResult succeeded() {
        return result(true, null);
    }

    ProbeResult failed(String why) {
        return result(false, why);
    }

    private ProbeResult result(boolean success, String failure) {
        return new ProbeResult(probe, success, Duration.ofNanos(System.nanoTime() - startNanos), phases,
                httpStatus, certNotAfter, failure, Instant.ofEpochMilli(startedWallMillis));
    }

    /** A short reason from an exception, e.g. {@code ConnectException: Connection refused}. */
    static String describe(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String text = t.getClass().getSimpleName();
        if (t.getMessage() != null) {
            return text + ": " + t.getMessage();
        }
        return t.getCause() != null && t.getCause() != t ? text + " (" + describe(t.getCause()) + ")" : text;
    }
}

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

    /** Ends the phase running since the previous mark (or the start) and names it. */
    void phase(String name) {
        long now = System.nanoTime();
        phases.put(name, Duration.ofNanos(now - phaseStart));
        phaseStart = now;
    }

    /** Ends a phase at a time taken earlier with {@link System#nanoTime()}. */
    void phase(String name, long endNanos) {
        phases.put(name, Duration.ofNanos(Math.max(0, endNanos - phaseStart)));
        phaseStart = endNanos;
    }

    /** What is left of {@code timeout}, at least one millisecond (0 would mean "no timeout" to sockets). */
    int remainingMillis(Duration timeout) {
        long left = timeout.toNanos() - (System.nanoTime() - startNanos);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000));
    }

    long remainingNanos(Duration timeout) {
        return Math.max(1, timeout.toNanos() - (System.nanoTime() - startNanos));
    }

    void httpStatus(int status) {
        this.httpStatus = status;
    }

    /** Keeps the earliest expiry of the X.509 certificates of a peer's chain. */
    void certificates(Certificate[] chain) {
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

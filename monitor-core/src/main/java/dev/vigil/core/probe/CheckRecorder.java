package dev.vigil.core.probe;

import dev.vigil.core.internal.Threads;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Collects what one check measures as it goes, and holds the check's one deadline. Durations use
 * {@link System#nanoTime()}, not the injected clock: they measure real network time, while the
 * clock only drives the schedule.
 *
 * <p>The deadline is enforced at the socket: a socket timeout bounds each read, not a TLS
 * handshake or a response that a server trickles a byte at a time, so every socket of the check
 * is {@linkplain #guard guarded} and closed when the deadline passes, which ends whatever read,
 * write or handshake is blocked on it. Only plain sockets are closed that way: closing a TLS
 * socket may wait for its locks, and the timer thread must never wait.
 */
final class CheckRecorder {

    private static final ScheduledThreadPoolExecutor DEADLINES = deadlineTimer();

    private final String probe;
    private final long startedWallMillis;
    private final long startNanos = System.nanoTime();
    private long phaseStart = startNanos;
    private final LinkedHashMap<String, Duration> phases = new LinkedHashMap<>();
    private int httpStatus;
    private @Nullable Instant certNotAfter;
    private final List<Socket> guarded = new ArrayList<>();
    private @Nullable ScheduledFuture<?> deadline;
    private volatile boolean deadlinePassed;

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

    private static ScheduledThreadPoolExecutor deadlineTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, Threads.daemon("vigil-probe-deadline-"));
        timer.setRemoveOnCancelPolicy(true); // a check that ends in time leaves nothing behind
        timer.setKeepAliveTime(10, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true); // no thread while no check runs
        return timer;
    }

    /** Runs {@code task} after {@code delay} on the probes' timer thread; {@code task} must not block. */
    static ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return DEADLINES.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Closes {@code socket} when {@code timeout} (counted from the start of the check) passes; the
     * first call arms the deadline. Throws at once, with the socket closed, when it has passed.
     */
    void guard(Socket socket, Duration timeout) throws IOException {
        synchronized (guarded) {
            if (!deadlinePassed && leftNanos(timeout) > 0) {
                guarded.add(socket);
                if (deadline == null) {
                    deadline = schedule(this::closeGuarded, Duration.ofNanos(leftNanos(timeout)));
                }
                return;
            }
        }
        deadlinePassed = true;
        socket.close();
        throw new SocketTimeoutException("timeout of " + timeout + " passed");
    }

    private void closeGuarded() {
        List<Socket> sockets;
        synchronized (guarded) {
            deadlinePassed = true;
            sockets = List.copyOf(guarded);
            guarded.clear();
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException | RuntimeException ignored) {
                // closing is all we can do; the check sees its read fail
            }
        }
    }

    /** Whether the deadline passed and closed the check's sockets: a failure then is a timeout. */
    boolean deadlinePassed() {
        return deadlinePassed;
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

    private ProbeResult result(boolean success, @Nullable String failure) {
        synchronized (guarded) {
            if (deadline != null) {
                deadline.cancel(false);
            }
            guarded.clear();
        }
        return new ProbeResult(
                probe,
                success,
                Duration.ofNanos(System.nanoTime() - startNanos),
                phases,
                httpStatus,
                certNotAfter,
                failure,
                Instant.ofEpochMilli(startedWallMillis));
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

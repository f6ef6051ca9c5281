package dev.vigil.core.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Counts events that each deserve a log line and lets through at most one line per interval,
 * with the number of events since the last line. A storm (a full queue dropping thousands of
 * notifications a second) then writes one readable line per interval instead of flooding the log.
 * Safe for concurrent use. Not API.
 *
 * <pre>{@code
 * long dropped = drops.occurred();
 * if (dropped > 0) {
 *     log.warn("dropped {} notification(s)", dropped);
 * }
 * }</pre>
 */
public final class LogThrottle {

    private static final long NEVER = Long.MIN_VALUE;

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong sinceLine = new AtomicLong();
    private volatile long lastLineNanos = NEVER;

    /** At most one line per {@code interval} of {@link System#nanoTime()}. */
    public LogThrottle(Duration interval) {
        this(interval, System::nanoTime);
    }

    /** At most one line per {@code interval} of {@code nanoTime}. */
    public LogThrottle(Duration interval, LongSupplier nanoTime) {
        this.intervalNanos = Require.positive("interval", interval).toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * Counts one event. Returns the number of events to report in a line now (this one and those
     * not reported since the last line), or 0 when a line was written less than an interval ago.
     */
    public long occurred() {
        long count = sinceLine.incrementAndGet();
        long now = nanoTime.getAsLong();
        long last = lastLineNanos;
        if (last == NEVER || now - last >= intervalNanos) {
            // two threads may both pass: then both print, and the counts they subtract still add up
            lastLineNanos = now;
            sinceLine.addAndGet(-count);
            return count;
        }
        return 0;
    }
}

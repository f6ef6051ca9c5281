package dev.vigil.core.time;

import java.time.Instant;

/**
 * The source of time for every Vigil component: wall time for timestamps and monotonic time
 * for durations. Inject {@link ManualClock} in tests instead of sleeping.
 *
 * <pre>{@code
 * Clock clock = Clock.system();
 * long started = clock.monotonicNanos();
 * }</pre>
 */
public interface Clock {

    /** Wall time in milliseconds since the Unix epoch. */
    long wallMillis();

    /** Monotonic time in nanoseconds, only meaningful as a difference. */
    long monotonicNanos();

    /** Wall time as an {@link Instant}. */
    default Instant now() {
        return Instant.ofEpochMilli(wallMillis());
    }

    /** The system clock: {@link System#currentTimeMillis()} and {@link System#nanoTime()}. */
    static Clock system() {
        return SystemClock.INSTANCE;
    }
}

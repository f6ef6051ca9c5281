package dev.vigil.notify;

import java.time.Duration;

/**
 * How a delivery worker waits between retries. The system sleeper really sleeps; a test passes
 * one that advances a {@code ManualClock} instead, so a {@code Retry-After} of minutes costs
 * nothing.
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.create();
 * Sleeper sleeper = clock::advance;
 * }</pre>
 */
@FunctionalInterface
public interface Sleeper {

    /** Waits {@code duration}; interruptible. */
    void sleep(Duration duration) throws InterruptedException;

    /** {@link Thread#sleep}. */
    static Sleeper system() {
        return duration -> Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
    }
}

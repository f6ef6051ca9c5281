package dev.vigil.core.time;

import dev.vigil.core.internal.Require;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A clock that moves only when told to, for tests of time-dependent behaviour.
 * Wall and monotonic time advance together. Thread-safe.
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
 * clock.advance(Duration.ofMinutes(5));
 * }</pre>
 */
public final class ManualClock implements Clock {

    private final Object lock = new Object();
    private long wallMillis;
    private long monotonicNanos;

    private ManualClock(long wallMillis) {
        this.wallMillis = wallMillis;
        this.monotonicNanos = 0;
    }

    /** A manual clock reading {@code start}. */
    public static ManualClock at(Instant start) {
        Objects.requireNonNull(start, "start");
        return new ManualClock(start.toEpochMilli());
    }

    /** A manual clock reading 2026-01-01T00:00:00Z. */
    public static ManualClock create() {
        return at(Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** Moves both wall and monotonic time forward by {@code amount}. */
    public ManualClock advance(Duration amount) {
        Require.nonNegative("amount", amount);
        synchronized (lock) {
            wallMillis += amount.toMillis();
            monotonicNanos += amount.toNanos();
        }
        return this;
    }

    /** Moves both clocks forward by {@code millis} milliseconds. */
    public ManualClock advanceMillis(long millis) {
        return advance(Duration.ofMillis(millis));
    }

    @Override
    public long wallMillis() {
        synchronized (lock) {
            return wallMillis;
        }
    }

    @Override
    public long monotonicNanos() {
        synchronized (lock) {
            return monotonicNanos;
        }
    }

    @Override
    public String toString() {
        return "ManualClock[" + Instant.ofEpochMilli(wallMillis()) + "]";
    }
}

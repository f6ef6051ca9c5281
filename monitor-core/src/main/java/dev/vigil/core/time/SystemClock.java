package dev.vigil.core.time;

/** The real clock. */
enum SystemClock implements Clock {
    INSTANCE;

    @Override
    public long wallMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public long monotonicNanos() {
        return System.nanoTime();
    }

    @Override
    public String toString() {
        return "Clock.system()";
    }
}

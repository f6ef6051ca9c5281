package dev.vigil.benchmarks.tick;

/**
 * Does nothing: its figures are what the measurement itself costs, to read the others against.
 *
 * <pre>{@code
 * TickContender noop = new NoopContender();
 * }</pre>
 */
public final class NoopContender implements TickContender {

    @Override
    public String name() {
        return "measurement only";
    }

    @Override
    public String description() {
        return "an empty tick: what reading the thread counters costs";
    }

    @Override
    public void tick() {}
}

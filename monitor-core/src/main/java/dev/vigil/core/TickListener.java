package dev.vigil.core;

/**
 * Receives every completed tick on the sampling thread, in registration order.
 *
 * <p>Contract: be quick and never block; hand slow work to a thread of your own. A listener that
 * throws is logged once per change of state, counted, and called again on the next tick.
 *
 * <pre>{@code
 * monitor.addListener(tick -> lastTick.set(tick.timeMillis()));
 * }</pre>
 */
@FunctionalInterface
public interface TickListener {

    /** Called after each tick with a read-only view of it. */
    void onTick(Tick tick);

    /**
     * Called once when the listener is registered with a monitor that keeps a storage directory
     * ({@code Monitor.Builder.storage}), before its first tick: a listener with durable state of its
     * own (the alert engine) keeps it there, in a sub-directory of its own, unless it was given a
     * place already. Called on the registering thread; a throw is logged and ignored.
     */
    default void onStorage(dev.vigil.core.storage.Storage storage) {}

    /** Called once when the monitor closes, after its last tick; release resources here. */
    default void onClose() {}
}

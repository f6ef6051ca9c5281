package dev.vigil.alerts;

/**
 * Receives alert events. Each listener is called on a thread of its own (in event order for that
 * listener), so a slow or throwing listener never delays evaluation or another listener; a
 * listener that {@linkplain #mayBlock() never blocks} is called on the engine's event thread.
 *
 * <pre>{@code
 * engine.addListener(event -> log.info("{}", event));
 * }</pre>
 */
@FunctionalInterface
public interface AlertListener {

    /** Called for every event, in order. */
    void onEvent(AlertEvent event);

    /**
     * Called once, before any event, when the engine keeps its state in a storage directory (given
     * to its builder, or taken from the monitor it listens to) and the listener is registered: a
     * listener with durable state of its own (the notifications' log) may keep it there, in a
     * sub-directory of its own. Called on the registering thread; a throw is logged and ignored.
     */
    default void onStorage(dev.vigil.core.storage.Storage storage) {}

    /**
     * Called once, before any event, when the listener is registered, with the engine's external
     * labels (empty when it has none): the instance of a fleet its alerts come from. A listener
     * that keys state downstream (the notifications' deduplication keys) tells instances apart by
     * them. Called on the registering thread; a throw is logged and ignored.
     */
    default void onExternalLabels(java.util.Map<String, String> labels) {}

    /** Called once when the engine closes, after the last event; flush here. */
    default void onClose() {}

    /**
     * Whether {@link #onEvent} may block: wait on the network, a disk, a lock held for long, or
     * another thread. True by default, and the engine then calls the listener on a thread of its
     * own. A listener that returns false promises that {@code onEvent} returns within
     * microseconds (it only updates memory and hands work to threads of its own, as
     * {@code Notifications} does); the engine then calls it directly on its event thread, which
     * saves a thread hand-off per event, as {@code MetricSource.mayBlock()} does for sources.
     *
     * <p>Such a call is still isolated: a throw is counted and logged, and a call that breaks the
     * promise (runs longer than {@link AlertEngine#INLINE_LISTENER_BUDGET}) moves the listener to a
     * thread of its own for the events that follow, with a warning. While it runs, the engine's
     * other listeners wait for their next event (evaluation does not: it only queues events, and
     * a backlog is merged per alert, never lost). Asked when the listener is added, and again
     * after the engine offers it a storage directory ({@link #onStorage}).
     *
     * <pre>{@code
     * final class Counting implements AlertListener {
     *     final LongAdder fired = new LongAdder();
     *     public void onEvent(AlertEvent event) { if (event instanceof AlertEvent.Fired) fired.increment(); }
     *     public boolean mayBlock() { return false; }
     * }
     * }</pre>
     */
    default boolean mayBlock() {
        return true;
    }
}

package dev.vigil.alerts;

/**
 * Receives alert events. Each listener is called on a thread of its own (in event order for that
 * listener), so a slow or throwing listener never delays evaluation or another listener.
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
    default void onStorage(dev.vigil.core.storage.Storage storage) {
    }

    /** Called once when the engine closes, after the last event; flush here. */
    default void onClose() {
    }
}

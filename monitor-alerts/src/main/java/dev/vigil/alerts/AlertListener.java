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

    /** Called once when the engine closes, after the last event; flush here. */
    default void onClose() {
    }
}

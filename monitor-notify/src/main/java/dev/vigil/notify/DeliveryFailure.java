package dev.vigil.notify;

import java.util.Objects;

/**
 * A notification that could not be delivered, handed to the failure callback so nothing
 * disappears without a trace.
 *
 * <pre>{@code
 * Notifications.builder().onFailure(f -> fallbackLog.error("{} lost: {}", f.receiver(), f.reason()));
 * }</pre>
 *
 * @param receiver the receiver's name
 * @param notification what was not delivered
 * @param kind why it failed
 * @param reason details without secrets
 * @param attempts attempts made (0 when dropped before any)
 */
public record DeliveryFailure(String receiver, Notification notification, Kind kind, String reason, int attempts) {

    /** The ways a notification can fail. */
    public enum Kind {
        /** The receiver refused it for good. */
        PERMANENT,
        /** Retries used up the attempts or the time budget. */
        RETRIES_EXHAUSTED,
        /** The queue was full and this one was the oldest lowest-severity notification. */
        DROPPED,
        /** Still queued when {@code close()} ran out of time. */
        CLOSED
    }

    public DeliveryFailure {
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(notification, "notification");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }
}

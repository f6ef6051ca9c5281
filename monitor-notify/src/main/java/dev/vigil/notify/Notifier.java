package dev.vigil.notify;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A channel that carries notifications to people: the one interface an application implements
 * for its own channel. The built-in ones are in {@code dev.vigil.notify.notifier}.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>One attempt per call.</b> {@link #deliver} makes one attempt and reports what
 *       happened; retries, backoff and the retry budget belong to the caller. Report transient
 *       failures as {@link DeliveryResult.Retry} (with the receiver's {@code Retry-After} when it
 *       gave one) and failures that cannot succeed as {@link DeliveryResult.PermanentFailure}.
 *       Throwing is tolerated (counted as a retryable failure) but not expected.</li>
 *   <li><b>Bounded time.</b> A call must not block beyond {@link #timeout()}; use it for the
 *       connect and read timeouts of the underlying client. The caller cuts an attempt at that
 *       timeout anyway (interrupting the thread) and counts it as a retryable failure.</li>
 *   <li><b>Thread-safety.</b> Vigil calls a notifier from one worker thread per notifier
 *       instance, but the same instance may be shared by several {@code Notifications}: an
 *       implementation must be safe for concurrent calls.</li>
 *   <li><b>Idempotency.</b> Delivery is at least once: after a timeout the same notification
 *       may come again. Use {@link Notification#dedupKey()} where the receiver supports
 *       deduplication (PagerDuty's {@code dedup_key}).</li>
 *   <li><b>No secrets out.</b> Reasons, log lines and exceptions never contain URLs, keys or
 *       passwords: keep those in {@link Secret}.</li>
 * </ul>
 *
 * <pre>{@code
 * Notifier sms = notification -> gateway.send(notification.title())
 *         ? DeliveryResult.delivered()
 *         : DeliveryResult.retry("gateway busy");
 * }</pre>
 */
@FunctionalInterface
public interface Notifier {

    /** The per-attempt timeout used when a notifier does not choose its own. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** Makes one delivery attempt. See the contract above. */
    DeliveryResult deliver(Notification notification);

    /**
     * The receiver name used in logs, metrics tags and notifications; no secrets. Defaults to
     * the class's simple name ({@code notifier} for lambdas and anonymous classes).
     */
    default String name() {
        Class<?> type = getClass();
        return type.isSynthetic()
                        || type.isAnonymousClass()
                        || type.getSimpleName().contains("$")
                ? "notifier"
                : type.getSimpleName();
    }

    /** The longest one attempt may take. */
    default Duration timeout() {
        return DEFAULT_TIMEOUT;
    }

    /**
     * Why this notifier cannot deliver anything, if it cannot: for example the {@link Secret} it
     * sends comes from an environment variable that is not set. {@link Notifications.Builder#build()}
     * leaves such a receiver out of every route, with one log line naming it and the reason; a route
     * left without receivers uses its parent's. {@code null} (the default) for a notifier that can
     * deliver.
     */
    default @Nullable String disabledReason() {
        return null;
    }
}

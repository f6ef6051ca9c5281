package dev.vigil.notify;

import dev.vigil.core.internal.Require;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link Notifier} reports for one delivery attempt. A closed set: switch over it.
 *
 * <pre>{@code
 * return switch (status / 100) {
 *     case 2 -> DeliveryResult.delivered();
 *     case 5 -> DeliveryResult.retry("HTTP " + status);
 *     default -> DeliveryResult.permanentFailure("HTTP " + status);
 * };
 * }</pre>
 */
public sealed interface DeliveryResult {

    /** The receiver accepted the notification. */
    record Delivered() implements DeliveryResult {}

    /**
     * A transient failure (5xx, 429, timeout, connection error): try again, after
     * {@code retryAfter} when the receiver said so (HTTP {@code Retry-After}), else after the
     * retry policy's backoff.
     *
     * @param reason short text without secrets, for logs and failure reports
     * @param retryAfter the wait the receiver asked for, or {@code null} for the retry policy's backoff
     */
    record Retry(String reason, @Nullable Duration retryAfter) implements DeliveryResult {
        public Retry {
            Objects.requireNonNull(reason, "reason");
            if (retryAfter != null) {
                Require.nonNegative("retryAfter", retryAfter);
            }
        }
    }

    /**
     * The receiver will never accept this notification (4xx other than 408/429, bad
     * credentials): do not retry.
     *
     * @param reason short text without secrets, for logs and failure reports
     */
    record PermanentFailure(String reason) implements DeliveryResult {
        public PermanentFailure {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Delivered. */
    static DeliveryResult delivered() {
        return new Delivered();
    }

    /** Retry after the policy's backoff. */
    static DeliveryResult retry(String reason) {
        return new Retry(reason, null);
    }

    /** Retry no sooner than {@code after}. */
    static DeliveryResult retryAfter(String reason, Duration after) {
        return new Retry(reason, Require.nonNull("after", after));
    }

    /** Do not retry. */
    static DeliveryResult permanentFailure(String reason) {
        return new PermanentFailure(reason);
    }
}

package dev.vigil.spring;

import java.util.function.Supplier;

/**
 * A {@code vigil.*} property whose value cannot work: startup stops with a message naming the
 * property, the value (unless it is a secret) and why.
 *
 * <pre>{@code
 * throw new InvalidVigilPropertyException("vigil.notify.receivers.ops.type", "teams",
 *         "unknown receiver type; one of slack, pagerduty, email, webhook, alertmanager, log");
 * }</pre>
 */
public class InvalidVigilPropertyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String property;
    private final String value;
    private final String reason;

    /**
     * @param property the full property name
     * @param value the value as shown to the user (already redacted for secrets), or null when unset
     * @param reason why it cannot work, and what would
     */
    public InvalidVigilPropertyException(String property, String value, String reason) {
        super(property + (value == null ? " is not set" : " = '" + value + "'") + ": " + reason);
        this.property = property;
        this.value = value;
        this.reason = reason;
    }

    /**
     * Runs one builder step with a property's value; the builder's rejection (an {@code
     * IllegalArgumentException}, whose message Vigil's builders write without secrets) becomes
     * this exception, naming the property that carried the value.
     */
    static <T> T naming(String property, String value, Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidVigilPropertyException(property, value, e.getMessage());
        }
    }

    /** The full property name, e.g. {@code vigil.notify.webhook.url}. */
    public String property() {
        return property;
    }

    /** The value as shown (secrets redacted), or null when the property is not set. */
    public String value() {
        return value;
    }

    /** Why the value cannot work. */
    public String reason() {
        return reason;
    }
}

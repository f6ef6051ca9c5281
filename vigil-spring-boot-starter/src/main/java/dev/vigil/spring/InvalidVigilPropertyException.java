package dev.vigil.spring;

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

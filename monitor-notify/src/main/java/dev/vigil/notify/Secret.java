package dev.vigil.notify;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A value that must never be shown: a webhook URL, a routing key, a password. Its
 * {@link #toString()} is redacted, so it can be logged, formatted into an exception or a report
 * by mistake without leaking. Only {@link #reveal()} gives the value, and only the code that
 * sends it over the wire calls it.
 *
 * <pre>{@code
 * Secret url = Secret.fromEnv("SLACK_WEBHOOK_URL");
 * SlackNotifier slack = SlackNotifier.of(url);
 * }</pre>
 */
public final class Secret {

    private static final String REDACTED = "Secret[redacted]";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Wraps {@code value}; it must not be blank. */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "secret value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("secret value must not be blank");
        }
        return new Secret(value);
    }

    /** Reads the environment variable {@code name}; fails, naming the variable only, if unset. */
    public static Secret fromEnv(String name) {
        Objects.requireNonNull(name, "name");
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("environment variable " + name + " is not set");
        }
        return new Secret(value);
    }

    /** The secret value, for the code that puts it on the wire. Never log it. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s
                && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Always {@code Secret[redacted]}. */
    @Override
    public String toString() {
        return REDACTED;
    }
}

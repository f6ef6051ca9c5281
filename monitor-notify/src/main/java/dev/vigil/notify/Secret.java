package dev.vigil.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A value that must never be shown: a webhook URL, a routing key, a password. Its
 * {@link #toString()} is redacted, so it can be logged, formatted into an exception or a report
 * by mistake without leaking. Only {@link #reveal()} gives the value, and only the code that
 * sends it over the wire calls it.
 *
 * <p>A secret read from the environment may be <em>absent</em> (the variable is not set). A
 * notifier built on an absent secret says so through {@link Notifier#disabledReason()}, and
 * {@link Notifications.Builder#build()} leaves that receiver out with one log line, so an
 * application configured for Slack and PagerDuty still starts, and delivers to the log, on a
 * developer's machine that has neither. Use {@link #requireFromEnv(String)} to fail at once instead.
 *
 * <pre>{@code
 * Secret url = Secret.fromEnv("SLACK_WEBHOOK_URL");
 * SlackNotifier slack = SlackNotifier.of(url);
 * }</pre>
 */
public final class Secret {

    private static final String REDACTED = "Secret[redacted]";
    private static final String ABSENT = "Secret[absent]";

    private final @Nullable String value; // null when absent
    private final @Nullable String absence; // why it is absent; null when present

    private Secret(@Nullable String value, @Nullable String absence) {
        this.value = value;
        this.absence = absence;
    }

    /** Wraps {@code value}; it must not be blank. */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "secret value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("secret value must not be blank");
        }
        return new Secret(value, null);
    }

    /**
     * Reads the environment variable {@code name}. When it is unset or blank the secret is
     * {@linkplain #isPresent() absent}: a receiver built on it is left out when the notifications
     * are built, with one log line naming the variable.
     */
    public static Secret fromEnv(String name) {
        Objects.requireNonNull(name, "name");
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            return new Secret(null, "environment variable " + name + " is not set");
        }
        return new Secret(value, null);
    }

    /** Reads the environment variable {@code name}; fails, naming the variable only, if unset. */
    public static Secret requireFromEnv(String name) {
        Secret secret = fromEnv(name);
        if (!secret.isPresent()) {
            throw new IllegalArgumentException(secret.absence);
        }
        return secret;
    }

    /** Whether there is a value; only a secret read from an unset environment variable has none. */
    public boolean isPresent() {
        return value != null;
    }

    /** Why there is no value ({@code environment variable X is not set}); {@code null} when present. */
    public @Nullable String absence() {
        return absence;
    }

    /**
     * The secret value, for the code that puts it on the wire. Never log it.
     *
     * @throws IllegalStateException if the secret is absent
     */
    public String reveal() {
        if (value == null) {
            throw new IllegalStateException("secret is absent: " + absence);
        }
        return value;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Secret s)) {
            return false;
        }
        if (value == null || s.value == null) {
            return value == null && s.value == null && absence.equals(s.absence);
        }
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value == null ? absence.hashCode() : value.hashCode();
    }

    /** {@code Secret[redacted]}, or {@code Secret[absent]} when there is no value. */
    @Override
    public String toString() {
        return value == null ? ABSENT : REDACTED;
    }
}

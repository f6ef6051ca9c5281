package dev.vigil.notify.notifier;

import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Notifier;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes notifications to SLF4J: firing ones at WARN, resolved ones at INFO, title on the first
 * line and the rendered text below, every line after the first indented by two spaces. Control
 * characters (CR, LF, ...) inside a line are written as escapes, so no label can start a line
 * that looks like another log entry; a message longer than {@code maxChars} (default
 * {@value #DEFAULT_MAX_CHARS}) is cut, ending with how many characters were left out. Always
 * delivers.
 *
 * <pre>{@code
 * Route.all().to(LogNotifier.create());
 * Route.all().to(LogNotifier.builder().logger("audit.alerts").name("audit-log").build());
 * }</pre>
 */
public final class LogNotifier implements Notifier {

    /** The logger {@link #create()} writes to. */
    public static final String DEFAULT_LOGGER = "dev.vigil.notify.alerts";
    /** The longest message written, in characters. */
    public static final int DEFAULT_MAX_CHARS = 32 * 1024;

    private final Logger logger;
    private final String name;
    private final Duration timeout;
    private final int maxChars;

    private LogNotifier(Builder b) {
        this.maxChars = b.maxChars;
        this.logger = LoggerFactory.getLogger(b.logger);
        this.name = b.name;
        this.timeout = b.timeout;
    }

    /** Logs to the logger {@code dev.vigil.notify.alerts}, named {@code log}. */
    public static LogNotifier create() {
        return builder().build();
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public DeliveryResult deliver(Notification n) {
        String message = message(n);
        if (n.status() == Notification.Status.FIRING) {
            logger.warn("{}", message);
        } else {
            logger.info("{}", message);
        }
        return DeliveryResult.delivered();
    }

    /** The title, then each line of the text indented; control characters escaped; at most maxChars. */
    String message(Notification n) {
        StringBuilder out = new StringBuilder(Texts.oneLine(n.title()));
        for (String line : n.text().lines().toList()) {
            if (out.length() > maxChars) {
                break;
            }
            if (!line.isEmpty()) {
                out.append("\n  ").append(Texts.oneLine(line));
            }
        }
        return Texts.cut(out.toString(), maxChars);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    @Override
    public String toString() {
        return "LogNotifier[" + logger.getName() + "]";
    }

    /**
     * Configures a {@link LogNotifier}.
     *
     * <pre>{@code
     * LogNotifier.builder().logger("audit.alerts").name("audit-log").build();
     * }</pre>
     */
    public static final class Builder {
        private String logger = DEFAULT_LOGGER;
        private String name = "log";
        private Duration timeout = Notifier.DEFAULT_TIMEOUT;
        private int maxChars = DEFAULT_MAX_CHARS;

        private Builder() {}

        /** The longest message written (default {@value LogNotifier#DEFAULT_MAX_CHARS}); at least 256. */
        public Builder maxChars(int maxChars) {
            if (maxChars < 256) {
                throw new IllegalArgumentException("maxChars must be >= 256: " + maxChars);
            }
            this.maxChars = maxChars;
            return this;
        }

        /** The SLF4J logger's name (default {@value LogNotifier#DEFAULT_LOGGER}). */
        public Builder logger(String loggerName) {
            Objects.requireNonNull(loggerName, "logger");
            if (loggerName.isBlank()) {
                throw new IllegalArgumentException("logger must not be blank");
            }
            this.logger = loggerName;
            return this;
        }

        /** The receiver name (default {@code log}). */
        public Builder name(String name) {
            this.name = Checks.requireName(name);
            return this;
        }

        /** Per-attempt timeout (default 10 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = Checks.requireTimeout(timeout);
            return this;
        }

        /** Builds the notifier. */
        public LogNotifier build() {
            return new LogNotifier(this);
        }
    }
}

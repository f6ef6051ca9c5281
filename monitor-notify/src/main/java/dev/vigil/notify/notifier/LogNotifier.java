package dev.vigil.notify.notifier;

import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Notifier;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes notifications to SLF4J: firing ones at WARN, resolved ones at INFO, title on the first
 * line and the rendered text below. Always delivers.
 *
 * <pre>{@code
 * Route.all().to(LogNotifier.create());
 * }</pre>
 */
public final class LogNotifier implements Notifier {

    private final Logger logger;

    private LogNotifier(Logger logger) {
        this.logger = logger;
    }

    /** Logs to the logger {@code dev.vigil.notify.alerts}. */
    public static LogNotifier create() {
        return named("dev.vigil.notify.alerts");
    }

    /** Logs to the logger {@code loggerName}. */
    public static LogNotifier named(String loggerName) {
        Objects.requireNonNull(loggerName, "loggerName");
        return new LogNotifier(LoggerFactory.getLogger(loggerName));
    }

    @Override
    public DeliveryResult deliver(Notification n) {
        if (n.status() == Notification.Status.FIRING) {
            logger.warn("{}\n{}", n.title(), n.text());
        } else {
            logger.info("{}\n{}", n.title(), n.text());
        }
        return DeliveryResult.delivered();
    }

    @Override
    public String name() {
        return "log";
    }

    @Override
    public String toString() {
        return "LogNotifier[" + logger.getName() + "]";
    }
}

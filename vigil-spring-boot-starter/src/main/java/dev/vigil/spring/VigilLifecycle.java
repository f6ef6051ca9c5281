package dev.vigil.spring;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.core.Monitor;
import dev.vigil.notify.Notifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Ties Vigil to the application context: the monitor starts ticking when the context is
 * refreshed and is closed when it shuts down, which runs a last tick (a final evaluation), closes
 * the alert engine and flushes pending notifications within {@code vigil.notify.close-timeout}.
 *
 * <p>It runs in the phase just below Spring Boot's graceful web server shutdown
 * ({@code SmartLifecycle.DEFAULT_PHASE - 1024}): it stops after in-flight requests have drained,
 * so alerts raised while draining are still sent, and before the web server itself stops, so the
 * actuator endpoints answer until Vigil is done.
 *
 * <pre>{@code
 * @Bean VigilLifecycle vigilLifecycle(Monitor m, AlertEngine e, Notifications n) {
 *     return new VigilLifecycle(m, e, n);
 * }
 * }</pre>
 */
public class VigilLifecycle implements SmartLifecycle {

    /** One below the graceful web server shutdown phase: stops after it, starts before it. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024 - 1;

    private static final Logger log = LoggerFactory.getLogger(VigilLifecycle.class);

    private final Monitor monitor;
    private final AlertEngine engine;
    private final Notifications notifications;
    private volatile boolean running;

    /** The engine is attached to the monitor here: the monitor bean must not list it itself. */
    public VigilLifecycle(Monitor monitor, AlertEngine engine, Notifications notifications) {
        this.monitor = monitor;
        this.engine = engine;
        this.notifications = notifications;
    }

    @Override
    public synchronized void start() {
        if (running || monitor.isClosed()) {
            return;
        }
        monitor.addListener(engine);
        monitor.start();
        running = true;
        log.info(
                "Vigil started: every {}, sources {}, {} rules, receivers {}",
                monitor.interval(),
                monitor.sourceNames(),
                engine.rules().size(),
                notifications.receivers());
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        // The monitor's close runs the last tick and then closes its listeners (the engine, which
        // closes its listeners, the notifications); the explicit closes cover beans the
        // application wired differently. All are idempotent.
        monitor.close();
        engine.close();
        notifications.close();
        log.info("Vigil stopped");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}

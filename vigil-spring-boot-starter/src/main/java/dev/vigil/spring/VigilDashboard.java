package dev.vigil.spring;

import dev.vigil.dashboard.Dashboard;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Serves Vigil's web dashboard on its own port while the application context runs: started after
 * the monitor (whose history it draws) and closed before it, so the dashboard never shows a monitor
 * that has stopped. The URL goes to the log at startup; credentials never do.
 *
 * <p>Its phase is one above {@link VigilLifecycle#PHASE}: lifecycles start from the lowest phase up
 * and stop from the highest down.
 *
 * <pre>{@code
 * @Bean VigilDashboard vigilDashboard(Monitor monitor, AlertEngine engine) {
 *     return new VigilDashboard(Dashboard.builder().monitor(monitor).alerts(engine).port(8077).readOnly(), "");
 * }
 * }</pre>
 */
public class VigilDashboard implements SmartLifecycle {

    /** Starts after {@link VigilLifecycle} and stops before it. */
    public static final int PHASE = VigilLifecycle.PHASE + 1;

    private static final Logger log = LoggerFactory.getLogger(VigilDashboard.class);

    private final Dashboard.Builder builder;
    private final String access;
    private volatile @Nullable Dashboard dashboard;

    /**
     * @param builder a dashboard ready to start (its monitor set, its address checked)
     * @param access how requests are authenticated, for the startup log line, e.g.
     *        {@code "basic authentication"}; must never hold a secret
     */
    public VigilDashboard(Dashboard.Builder builder, String access) {
        this.builder = Objects.requireNonNull(builder, "builder");
        this.access = Objects.requireNonNull(access, "access");
    }

    @Override
    public synchronized void start() {
        if (dashboard != null) {
            return;
        }
        try {
            dashboard = builder.start();
        } catch (UncheckedIOException e) {
            // The usual cause is a port another process holds: name the property that chose it.
            throw new IllegalStateException(
                    "Vigil dashboard cannot start: " + e.getMessage() + " ("
                            + e.getCause().getMessage()
                            + "); choose another vigil.dashboard.port, or 0 for any free port",
                    e);
        }
        log.info(
                "Vigil dashboard at {}{}{}",
                dashboard.url(),
                access.isEmpty() ? "" : " (" + access + ")",
                dashboard.readOnly() ? ", read-only" : "");
    }

    @Override
    public synchronized void stop() {
        Dashboard running = dashboard;
        if (running == null) {
            return;
        }
        dashboard = null;
        running.close();
        log.info("Vigil dashboard stopped");
    }

    @Override
    public boolean isRunning() {
        return dashboard != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Where the dashboard answers, e.g. {@code http://127.0.0.1:8077/}; null while it is not running. */
    public @Nullable URI url() {
        Dashboard running = dashboard;
        return running == null ? null : running.url();
    }
}

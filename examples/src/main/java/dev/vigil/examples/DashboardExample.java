package dev.vigil.examples;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.core.Monitor;
import dev.vigil.dashboard.Dashboard;
import dev.vigil.notify.Notifications;
import dev.vigil.notify.Route;
import dev.vigil.notify.notifier.LogNotifier;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code dashboard}: the quickstart's monitoring (this machine, this JVM, the default packs and
 * the demo rule) with a {@link Dashboard} on loopback, whose URL it prints. Open it in a browser
 * on the same machine; from elsewhere, tunnel to it ({@code ssh -L 8077:127.0.0.1:8077 host}).
 */
final class DashboardExample implements Example {

    static final Options.Spec PORT =
            new Options.Spec("--port", "<port>", "dashboard port on 127.0.0.1 (default: any free port)");
    static final Options.Spec READ_ONLY = new Options.Spec("--read-only", null, "no silence or acknowledge actions");

    @Override
    public String name() {
        return "dashboard";
    }

    @Override
    public String summary() {
        return "the quickstart with a web dashboard on 127.0.0.1; prints its URL";
    }

    @Override
    public List<Options.Spec> options() {
        List<Options.Spec> options = new ArrayList<>(Demo.OPTIONS);
        options.add(PORT);
        options.add(READ_ONLY);
        return options;
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        int port = port(options);
        Notifications delivery = Notifications.builder()
                .route(Route.all()
                        .to(LogNotifier.create())
                        .groupWait(Duration.ofSeconds(1))
                        .groupInterval(Duration.ofSeconds(1)))
                .build();
        AlertEngine alerts = AlertEngine.builder()
                .rules(Demo.rules(options))
                .listener(new PrintAlerts(out, false))
                .listener(delivery)
                .build();
        try (Demo.Burst burst = Demo.burst(options, out)) {
            Monitor monitor = Demo.machine(options, burst).listener(alerts).start();
            Dashboard.Builder dashboard = Dashboard.builder()
                    .monitor(monitor)
                    .alerts(alerts)
                    .notifications(delivery)
                    .port(port);
            if (options.flag(READ_ONLY.name())) {
                dashboard.readOnly();
            }
            try (Dashboard running = dashboard.start()) {
                out.println("Vigil dashboard at " + running.url() + (running.readOnly() ? " (read-only)" : ""));
                out.println("open it in a browser on this machine; Ctrl-C stops");
                Demo.await(options, monitor);
            }
        }
        return 0;
    }

    private static int port(Options options) {
        String v = options.value(PORT.name(), null).orElse("0");
        try {
            int port = Integer.parseInt(v);
            if (port < 0 || port > 65_535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new UsageException(PORT.name() + " takes a port from 0 to 65535, got '" + v + "'");
        }
    }
}

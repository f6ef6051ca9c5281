package dev.vigil.examples;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.Monitor;
import dev.vigil.core.Tick;
import dev.vigil.core.TickListener;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Sample;
import dev.vigil.notify.Notifications;
import dev.vigil.notify.Route;
import dev.vigil.notify.notifier.LogNotifier;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * {@code quickstart}: this machine and this JVM, the default rule packs, alerts to the log.
 *
 * <p>The whole path in one place: sources feed a {@link Monitor}; an {@link AlertEngine}
 * evaluates rules on every tick; {@link Notifications} groups the alerts and hands them to
 * notifiers (here the {@link LogNotifier}, which writes to SLF4J). A demo CPU burst makes the
 * demo rule fire after a few seconds and resolve when the burst ends.
 */
final class Quickstart implements Example {

    @Override
    public String name() {
        return "quickstart";
    }

    @Override
    public String summary() {
        return "this machine and JVM, default rule packs, alerts printed and logged";
    }

    @Override
    public List<Options.Spec> options() {
        return Demo.OPTIONS;
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        // Alerts go to the log. Short group timings so the demo shows them at once (defaults: 5 s / 1 min).
        Notifications delivery = Notifications.builder()
                .route(Route.all()
                        .to(LogNotifier.create())
                        .groupWait(Duration.ofSeconds(1))
                        .groupInterval(Duration.ofSeconds(1)))
                .build();

        AlertEngine alerts = AlertEngine.builder()
                .rules(Demo.rules(options)) // RulePacks.all() + the demo rule
                .listener(new PrintAlerts(out, true)) // FIRING / RESOLVED lines, with the report
                .listener(delivery)
                .build();

        try (Demo.Burst burst = Demo.burst(options, out)) {
            Monitor monitor = Demo.machine(options, burst) // HostMetrics, ProcessMetrics, JvmMetrics
                    .listener(new KeyValues(out))
                    .listener(alerts)
                    .build();
            printSetup(out, monitor, alerts);
            monitor.start();
            Demo.await(options, monitor); // closing the monitor closes the engine and flushes
        }
        return 0;
    }

    private static void printSetup(PrintStream out, Monitor monitor, AlertEngine alerts) {
        out.println("Vigil quickstart: a tick every " + DurationText.format(monitor.interval()));
        out.println("sources: " + String.join(", ", monitor.sourceNames()));
        out.println("rules:");
        for (Rule r : alerts.rules()) {
            out.println("  " + r);
        }
    }

    /** A compact line of key values per tick. */
    private record KeyValues(PrintStream out) implements TickListener {
        @Override
        public void onTick(Tick tick) {
            double heapUsed = tick.value(MetricId.of("jvm.memory.heap.used"));
            double heapMax = tick.value(MetricId.of("jvm.memory.heap.max"));
            out.printf(
                    "tick %d: cpu %s  load %.2f  mem %s  disk / %s  heap %s of %s  this JVM's cpu %s%n",
                    tick.sequence(),
                    percent(tick.value(MetricId.of("system.cpu.usage"))),
                    tick.value(MetricId.of("system.load.average.1m")),
                    percent(tick.value(MetricId.of("system.memory.usage"))),
                    percent(rootFilesystemUsage(tick)),
                    mebibytes(heapUsed),
                    mebibytes(heapMax),
                    percent(tick.value(MetricId.of("process.cpu.usage"))));
        }

        private static double rootFilesystemUsage(Tick tick) {
            // disk.usage carries mount, device and type tags: find the one mounted at /.
            for (Sample s : tick.samples()) {
                if (s.id().name().equals("disk.usage") && "/".equals(s.id().tag("mount"))) {
                    return s.value();
                }
            }
            return Double.NaN;
        }

        private static String percent(double ratio) {
            return Double.isNaN(ratio) ? "n/a" : String.format("%.0f%%", ratio * 100);
        }

        private static String mebibytes(double bytes) {
            return Double.isNaN(bytes) ? "n/a" : String.format("%.0f MiB", bytes / (1024 * 1024));
        }
    }
}

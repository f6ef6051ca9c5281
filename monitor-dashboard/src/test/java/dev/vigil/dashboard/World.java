package dev.vigil.dashboard;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.Monitor;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.MetricSource;
import dev.vigil.core.source.SampleSink;
import dev.vigil.core.time.ManualClock;
import dev.vigil.notify.Notifications;
import dev.vigil.notify.Route;
import dev.vigil.test.RecordingNotifier;
import dev.vigil.test.TestVigil;
import java.time.Duration;
import java.time.Instant;

/**
 * A monitor, an engine and notifications driven by one manual clock (a {@link TestVigil}), with synthetic host, JVM,
 * container, probe and application series (so nothing depends on the machine the test runs on),
 * an outage in the middle, and hostile text in tags, labels and annotations.
 */
final class World implements AutoCloseable {

    static final String SCRIPT = "<script>window.__pwned=1</script>";
    static final String IMG = "\"><img src=x onerror=window.__pwned=1>";
    static final String JS_LINK = "javascript:window.__pwned=1";
    static final Duration INTERVAL = Duration.ofSeconds(10);

    final RecordingNotifier notifier = new RecordingNotifier("counting");
    final TestVigil vigil;
    final ManualClock clock;
    final Notifications notifications;
    final AlertEngine engine;
    final Monitor monitor;
    private long ticks;
    private double received;
    /** While true the source fails, as when the process is stopped: the history gets no sample. */
    private boolean down;

    World() {
        vigil = TestVigil.builder()
                .startingAt(Instant.parse("2026-11-01T00:00:00Z"))
                .every(INTERVAL)
                .source(new Synthetic())
                .rule(Rule.threshold("queue-backlog")
                        .metric("app.queue.depth")
                        .warnAbove(50)
                        .critAbove(90)
                        .label("team", SCRIPT)
                        .summary("queue " + IMG + " is backed up")
                        .annotation("runbook", JS_LINK))
                .rule(Rule.threshold("cpu-busy").metric("system.cpu.usage").warnAbove(0.5))
                .route(Route.all().to(notifier))
                .start();
        clock = vigil.clock();
        notifications = vigil.notifications();
        engine = vigil.engine();
        monitor = vigil.monitor();
    }

    /** Ticks {@code n} times, one interval apart. */
    World tick(int n) {
        for (int i = 0; i < n; i++) {
            vigil.tick();
            ticks++;
        }
        return this;
    }

    /** A day of history with a 30-minute outage two hours before the end, then the alerts fire. */
    World day() {
        tick(6 * 60 * 20);
        down = true;
        tick(6 * 30);
        down = false;
        tick(6 * 60 * 2 - 6 * 30);
        return this;
    }

    @Override
    public void close() {
        vigil.close();
    }

    /** Values that move with the tick count, so charts have shape, and end above the alert thresholds. */
    private final class Synthetic implements MetricSource {
        @Override
        public void sample(SampleSink sink) {
            if (down) {
                throw new IllegalStateException("process stopped");
            }
            double phase = ticks / 360.0;
            double wave = 0.5 + 0.4 * Math.sin(phase);
            sink.gauge("system.cpu.usage", Unit.RATIO, ticks > 7700 ? 0.7 : 0.3 * wave);
            sink.gauge("process.cpu.usage", Unit.RATIO, 0.1 * wave);
            sink.gauge("system.load.average.1m", Unit.NONE, 2 * wave);
            sink.gauge("system.cpu.count", Unit.CORES, 4);
            sink.gauge("system.memory.usage", Unit.RATIO, 0.4 + 0.1 * wave);
            sink.gauge("disk.usage", Unit.RATIO, 0.6 + ticks * 1e-5, "mount", "/");
            sink.gauge("disk.usage", Unit.RATIO, 0.2, "mount", "/var/" + SCRIPT);
            received += 10 * 400_000.0 * (1 + wave);
            sink.counter("network.receive.bytes", Unit.BYTES_PER_SECOND, received, "interface", "eth0");
            sink.counter("network.transmit.bytes", Unit.BYTES_PER_SECOND, ticks * 1_000_000.0, "interface", "eth0");
            sink.gauge("jvm.memory.heap.after.gc.usage", Unit.RATIO, 0.3 + 0.05 * wave);
            sink.gauge("jvm.gc.overhead", Unit.RATIO, 0.01 * wave);
            sink.gauge("container.cpu.usage", Unit.CORES, 1.5 * wave);
            sink.gauge("container.cpu.limit", Unit.CORES, 2);
            sink.counter("container.cpu.throttled.periods", Unit.PER_SECOND, ticks * 2.0);
            sink.gauge("container.memory.usage", Unit.BYTES, 700e6 + 100e6 * wave);
            sink.gauge("container.memory.working_set", Unit.BYTES, 500e6 + 80e6 * wave);
            sink.gauge("container.memory.limit", Unit.BYTES, 1024e6);
            sink.gauge("container.pids.current", Unit.NONE, 40 + 5 * wave);
            boolean up = (ticks / 700) % 9 != 4;
            sink.gauge(
                    MetricId.of("probe.success", "probe", "api", "target", "https://api.example/health"),
                    Unit.NONE,
                    up ? 1 : 0);
            sink.gauge(
                    MetricId.of("probe.duration", "probe", "api", "target", "https://api.example/health"),
                    Unit.SECONDS,
                    0.05 + 0.02 * wave);
            sink.gauge(
                    MetricId.of("probe.tls.cert.expiry", "probe", "api", "target", "https://api.example/health"),
                    Unit.SECONDS,
                    20 * 86_400);
            sink.gauge(
                    MetricId.of("app.queue.depth", "queue", SCRIPT, "owner", IMG),
                    Unit.NONE,
                    ticks > 7700 ? 95 : 30 * wave);
        }
    }
}

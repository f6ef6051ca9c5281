package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.Monitor;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.Sources;
import dev.vigil.core.time.ManualClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The engine as a real monitor's listener, driven by a manual clock and tickNow(). */
class MonitorDrivenTest {

    @Test
    void aRealMonitorWithAManualClockDrivesPendingFiringAndResolved() {
        ManualClock clock = ManualClock.create();
        AtomicReference<Double> usage = new AtomicReference<>(0.5);
        AtomicReference<Boolean> failing = new AtomicReference<>(false);
        RecordingListener events = new RecordingListener();
        AlertEngine engine = AlertEngine.builder()
                .clock(clock)
                .synchronousListeners()
                .reports(ReportCapture.none())
                .rule(Rule.threshold("disk-full")
                        .metric("disk.usage")
                        .warnAbove(0.9)
                        .critAbove(0.95)
                        .forDuration(Duration.ofSeconds(20))
                        .summary("{{value}} used on {{mount}}"))
                .listener(events)
                .build();
        try (Monitor monitor = Monitor.builder()
                .clock(clock)
                .every(Duration.ofSeconds(10))
                .source(Sources.named("disk", sink -> {
                    if (failing.get()) {
                        throw new IllegalStateException("statvfs hung");
                    }
                    sink.gauge("disk.usage", Unit.RATIO, usage.get(), "mount", "/");
                }))
                .listener(engine)
                .build()) {
            monitor.tickNow();
            usage.set(0.93);
            monitor.tickNow();
            assertThat(engine.activeAlerts())
                    .singleElement()
                    .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.PENDING));
            clock.advance(Duration.ofSeconds(10));
            monitor.tickNow();
            clock.advance(Duration.ofSeconds(10));
            monitor.tickNow();
            assertThat(events.kinds()).containsExactly("Fired");
            assertThat(events.events.get(0).alert().annotations()).containsEntry("summary", "93% used on /");
            assertThat(events.events.get(0).alert().labels()).containsEntry("mount", "/");
            failing.set(true);
            clock.advance(Duration.ofSeconds(10));
            monitor.tickNow();
            assertThat(events.kinds()).containsExactly("Fired", "Unknown");
            failing.set(false);
            usage.set(0.5);
            clock.advance(Duration.ofSeconds(10));
            monitor.tickNow();
            assertThat(events.kinds()).containsExactly("Fired", "Unknown", "Resolved");
            assertThat(events.events.get(2).time()).isEqualTo(clock.now());
            assertThat(MetricId.of("disk.usage", "mount", "/").toString())
                    .isEqualTo(events.events.get(2).alert().labels().get("series"));
        }
        assertThat(events.closed).isTrue();
    }
}

package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.alerts.report.AlertReport;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.metric.MetricId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReportOnFireTest {

    static final MetricId CPU = MetricId.of("system.cpu.usage");

    static AlertEngine.Builder engine(ReportCapture capture, AlertListener listener) {
        return AlertEngine.builder()
                .reports(capture)
                .listener(listener)
                .rule(Rule.threshold("cpu-high")
                        .metric("system.cpu.usage")
                        .warnAbove(0.8)
                        .critAbove(0.95));
    }

    @Test
    void theFiredEventCarriesTheReportCapturedForItsSeries() {
        List<MetricId> capturedFor = new CopyOnWriteArrayList<>();
        RecordingListener events = new RecordingListener();
        try (AlertEngine engine = engine(
                        (alert, series, history, now) -> {
                            capturedFor.add(series);
                            return new AlertReport("report of " + alert.name() + " at " + now);
                        },
                        events)
                .build()) {
            TickFeed feed = new TickFeed(engine);
            feed.tick(CPU, 0.9);
            await().atMost(Duration.ofSeconds(5)).until(() -> events.events.size() == 1);
            Alert fired = events.events.get(0).alert();
            assertThat(fired.report().text()).isEqualTo("report of cpu-high at " + feed.now());
            assertThat(capturedFor).containsExactly(CPU);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> engine.activeAlerts().get(0).report() != null);
            feed.tick(CPU, 0.99);
            await().atMost(Duration.ofSeconds(5)).until(() -> events.events.size() == 2);
            assertThat(events.events.get(1).alert().report()).isNotNull();
            assertThat(capturedFor).hasSize(1); // only on fire
        }
    }

    @Test
    void aSlowCaptureDelaysNeitherEvaluationNorTheOrderOfEvents() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RecordingListener events = new RecordingListener();
        try (AlertEngine engine = engine(
                        (alert, series, history, now) -> {
                            try {
                                release.await(10, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return new AlertReport("slow");
                        },
                        events)
                .build()) {
            TickFeed feed = new TickFeed(engine);
            long started = System.nanoTime();
            feed.tick(CPU, 0.9);
            feed.tick(CPU, 0.1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            assertThat(engine.activeAlerts()).isEmpty();
            assertThat(events.events).isEmpty();
            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> events.events.size() == 2);
            assertThat(events.kinds()).containsExactly("Fired", "Resolved");
            assertThat(events.events.get(0).alert().report().text()).isEqualTo("slow");
        }
    }

    @Test
    void aThrowingCaptureStillDeliversTheFiredEvent() {
        RecordingListener events = new RecordingListener();
        try (AlertEngine engine = engine(
                        (alert, series, history, now) -> {
                            throw new IllegalStateException("boom");
                        },
                        events)
                .synchronousListeners()
                .build()) {
            new TickFeed(engine).tick(CPU, 0.9);
            assertThat(events.kinds()).containsExactly("Fired");
            assertThat(events.events.get(0).alert().report()).isNull();
        }
    }
}

package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.FlapDetection;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.metric.MetricId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlappingForgottenTest {

    static final MetricId CPU = MetricId.of("cpu");
    static final MetricId OTHER = MetricId.of("other");

    /**
     * A flapping alert whose series goes away is forgotten before its flapping decays (forgetAfter
     * shorter than 21 ticks; with the default hour, ticks of 3 minutes or more): its last Resolved
     * was held back as flapping, so the receiver, told it fires, must still hear that it resolved.
     */
    @Test
    void aFlappingAlertForgottenWithItsSeriesIsResolvedAtTheReceiver() {
        RecordingNotifier receiver = new RecordingNotifier("team");
        try (Harness h = new Harness(b -> b.route(Route.all().to(receiver))
                .timings(new Timings(Duration.ZERO, Duration.ofSeconds(10), Duration.ofHours(4))))) {
            AlertEngine engine = AlertEngine.builder()
                    .clock(h.clock)
                    .forgetAfter(Duration.ofSeconds(30))
                    .rule(Rule.threshold("cpu-high")
                            .metric("cpu")
                            .critAbove(0.9)
                            .flapDetection(FlapDetection.DEFAULT)
                            .build())
                    .synchronousListeners()
                    .reports(ReportCapture.none())
                    .listener(h.notifications)
                    .build();
            h.tick(engine, CPU, 0.95); // Fired
            h.tick(engine, CPU, 0.10); // Resolved
            h.tick(engine, CPU, 0.95); // Fired
            h.tick(engine, CPU, 0.10); // flapping starts: this resolution is held back
            for (int i = 0; i < 12; i++) {
                h.tick(engine, OTHER, 0); // the cpu series is gone, and so, 30 s on, is its alert
            }
            h.advance(Duration.ofMinutes(1));
            List<String> sent = receiver.received().stream().map(n -> n.title()).toList();
            assertThat(engine.alerts()).isEmpty();
            assertThat(sent)
                    .containsExactly(
                            "[FIRING:1] cpu-high",
                            "[RESOLVED] cpu-high",
                            "[FIRING:1] cpu-high",
                            "[FLAPPING] cpu-high",
                            "[FLAPPING STOPPED] cpu-high",
                            "[RESOLVED] cpu-high");
            engine.close();
        }
    }
}

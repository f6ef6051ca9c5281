package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.FlapDetection;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.metric.MetricId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncWhileFlappingTest {

    static final MetricId CPU = MetricId.of("cpu");

    /** Route.synchronizeState() promises flapping alerts are sent like any other. */
    @Test
    void anAlertThatFiresWhileFlappingIsHeldByTheStateSyncReceiver() {
        RecordingNotifier am = new RecordingNotifier("am");
        try (Harness h = new Harness(b -> b.route(Route.all()
                .synchronizeState()
                .groupInterval(Duration.ofMinutes(1))
                .to(am)))) {
            AlertEngine engine = AlertEngine.builder()
                    .clock(h.clock)
                    .rule(Rule.threshold("cpu-high")
                            .metric("cpu")
                            .critAbove(0.9)
                            .flapDetection(FlapDetection.DEFAULT)
                            .build())
                    .synchronousListeners()
                    .reports(ReportCapture.none())
                    .listener(h.notifications)
                    .build();
            double[] values = {0.95, 0.10, 0.95, 0.10, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95};
            for (double v : values) {
                h.tick(engine, CPU, v);
            }
            assertThat(engine.activeAlerts())
                    .singleElement()
                    .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.FIRING));
            var last = am.received().get(am.received().size() - 1);
            List<String> states =
                    last.alerts().stream().map(a -> a.state().toString()).toList();
            System.out.println(
                    "alertmanager last got: " + states + " after " + values.length + " ticks; engine: FIRING");
            assertThat(states).containsExactly("FIRING");
            engine.close();
        }
    }
}

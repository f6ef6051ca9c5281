package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertEvent;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.FlapDetection;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.metric.MetricId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class FlappingRuleRemovedTest {

    static final MetricId CPU = MetricId.of("cpu");

    /** A flapping alert whose rule is removed: its Resolved carries flapping=true and is never sent. */
    @Test
    void removingTheRuleOfAFlappingAlertResolvesItAtTheReceiver() {
        RecordingNotifier receiver = new RecordingNotifier("team");
        List<AlertEvent> events = new CopyOnWriteArrayList<>();
        try (Harness h = new Harness(b -> b.route(Route.all().to(receiver))
                .timings(new Timings(Duration.ZERO, Duration.ofSeconds(10), Duration.ofHours(4))))) {
            AlertEngine engine = AlertEngine.builder()
                    .clock(h.clock)
                    .rule(Rule.threshold("cpu-high")
                            .metric("cpu")
                            .critAbove(0.9)
                            .flapDetection(FlapDetection.DEFAULT)
                            .build())
                    .synchronousListeners()
                    .reports(ReportCapture.none())
                    .listener(events::add)
                    .listener(h.notifications)
                    .build();
            h.tick(engine, CPU, 0.95); // Fired
            h.tick(engine, CPU, 0.10); // Resolved
            h.tick(engine, CPU, 0.95); // Fired
            h.tick(engine, CPU, 0.10); // flapping starts: this resolution is held back
            engine.replaceRules(List.of());
            h.tick(engine, CPU, 0.10); // rule removed
            h.advance(Duration.ofMinutes(10));
            h.advance(Duration.ofMinutes(10));
            List<String> kinds = new ArrayList<>();
            events.forEach(
                    ev -> kinds.add(ev.getClass().getSimpleName() + (ev.alert().flapping() ? "(flapping)" : "")));
            List<String> sent = receiver.received().stream().map(n -> n.title()).toList();
            assertThat(engine.activeAlerts()).isEmpty();
            assertThat(sent.get(sent.size() - 1))
                    .as("last notification after the rule was removed")
                    .startsWith("[RESOLVED]");
            engine.close();
        }
    }
}

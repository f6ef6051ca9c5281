package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.alerts.rule.Rule;
import dev.vigil.alerts.rule.RulePacks;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.core.Monitor;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.Sources;
import dev.vigil.core.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The alerting half of the DESIGN.md quickstart, as a user writes it. */
class QuickstartTest {

    @Test
    void theQuickstartCompilesAndAlerts() {
        ManualClock clock = ManualClock.create();
        AtomicReference<Double> freeRatio = new AtomicReference<>(0.5);
        List<AlertEvent> delivered = new CopyOnWriteArrayList<>();
        AlertListener delivery = delivered::add;

        var alerts = AlertEngine.builder()
                .rule(Rule.threshold("disk-almost-full")
                        .metric("disk.free.ratio")
                        .warnBelow(0.20)
                        .critBelow(0.10)
                        .forDuration(Duration.ofMinutes(2)))
                .rules(RulePacks.host())
                .listener(delivery)
                .clock(clock)
                .build();

        try (var monitor = Monitor.builder()
                .every(Duration.ofSeconds(10))
                .clock(clock)
                .source(Sources.gauge(
                        dev.vigil.core.metric.MetricId.of("disk.free.ratio", "mount", "/"), Unit.RATIO, freeRatio::get))
                .listener(alerts)
                .build()) {
            monitor.tickNow();
            freeRatio.set(0.05);
            for (int i = 0; i <= 12; i++) {
                clock.advance(Duration.ofSeconds(10));
                monitor.tickNow();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 1);
            Alert fired = delivered.get(0).alert();
            assertThat(fired.name()).isEqualTo("disk-almost-full");
            assertThat(fired.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(fired.report())
                    .as("report of %s, stats %s", delivered, alerts.stats())
                    .isNotNull();
            assertThat(fired.report().text()).contains("disk.free.ratio{mount=\"/\"}");
            assertThat(alerts.health()).isEqualTo(Health.CRITICAL);
        }
    }
}

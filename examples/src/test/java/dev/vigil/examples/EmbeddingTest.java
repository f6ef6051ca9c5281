package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.rule.RulePacks;
import dev.vigil.core.Monitor;
import dev.vigil.core.Tick;
import dev.vigil.core.host.HostMetrics;
import dev.vigil.core.host.ProcessMetrics;
import dev.vigil.core.jvm.JvmMetrics;
import dev.vigil.core.metric.MetricId;
import dev.vigil.notify.Notifications;
import dev.vigil.notify.Route;
import dev.vigil.notify.notifier.LogNotifier;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The whole embedding (notifications, the rule packs, the three machine sources) runs on this
 * machine. The README's own code blocks are compiled by {@link ReadmeCodeCompilesTest}.
 */
class EmbeddingTest {

    private AlertEngine alerts;

    Monitor embed() {
        Notifications delivery = Notifications.builder()
                .route(Route.all().to(LogNotifier.create()))
                .build();

        AlertEngine alerts = AlertEngine.builder()
                .rules(RulePacks.all()) // host, JVM and process rules with sensible defaults
                .listener(delivery)
                .build();

        Monitor monitor = Monitor.builder()
                .every(Duration.ofSeconds(10))
                .source(HostMetrics.create())
                .source(ProcessMetrics.create())
                .source(JvmMetrics.create())
                .listener(alerts)
                .start();

        // at shutdown: monitor.close() closes the engine and flushes pending notifications
        this.alerts = alerts;
        return monitor;
    }

    @Test
    void theFullStackMonitorsThisMachineWithThePacks() {
        Monitor monitor = embed();
        try {
            Tick tick = monitor.tickNow();

            assertThat(monitor.sourceNames()).containsExactly("host", "process", "jvm");
            assertThat(alerts.rules()).hasSameSizeAs(RulePacks.all());
            assertThat(tick.value(MetricId.of("system.memory.usage"))).isBetween(0.0, 1.0);
            assertThat(tick.value(MetricId.of("jvm.memory.heap.used"))).isPositive();
        } finally {
            monitor.close();
        }
        assertThat(monitor.isClosed()).isTrue();
    }
}

package dev.vigil.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.alerts.rule.RulePacks;
import dev.vigil.core.Monitor;
import dev.vigil.core.metric.MetricId;
import dev.vigil.notify.Notifications;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An application that adds the starter and sets no {@code vigil.*} property at all: Vigil starts
 * with the context, samples the host, process, JVM and the application's meters, applies the
 * default rule packs, and writes alerts to the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class NoVigilPropertiesTest {

    /** The one alerting rule the application adds, in code, so that an alert is certain to fire. */
    @Configuration(proxyBeanMethods = false)
    static class QueueRule {
        @Bean
        Rule queueBacklog() {
            return Rule.threshold("queue-backlog")
                    .metric("app.queue.depth")
                    .critAbove(100)
                    .build();
        }
    }

    @Test
    void withoutVigilPropertiesTheApplicationStartsMonitorsAndLogsAlerts(CapturedOutput output) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(
                        TestApplication.class, QueueRule.class)
                .properties("server.port=0")
                .run()) {
            Monitor monitor = context.getBean(Monitor.class);
            assertThat(monitor.interval()).isEqualTo(Duration.ofSeconds(10));
            assertThat(monitor.sourceNames()).contains("host", "process", "jvm", "micrometer");
            AlertEngine engine = context.getBean(AlertEngine.class);
            assertThat(engine.rules())
                    .extracting(Rule::name)
                    .contains("queue-backlog")
                    .containsAll(RulePacks.host().stream().map(Rule::name).toList())
                    .containsAll(RulePacks.jvm().stream().map(Rule::name).toList());
            assertThat(context.getBean(Notifications.class).receivers()).containsExactly("log");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> monitor.history().series(MetricId.of("jvm.threads.live")) != null
                            && monitor.history().series(MetricId.of("app.queue.depth")) != null);

            context.getBean(TestApplication.QueueDepth.class).set(500);

            // The next tick is within 10 s, then the default group wait of 5 s.
            await().atMost(Duration.ofSeconds(90)).until(() -> output.getAll().contains("[FIRING:1] queue-backlog"));
        }
    }
}

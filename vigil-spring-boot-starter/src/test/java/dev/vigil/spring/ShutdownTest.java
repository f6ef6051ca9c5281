package dev.vigil.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.core.Monitor;
import dev.vigil.notify.Notifications;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Closing the application context runs a last evaluation and flushes what is pending. */
class ShutdownTest {

    @Test
    void closingTheContextFlushesANotificationStillWithinItsGroupWait() throws IOException {
        try (LoopbackWebhook webhook = new LoopbackWebhook()) {
            ConfigurableApplicationContext context = start(webhook, "200ms");
            context.getBean(TestApplication.QueueDepth.class).set(500);
            AlertEngine engine = context.getBean(AlertEngine.class);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !engine.activeAlerts().isEmpty());
            assertThat(webhook.bodies()).isEmpty(); // held back by the hour-long group wait

            context.close();

            assertThat(webhook.received("queue-backlog", "firing")).isTrue();
        }
    }

    @Test
    void closingTheContextEvaluatesOnceMoreAndDeliversWhatThatLastEvaluationRaised() throws IOException {
        try (LoopbackWebhook webhook = new LoopbackWebhook()) {
            // An hour between ticks: only the first tick (at start) and the last (on close) run.
            ConfigurableApplicationContext context = start(webhook, "1h");
            Monitor monitor = context.getBean(Monitor.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> monitor.lastTick() != null);
            context.getBean(TestApplication.QueueDepth.class).set(500);
            assertThat(context.getBean(AlertEngine.class).activeAlerts()).isEmpty();
            Notifications notifications = context.getBean(Notifications.class);

            context.close();

            assertThat(monitor.isClosed()).isTrue();
            assertThat(notifications.pending()).isZero();
            assertThat(webhook.received("queue-backlog", "firing")).isTrue();
        }
    }

    private static ConfigurableApplicationContext start(LoopbackWebhook webhook, String interval) {
        return new SpringApplicationBuilder(TestApplication.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "vigil.interval=" + interval,
                        "vigil.rules.packs.host=false",
                        "vigil.rules.packs.jvm=false",
                        "vigil.rules.packs.process=false",
                        "vigil.rules.packs.container=false",
                        "vigil.rules.thresholds.queue-backlog.metric=app.queue.depth",
                        "vigil.rules.thresholds.queue-backlog.crit-above=100",
                        "vigil.notify.group-wait=1h",
                        "vigil.notify.webhook.url=" + webhook.url())
                .run();
    }
}

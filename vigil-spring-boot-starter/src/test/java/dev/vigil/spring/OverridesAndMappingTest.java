package dev.vigil.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.core.Monitor;
import dev.vigil.notify.Notifications;
import dev.vigil.notify.Route;
import dev.vigil.notify.notifier.LogNotifier;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The application's own beans win over the starter's; the health mapping follows the properties. */
class OverridesAndMappingTest {

    @Configuration(proxyBeanMethods = false)
    static class OwnNotifications {
        @Bean
        Notifications teamNotifications() {
            return Notifications.builder()
                    .route(Route.all().to(LogNotifier.builder().name("team-log").build()))
                    .build();
        }
    }

    @Test
    void anApplicationNotificationsBeanReplacesTheStartersAndStillReceivesTheAlerts() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(
                        TestApplication.class, OwnNotifications.class)
                .web(WebApplicationType.NONE)
                .properties("vigil.notify.webhook.url=http://127.0.0.1:1/never")
                .run()) {
            assertThat(context.getBeansOfType(Notifications.class)).containsOnlyKeys("teamNotifications");
            assertThat(context.getBean(Notifications.class).receivers()).containsExactly("team-log");
            assertThat(context.getBeansOfType(Monitor.class)).hasSize(1);
        }
    }

    @Test
    void theHealthStatusOfACriticalAlertIsTheOneConfigured() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "vigil.interval=200ms",
                        "vigil.rules.packs.host=false",
                        "vigil.rules.packs.jvm=false",
                        "vigil.rules.packs.process=false",
                        "vigil.rules.packs.container=false",
                        "vigil.rules.thresholds.queue-backlog.metric=app.queue.depth",
                        "vigil.rules.thresholds.queue-backlog.crit-above=100",
                        "vigil.health.critical=OUT_OF_SERVICE")
                .run()) {
            VigilHealthIndicator indicator = context.getBean(VigilHealthIndicator.class);
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

            context.getBean(TestApplication.QueueDepth.class).set(500);

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> indicator.health().getStatus().equals(Status.OUT_OF_SERVICE));
            assertThat(indicator.health().getDetails())
                    .containsEntry("vigil", "CRITICAL")
                    .containsEntry("firingCount", 1);
            assertThat(context.getBean(AlertEngine.class).health()).isEqualTo(dev.vigil.alerts.Health.CRITICAL);
        }
    }

    @Test
    void vigilCanBeSwitchedOff() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
                .web(WebApplicationType.NONE)
                .properties("vigil.enabled=false")
                .run()) {
            assertThat(context.getBeansOfType(Monitor.class)).isEmpty();
            assertThat(context.getBeansOfType(VigilHealthIndicator.class)).isEmpty();
        }
    }
}

package dev.vigil.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.Monitor;
import dev.vigil.core.metric.MetricId;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole path configured by properties only: an application gauge crosses a rule's threshold,
 * the alert reaches a webhook on loopback, the health endpoint and the vigil endpoint show it, and
 * it resolves when the gauge comes back.
 */
@SpringBootTest(
        classes = TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "vigil.interval=200ms",
            // The packs watch this machine, whose state is not the test's to choose.
            "vigil.rules.packs.host=false",
            "vigil.rules.packs.jvm=false",
            "vigil.rules.packs.process=false",
            "vigil.rules.packs.container=false",
            "vigil.rules.thresholds.queue-backlog.metric=app.queue.depth",
            "vigil.rules.thresholds.queue-backlog.crit-above=100",
            "vigil.rules.thresholds.queue-backlog.summary=queue holds {{value}}",
            "vigil.notify.group-wait=0s",
            "vigil.notify.group-interval=1s",
            "management.endpoints.web.exposure.include=health,vigil",
            "management.endpoint.health.show-details=always",
            "management.endpoint.health.group.alerting.include=vigil"
        })
class AlertPathTest {

    static final LoopbackWebhook webhook = newWebhook();

    @DynamicPropertySource
    static void webhookUrl(DynamicPropertyRegistry registry) {
        registry.add("vigil.notify.webhook.url", webhook::url);
    }

    @AfterAll
    static void stopWebhook() {
        webhook.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    TestApplication.QueueDepth queue;

    @Autowired
    Monitor monitor;

    @Autowired
    MeterRegistry registry;

    @Test
    void aThresholdCrossedByAnApplicationGaugeIsNotifiedShownInHealthAndListedAndResolves() {
        Actuator actuator = new Actuator(port);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> monitor.history().series(MetricId.of("app.queue.depth")) != null);
        assertThat(actuator.get("/health/vigil").json().path("status").asText()).isEqualTo("UP");

        queue.set(500);

        await().atMost(Duration.ofSeconds(60)).until(() -> webhook.received("queue-backlog", "firing"));
        Actuator.Response health = actuator.get("/health/vigil");
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().path("status").asText()).isEqualTo("DOWN");
        assertThat(health.json().path("details").path("vigil").asText()).isEqualTo("CRITICAL");
        assertThat(health.json()
                        .path("details")
                        .path("firing")
                        .get(0)
                        .path("alertname")
                        .asText())
                .isEqualTo("queue-backlog");
        assertThat(actuator.get("/health").json().path("status").asText()).isEqualTo("DOWN");
        assertThat(actuator.get("/health/alerting").status())
                .as("a health group holding vigil")
                .isEqualTo(503);

        JsonNode overview = actuator.get("/vigil").json();
        assertThat(overview.path("health").asText()).isEqualTo("CRITICAL");
        JsonNode alert = overview.path("alerts").get(0);
        assertThat(alert.path("alertname").asText()).isEqualTo("queue-backlog");
        assertThat(alert.path("state").asText()).isEqualTo("FIRING");
        assertThat(alert.path("severity").asText()).isEqualTo("CRITICAL");
        assertThat(alert.path("annotations").path("summary").asText()).isEqualTo("queue holds 500");

        queue.set(0);

        await().atMost(Duration.ofSeconds(60)).until(() -> webhook.received("queue-backlog", "resolved"));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> actuator.get("/health/vigil").status() == 200);
        assertThat(actuator.get("/vigil").json().path("alerts")).isEmpty();
    }

    @Test
    void writeOperationsAreRefusedUnlessTheApplicationGrantsThem() {
        Actuator actuator = new Actuator(port);
        Actuator.Response post = actuator.post(
                "/vigil/silence",
                "{\"matchers\":\"alertname=queue-backlog\",\"duration\":\"1h\",\"createdBy\":\"test\"}");
        assertThat(post.status()).isBetween(400, 499);
        assertThat(actuator.get("/vigil").json().path("silences")).isEmpty();
    }

    @Test
    void vigilSeriesArePublishedIntoTheRegistryAndNeverReadBack() {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> registry.find("vigil.app.queue.depth").gauge() != null
                        && registry.find("vigil.jvm.threads.live").gauge() != null);
        assertThat(monitor.history().ids())
                .extracting(MetricId::name)
                .contains("app.queue.depth", "jvm.threads.live")
                .noneMatch(name -> name.startsWith("vigil."));
    }

    private static LoopbackWebhook newWebhook() {
        try {
            return new LoopbackWebhook();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

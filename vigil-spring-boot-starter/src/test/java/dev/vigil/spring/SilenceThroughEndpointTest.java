package dev.vigil.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With write access granted, a silence added through {@code /actuator/vigil} mutes its alert
 * while a sibling alert of the same tick is notified; expiring the silence lets it through; an
 * acknowledgement through the endpoint shows on the alert.
 */
@SpringBootTest(
        classes = TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "vigil.interval=200ms",
            "vigil.rules.packs.host=false",
            "vigil.rules.packs.jvm=false",
            "vigil.rules.packs.process=false",
            "vigil.rules.packs.container=false",
            "vigil.rules.thresholds.queue-backlog.metric=app.queue.depth",
            "vigil.rules.thresholds.queue-backlog.crit-above=100",
            // Critical too: a firing critical inhibits the warnings of its series, silenced or not.
            "vigil.rules.thresholds.queue-overflowing.metric=app.queue.depth",
            "vigil.rules.thresholds.queue-overflowing.crit-above=50",
            "vigil.notify.group-wait=0s",
            "vigil.notify.group-interval=1s",
            "management.endpoints.web.exposure.include=health,vigil",
            "management.endpoint.vigil.access=unrestricted"
        })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD) // each test starts with no alert
class SilenceThroughEndpointTest {

    static final LoopbackWebhook webhook = newWebhook();

    @DynamicPropertySource
    static void webhookUrl(DynamicPropertyRegistry registry) {
        registry.add("vigil.notify.webhook.url", webhook::url);
    }

    @AfterAll
    static void stopWebhook() {
        webhook.close();
    }

    @BeforeEach
    void forgetEarlierDeliveries() {
        webhook.clear();
    }

    @LocalServerPort
    int port;

    @Autowired
    TestApplication.QueueDepth queue;

    @Test
    void aSilenceAddedThroughTheEndpointMutesItsAlertUntilItIsExpired() {
        Actuator actuator = new Actuator(port);
        Actuator.Response created = actuator.post(
                "/vigil/silence",
                "{\"matchers\":\"alertname=queue-backlog\","
                        + "\"duration\":\"1h\",\"createdBy\":\"alice\",\"comment\":\"draining the queue\"}");
        assertThat(created.status()).isEqualTo(200);
        String silenceId = created.json().path("id").asText();
        JsonNode silence = actuator.get("/vigil").json().path("silences").get(0);
        assertThat(silence.path("id").asText()).isEqualTo(silenceId);
        assertThat(silence.path("createdBy").asText()).isEqualTo("alice");
        assertThat(silence.path("matchers").get(0).asText())
                .contains("alertname")
                .contains("queue-backlog");

        queue.set(500);

        // Both rules fire on the same tick: the unsilenced one is the witness that notifications flow.
        await().atMost(Duration.ofSeconds(60)).until(() -> webhook.received("queue-overflowing", "firing"));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> alert(actuator, "queue-backlog")
                        .map(a -> a.path("state").asText().equals("FIRING")
                                && a.path("silenced").asBoolean())
                        .orElse(false));
        assertThat(webhook.received("queue-backlog", "firing")).isFalse();

        assertThat(actuator.delete("/vigil/" + silenceId).json().path("expired").asBoolean())
                .isTrue();

        await().atMost(Duration.ofSeconds(60)).until(() -> webhook.received("queue-backlog", "firing"));
        assertThat(actuator.get("/vigil").json().path("silences")).isEmpty();
    }

    @Test
    void anAcknowledgementThroughTheEndpointShowsOnTheAlert() {
        Actuator actuator = new Actuator(port);
        queue.set(500);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> alert(actuator, "queue-overflowing")
                        .map(a -> a.path("state").asText().equals("FIRING"))
                        .orElse(false));
        String fingerprint = alert(actuator, "queue-overflowing")
                .orElseThrow()
                .path("fingerprint")
                .asText();

        Actuator.Response ack = actuator.post(
                "/vigil/acknowledge", "{\"fingerprint\":\"" + fingerprint + "\",\"by\":\"bob\",\"note\":\"looking\"}");

        assertThat(ack.status()).isEqualTo(200);
        JsonNode acknowledged = alert(actuator, "queue-overflowing").orElseThrow();
        assertThat(acknowledged.path("acknowledged").asBoolean()).isTrue();
        assertThat(acknowledged.path("acknowledgedBy").asText()).isEqualTo("bob");
        assertThat(actuator.post("/vigil/acknowledge", "{\"fingerprint\":\"no-such-alert\",\"by\":\"bob\"}")
                        .status())
                .isEqualTo(400);
    }

    private static Optional<JsonNode> alert(Actuator actuator, String alertname) {
        JsonNode alerts = actuator.get("/vigil").json().path("alerts");
        return StreamSupport.stream(alerts.spliterator(), false)
                .filter(a -> a.path("alertname").asText().equals(alertname))
                .findFirst();
    }

    private static LoopbackWebhook newWebhook() {
        try {
            return new LoopbackWebhook();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

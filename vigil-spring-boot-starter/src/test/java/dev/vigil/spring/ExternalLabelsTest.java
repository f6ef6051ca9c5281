package dev.vigil.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code vigil.external-labels.*} replace the defaults, add labels, and remove a default with an
 * empty value; the alert that reaches the webhook carries exactly those.
 */
@SpringBootTest(
        classes = TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.application.name=shop-test",
            "vigil.interval=200ms",
            "vigil.rules.packs.host=false",
            "vigil.rules.packs.jvm=false",
            "vigil.rules.packs.process=false",
            "vigil.rules.packs.container=false",
            "vigil.rules.thresholds.queue-backlog.metric=app.queue.depth",
            "vigil.rules.thresholds.queue-backlog.crit-above=100",
            "vigil.notify.group-wait=0s",
            "vigil.external-labels.instance=web-1",
            "vigil.external-labels.env=prod",
            "vigil.external-labels.service="
        })
class ExternalLabelsTest {

    static final LoopbackWebhook webhook = newWebhook();

    @DynamicPropertySource
    static void webhookUrl(DynamicPropertyRegistry registry) {
        registry.add("vigil.notify.webhook.url", webhook::url);
    }

    @AfterAll
    static void stopWebhook() {
        webhook.close();
    }

    @Autowired
    TestApplication.QueueDepth queue;

    @Test
    void configuredExternalLabelsReplaceAddToAndRemoveTheDefaults() throws Exception {
        queue.set(500);

        await().atMost(Duration.ofSeconds(60)).until(() -> webhook.received("queue-backlog", "firing"));
        JsonNode labels = null;
        for (String body : webhook.bodies()) {
            for (JsonNode alert : new ObjectMapper().readTree(body).path("alerts")) {
                if (alert.path("labels").path("alertname").asText().equals("queue-backlog")) {
                    labels = alert.path("labels");
                }
            }
        }
        assertThat(labels).isNotNull();
        assertThat(labels.path("instance").asText()).isEqualTo("web-1");
        assertThat(labels.path("env").asText()).isEqualTo("prod");
        assertThat(labels.has("service"))
                .as("service removed by an empty value: " + labels)
                .isFalse();
    }

    private static LoopbackWebhook newWebhook() {
        try {
            return new LoopbackWebhook();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

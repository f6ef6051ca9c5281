package dev.vigil.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** IDEs complete {@code vigil.*} from the metadata the annotation processor writes into the jar. */
class ConfigurationMetadataTest {

    @Test
    void theJarDescribesEveryVigilPropertyWithItsTypeAndDefault() throws Exception {
        Map<String, JsonNode> properties = new HashMap<>();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("metadata in the jar").isNotNull();
            new ObjectMapper()
                    .readTree(in)
                    .path("properties")
                    .forEach(p -> properties.put(p.path("name").asText(), p));
        }

        assertThat(properties)
                .containsKeys(
                        "vigil.enabled",
                        "vigil.interval",
                        "vigil.sources.container",
                        "vigil.micrometer.publish-prefix",
                        "vigil.rules.packs.host",
                        "vigil.rules.thresholds",
                        "vigil.notify.slack.url",
                        "vigil.notify.pagerduty.routing-key",
                        "vigil.notify.email.to",
                        "vigil.notify.webhook.url",
                        "vigil.notify.alertmanager.url",
                        "vigil.notify.receivers",
                        "vigil.notify.routes",
                        "vigil.health.critical",
                        "management.endpoint.vigil.access",
                        "vigil.dashboard.enabled",
                        "vigil.dashboard.host",
                        "vigil.dashboard.port",
                        "vigil.dashboard.read-only",
                        "vigil.dashboard.username",
                        "vigil.dashboard.password",
                        "vigil.dashboard.token",
                        "vigil.rules.files",
                        "vigil.rules.files-check-interval",
                        "vigil.rules.known-metrics",
                        "vigil.external-labels",
                        "vigil.storage.directory");
        assertThat(properties.get("vigil.rules.files").path("type").asText())
                .isEqualTo("java.util.List<java.lang.String>");
        assertThat(properties
                        .get("vigil.rules.files-check-interval")
                        .path("defaultValue")
                        .asText())
                .isEqualTo("30s");
        assertThat(properties.get("vigil.external-labels").path("type").asText())
                .isEqualTo("java.util.Map<java.lang.String,java.lang.String>");
        assertThat(properties.get("vigil.interval").path("type").asText()).isEqualTo("java.time.Duration");
        assertThat(properties.get("vigil.interval").path("defaultValue").asText())
                .isEqualTo("10s");
        assertThat(properties.get("vigil.health.critical").path("defaultValue").asText())
                .isEqualTo("DOWN");
        assertThat(properties.get("vigil.dashboard.host").path("defaultValue").asText())
                .isEqualTo("127.0.0.1");
        assertThat(properties.get("vigil.dashboard.port").path("defaultValue").asInt(-1))
                .isZero();
        assertThat(properties
                        .get("vigil.dashboard.enabled")
                        .path("defaultValue")
                        .asBoolean(false))
                .isTrue();
        // vigil.notify.* lives in its own class (VigilNotifyProperties); its metadata stays complete.
        assertThat(properties)
                .containsKeys(
                        "vigil.notify.log",
                        "vigil.notify.group-by",
                        "vigil.notify.group-wait",
                        "vigil.notify.group-interval",
                        "vigil.notify.repeat-interval",
                        "vigil.notify.send-resolved",
                        "vigil.notify.close-timeout",
                        "vigil.notify.slack.timeout",
                        "vigil.notify.pagerduty.url",
                        "vigil.notify.pagerduty.timeout",
                        "vigil.notify.email.from",
                        "vigil.notify.email.host",
                        "vigil.notify.email.port",
                        "vigil.notify.email.username",
                        "vigil.notify.email.password",
                        "vigil.notify.email.security",
                        "vigil.notify.email.subject-prefix",
                        "vigil.notify.email.timeout",
                        "vigil.notify.webhook.timeout",
                        "vigil.notify.alertmanager.timeout");
        assertThat(properties.get("vigil.notify.group-wait").path("type").asText())
                .isEqualTo("java.time.Duration");
        assertThat(properties
                        .get("vigil.notify.group-wait")
                        .path("defaultValue")
                        .asText())
                .isEqualTo("5s");
        assertThat(properties
                        .get("vigil.notify.repeat-interval")
                        .path("defaultValue")
                        .asText())
                .isEqualTo("4h");
        assertThat(properties
                        .get("vigil.notify.close-timeout")
                        .path("defaultValue")
                        .asText())
                .isEqualTo("10s");
        assertThat(properties
                        .get("vigil.notify.send-resolved")
                        .path("defaultValue")
                        .asBoolean(false))
                .isTrue();
        assertThat(properties.get("vigil.notify.email.port").path("type").asText())
                .isEqualTo("java.lang.Integer");
        assertThat(properties.get("vigil.notify.receivers").path("type").asText())
                .isEqualTo("java.util.Map<java.lang.String,dev.vigil.spring.VigilNotifyProperties$Receiver>");
        assertThat(properties.get("vigil.notify.routes").path("type").asText())
                .isEqualTo("java.util.List<dev.vigil.spring.VigilNotifyProperties$RouteSpec>");
        // Unset by default: the history stays in memory.
        assertThat(properties.get("vigil.storage.directory").path("type").asText())
                .isEqualTo("java.nio.file.Path");
        assertThat(properties.get("vigil.storage.directory").has("defaultValue"))
                .isFalse();
        assertThat(properties
                        .get("management.endpoint.vigil.access")
                        .path("defaultValue")
                        .asText())
                .isEqualTo("read_only");
        assertThat(properties.values())
                .filteredOn(p -> p.path("name").asText().startsWith("vigil."))
                .allSatisfy(p -> assertThat(p.path("description").asText())
                        .as(p.path("name").asText())
                        .isNotBlank());
        // A shorthand receiver offers only its own settings.
        assertThat(properties).doesNotContainKeys("vigil.notify.slack.routing-key", "vigil.notify.slack.to");
    }
}

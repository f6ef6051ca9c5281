package dev.vigil.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.ExternalLabels;
import dev.vigil.alerts.rule.Condition;
import dev.vigil.alerts.rule.Rule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A rule from {@code vigil.rules.files} fires and reaches a loopback webhook with the default
 * external labels; an edit of the file changes the rule; an invalid edit keeps the previous rule
 * in force and shows in the health details and the endpoint.
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
            // The fallback check only; the file system's change events usually come first.
            "vigil.rules.files-check-interval=2s",
            "vigil.notify.group-wait=0s",
            "vigil.notify.group-interval=1s",
            "management.endpoints.web.exposure.include=health,vigil",
            "management.endpoint.health.show-details=always"
        })
class RuleFilesTest {

    static final LoopbackWebhook webhook = newWebhook();
    static final Path dir = newDirectory();
    static final Path rules = dir.resolve("rules.yml");
    static final Path promRules = dir.resolve("prometheus.yml");

    static {
        write(rules, """
                rules:
                  - name: queue-from-file
                    metric: app.queue.depth
                    critical: "> 100"
                    annotations:
                      summary: "queue holds {{value}}"
                """);
        // Prometheus' form, naming the application's gauge the PromQL way (vigil.rules.known-metrics).
        write(promRules, """
                groups:
                  - name: app
                    rules:
                      - alert: QueueFromPromQl
                        expr: app_queue_depth > 100
                """);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("vigil.notify.webhook.url", webhook::url);
        // A resource location, as Spring writes them; a plain path works as well.
        registry.add("vigil.rules.files[0]", () -> "file:" + rules);
        registry.add("vigil.rules.files[1]", promRules::toString);
        registry.add("vigil.rules.known-metrics", () -> "app.queue.depth");
    }

    @AfterAll
    static void cleanUp() throws IOException {
        webhook.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    TestApplication.QueueDepth queue;

    @Autowired
    AlertEngine engine;

    @Test
    void aRuleFromAFileFiresWithServiceAndInstanceLabelsAndFollowsEditsOfTheFile() throws Exception {
        Actuator actuator = new Actuator(port);
        queue.set(500);

        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        webhook.received("queue-from-file", "firing") && webhook.received("QueueFromPromQl", "firing"));
        JsonNode labels = firingAlertLabels("queue-from-file");
        assertThat(labels.path("service").asText()).isEqualTo("shop-test");
        assertThat(labels.path("instance").asText())
                .isEqualTo(ExternalLabels.hostInstance().labels().get("instance"))
                .isNotBlank();
        JsonNode files = actuator.get("/vigil").json().path("ruleFiles");
        assertThat(files.path("valid").asBoolean()).isTrue();
        assertThat(files.path("rules").asInt()).isEqualTo(2);
        assertThat(files.path("files").get(0).asText())
                .isEqualTo(rules.toAbsolutePath().normalize().toString());
        assertThat(files.path("files").get(1).asText())
                .isEqualTo(promRules.toAbsolutePath().normalize().toString());

        // The edit raises the threshold above the queue: the changed rule starts over and its alert resolves.
        webhook.clear();
        write(rules, """
                rules:
                  - name: queue-from-file
                    metric: app.queue.depth
                    critical: "> 1000"
                """);
        await().atMost(Duration.ofSeconds(60)).until(() -> webhook.received("queue-from-file", "resolved"));
        assertThat(ruleNamed("queue-from-file").critical()).isEqualTo(new Condition.Above(1000));
        assertThat(engine.activeAlerts()).noneMatch(a -> a.name().equals("queue-from-file"));

        // An invalid edit: the rule above stays in force, and health and the endpoint say why.
        write(rules, """
                rules:
                  - name: queue-from-file
                    metric: app.queue.depth
                    critical: "more than 10"
                """);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !actuator.get("/vigil")
                        .json()
                        .path("ruleFiles")
                        .path("valid")
                        .asBoolean(true));
        JsonNode refused = actuator.get("/vigil").json().path("ruleFiles");
        assertThat(refused.path("errors").get(0).asText())
                .startsWith(rules.toAbsolutePath().normalize() + ":4:")
                .contains("more than 10");
        JsonNode healthFiles =
                actuator.get("/health/vigil").json().path("details").path("ruleFiles");
        assertThat(healthFiles.path("valid").asBoolean(true)).isFalse();
        assertThat(healthFiles.path("errors").get(0).asText())
                .isEqualTo(refused.path("errors").get(0).asText());

        webhook.clear();
        queue.set(2000);
        await().atMost(Duration.ofSeconds(60)).until(() -> webhook.received("queue-from-file", "firing"));
        assertThat(ruleNamed("queue-from-file").critical()).isEqualTo(new Condition.Above(1000));
    }

    private Rule ruleNamed(String name) {
        return engine.rules().stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static JsonNode firingAlertLabels(String alertname) throws IOException {
        ObjectMapper json = new ObjectMapper();
        for (String body : webhook.bodies()) {
            for (JsonNode alert : json.readTree(body).path("alerts")) {
                if (alert.path("labels").path("alertname").asText().equals(alertname)
                        && alert.path("status").asText().equals("firing")) {
                    return alert.path("labels");
                }
            }
        }
        throw new AssertionError("no firing " + alertname + " in " + webhook.bodies());
    }

    /** Writes through a temporary file and a move, so the watcher never reads half a file. */
    static void write(Path file, String content) {
        try {
            Path tmp = Files.createTempFile(file.getParent(), "edit", ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path newDirectory() {
        try {
            return Files.createTempDirectory("vigil-rule-files");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LoopbackWebhook newWebhook() {
        try {
            return new LoopbackWebhook();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.vigil.notify.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.core.time.ManualClock;
import dev.vigil.notify.testkit.JsonTree;
import dev.vigil.notify.testkit.OpenApiSchema;
import dev.vigil.notify.testkit.TestAlerts;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What Vigil posts to Alertmanager against its API v2 schema (../shared/specs, read at test time). */
class AlertmanagerSchemaTest {

    private OpenApiSchema api;

    @BeforeEach
    void readSchema() {
        Optional<OpenApiSchema> found = OpenApiSchema.find("alertmanager-v0.25.0-openapi.json");
        Assumptions.assumeTrue(
                found.isPresent(),
                "../shared/specs/alertmanager-v0.25.0-openapi.json is not there: schema checks skipped");
        api = found.get();
    }

    @Test
    void firingResolvedAndRenamedAlertsMatchPostableAlerts() {
        AlertmanagerNotifier am = AlertmanagerNotifier.builder(URI.create("http://127.0.0.1:9093"))
                .clock(ManualClock.at(Instant.parse("2026-01-01T00:02:00Z")))
                .generatorUrl("http://app:8080/vigil")
                .build();
        Alert disk =
                TestAlerts.firing("DiskFull", Severity.CRITICAL, Map.of("mount", "/data", "client.name", "x"), "full");
        Alert heap = TestAlerts.resolved(
                TestAlerts.firing("HeapHigh", Severity.WARNING, Map.of(), "heap"),
                Instant.parse("2026-01-01T00:01:30.123456789Z"));

        String body = new String(
                am.payload(TestAlerts.notification("alertmanager", disk, heap)),
                java.nio.charset.StandardCharsets.UTF_8);

        assertThat(api.violations("postableAlerts", JsonTree.parse(body))).isEmpty();
    }

    @Test
    void theValidatorCatchesWhatAlertmanagerRejects() {
        Object broken = JsonTree.parse("""
                [{"annotations":{"summary":1},"endsAt":"yesterday","generatorURL":"not a uri"}]""");

        assertThat(api.violations("postableAlerts", broken))
                .containsExactlyInAnyOrder(
                        "$[0]: required property 'labels' missing",
                        "$[0].annotations.summary: expected string, got Long",
                        "$[0].endsAt: not an RFC 3339 date-time: 'yesterday'",
                        "$[0].generatorURL: not a URI: 'not a uri'");
    }
}

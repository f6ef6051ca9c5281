package dev.vigil.notify.notifier;

import static dev.vigil.notify.notifier.SampleNotifications.firing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.notify.AlertmanagerIdentity;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Secret;
import dev.vigil.notify.testkit.JsonTree;
import dev.vigil.notify.testkit.LoopbackHttpReceiver;
import dev.vigil.notify.testkit.TestAlerts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {

    private final LoopbackHttpReceiver server = LoopbackHttpReceiver.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void postsTheAlertmanagerWebhookPayloadVersion4() {
        Alert disk = TestAlerts.firing("DiskFull", Severity.CRITICAL, Map.of("mount", "/data"), "95% full");
        Alert cpu = TestAlerts.resolved(
                TestAlerts.firing("DiskFull", Severity.CRITICAL, Map.of("mount", "/var"), "90% full"),
                Instant.parse("2026-01-01T00:05:00Z"));
        Notification n = TestAlerts.notification("ops", disk, cpu);
        WebhookNotifier hook = WebhookNotifier.builder(
                        Secret.of(server.uri("/hook").toString()))
                .externalUrl("http://app:8080")
                .generatorUrl("http://app:8080/alerts")
                .build();

        assertThat(hook.deliver(n)).isInstanceOf(DeliveryResult.Delivered.class);

        LoopbackHttpReceiver.Request request = server.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/hook");
        assertThat(request.header("Content-Type")).startsWith("application/json");
        Map<String, Object> body = JsonTree.object(request.body());
        assertThat(body)
                .containsOnlyKeys(
                        "version",
                        "groupKey",
                        "truncatedAlerts",
                        "status",
                        "receiver",
                        "groupLabels",
                        "commonLabels",
                        "commonAnnotations",
                        "externalURL",
                        "alerts");
        assertThat(body)
                .containsEntry("version", "4")
                .containsEntry("status", "firing")
                .containsEntry("receiver", "ops")
                .containsEntry("truncatedAlerts", 0L)
                .containsEntry("groupKey", n.groupKey())
                .containsEntry("externalURL", "http://app:8080")
                .containsEntry("groupLabels", Map.of("alertname", "DiskFull"))
                .containsEntry("commonLabels", Map.of("alertname", "DiskFull", "severity", "critical"));
        List<Map<String, Object>> alerts = (List<Map<String, Object>>) body.get("alerts");
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(0))
                .containsOnlyKeys(
                        "status", "labels", "annotations", "startsAt", "endsAt", "generatorURL", "fingerprint");
        assertThat(alerts.get(0))
                .containsEntry("status", "firing")
                .containsEntry("labels", Map.of("alertname", "DiskFull", "severity", "critical", "mount", "/data"))
                .containsEntry("startsAt", "2026-01-01T00:00:00Z")
                .containsEntry("endsAt", "0001-01-01T00:00:00Z")
                .containsEntry("generatorURL", "http://app:8080/alerts")
                .containsEntry("fingerprint", AlertmanagerIdentity.fingerprint(disk.labels()));
        assertThat((Map<String, Object>) alerts.get(0).get("annotations")).containsEntry("summary", "95% full");
        assertThat(alerts.get(1)).containsEntry("status", "resolved").containsEntry("endsAt", "2026-01-01T00:05:00Z");
    }

    @Test
    void sendsCustomHeadersWithEveryRequest() {
        WebhookNotifier hook = WebhookNotifier.builder(
                        Secret.of(server.uri("/hook").toString()))
                .header("Authorization", Secret.of("Bearer t0ken"))
                .header("X-Team", "storage")
                .build();

        hook.deliver(firing("Headers", "with headers"));

        LoopbackHttpReceiver.Request request = server.requests().get(0);
        assertThat(request.header("Authorization")).isEqualTo("Bearer t0ken");
        assertThat(request.header("X-Team")).isEqualTo("storage");
    }

    @Test
    @SuppressWarnings("unchecked")
    void countsAlertsBeyondTheLimitAsTruncated() {
        List<Alert> alerts = java.util.stream.IntStream.range(0, 5)
                .mapToObj(i -> TestAlerts.firing("Many", Severity.WARNING, Map.of("i", "" + i), "n" + i))
                .toList();
        WebhookNotifier hook = WebhookNotifier.builder(
                        Secret.of(server.uri("/hook").toString()))
                .maxAlerts(3)
                .build();

        hook.deliver(TestAlerts.notification("ops", alerts));

        Map<String, Object> body = JsonTree.object(server.bodies().get(0));
        assertThat(body).containsEntry("truncatedAlerts", 2L);
        assertThat((List<Object>) body.get("alerts")).hasSize(3);
    }

    @Test
    void classifiesStatusesLikeAlertmanagerAndHonoursRetryAfter() {
        WebhookNotifier hook = WebhookNotifier.of(Secret.of(server.uri("/hook").toString()));
        server.respond(500)
                .respond(503, Map.of("Retry-After", "7"))
                .respond(429, Map.of("Retry-After", "2"))
                .respond(404)
                .respond(400);

        assertThat(hook.deliver(firing("A", "a"))).isEqualTo(DeliveryResult.retry("HTTP 500: error"));
        assertThat(hook.deliver(firing("A", "a")))
                .isEqualTo(DeliveryResult.retryAfter("HTTP 503: error", Duration.ofSeconds(7)));
        assertThat(hook.deliver(firing("A", "a")))
                .isEqualTo(DeliveryResult.retryAfter("HTTP 429: error", Duration.ofSeconds(2)));
        assertThat(hook.deliver(firing("A", "a"))).isEqualTo(DeliveryResult.permanentFailure("HTTP 404: error"));
        assertThat(hook.deliver(firing("A", "a"))).isEqualTo(DeliveryResult.permanentFailure("HTTP 400: error"));
    }

    @Test
    void readsRetryAfterAsSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        assertThat(HttpPost.parseRetryAfter("120", now)).contains(Duration.ofMinutes(2));
        assertThat(HttpPost.parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now))
                .contains(Duration.ofSeconds(30));
        assertThat(HttpPost.parseRetryAfter("soon", now)).isEmpty();
        assertThat(HttpPost.parseRetryAfter("-1", now)).isEmpty();
    }

    @Test
    void refusesAUrlThatIsNotHttpWithoutQuotingIt() {
        assertThatThrownBy(() -> WebhookNotifier.of(Secret.of("ftp://secret-host/path")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("url")
                .hasMessageNotContaining("secret-host");
    }

    @Test
    void refusesHeadersTheHttpClientWouldRejectAtSendTime() {
        assertThatThrownBy(() -> WebhookNotifier.builder(
                                Secret.of(server.uri("/hook").toString()))
                        .header("Host", "x"))
                .hasMessage("header name not allowed: 'Host'");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFingerprintIsAlertmanagersAndNamesAreInItsForm() {
        // Alertmanager 0.25 gives {alertname="A",team="ops.x"} the fingerprint 8f5cb622b1ca847c
        Alert a = TestAlerts.firing("A", Severity.CRITICAL, Map.of(), "a");
        Alert plain = a.toBuilder()
                .labels(Map.of("alertname", "A", "team", "ops.x"))
                .annotations(Map.of("runbook-url", "http://runbooks/a"))
                .report(null)
                .build();
        WebhookNotifier hook = WebhookNotifier.builder(
                        Secret.of(server.uri("/hook").toString()))
                .build();

        hook.deliver(TestAlerts.notification("ops", plain));

        Map<String, Object> alert = ((List<Map<String, Object>>)
                        JsonTree.object(server.requests().get(0).body()).get("alerts"))
                .get(0);
        assertThat(alert).containsEntry("fingerprint", "8f5cb622b1ca847c");
        assertThat((Map<String, Object>) alert.get("annotations")).containsOnlyKeys("runbook_url");
        assertThat(plain.fingerprint()).isNotEqualTo("8f5cb622b1ca847c");
    }

    @Test
    void urlsThatAreNotUrisFailAtBuild() {
        var builder = WebhookNotifier.builder(Secret.of(server.uri("/hook").toString()));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder.externalUrl("app status"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("externalUrl")
                .hasMessageContaining("'app status'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder.generatorUrl("/relative"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("generatorUrl")
                .hasMessageContaining("'/relative'");
    }
}

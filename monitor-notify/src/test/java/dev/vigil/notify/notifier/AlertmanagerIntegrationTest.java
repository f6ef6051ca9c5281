package dev.vigil.notify.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEvent;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Notifications;
import dev.vigil.notify.testkit.JsonTree;
import dev.vigil.notify.testkit.TestAlerts;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real Alertmanager from Debian's {@code prometheus-alertmanager}; skipped without it. */
class AlertmanagerIntegrationTest {

    private static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path dir;

    private static Process alertmanager;
    private static URI base;

    @BeforeAll
    static void startAlertmanager() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(BINARY), "prometheus-alertmanager is not installed");
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, """
                route:
                  receiver: blackhole
                  group_by: ['alertname']
                receivers:
                  - name: blackhole
                """);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        base = URI.create("http://127.0.0.1:" + port);
        alertmanager = new ProcessBuilder(
                        BINARY.toString(),
                        "--config.file=" + config,
                        "--storage.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--cluster.listen-address=")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("alertmanager.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> get("/-/ready").statusCode() == 200);
    }

    @AfterAll
    static void stopAlertmanager() throws InterruptedException {
        if (alertmanager != null) {
            alertmanager.destroy();
            if (!alertmanager.waitFor(10, TimeUnit.SECONDS)) {
                alertmanager.destroyForcibly();
            }
        }
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> alertsNamed(String name) throws Exception {
        HttpResponse<String> response = get("/api/v2/alerts");
        assertThat(response.statusCode()).isEqualTo(200);
        return JsonTree.array(response.body()).stream()
                .map(o -> (Map<String, Object>) o)
                .filter(a -> name.equals(((Map<String, Object>) a.get("labels")).get("alertname")))
                .toList();
    }

    private static Alert alert(String name) {
        return TestAlerts.firing(
                name,
                Severity.CRITICAL,
                Map.of("service", "checkout"),
                name + " summary",
                Instant.now().minusSeconds(60));
    }

    @Test
    @SuppressWarnings("unchecked")
    void alertsPostedThroughNotificationsAppearWithTheirLabels() throws Exception {
        AlertmanagerNotifier am = AlertmanagerNotifier.builder(base)
                .generatorUrl("http://app:8080/vigil")
                .build();
        Alert alert = alert("VigilIntegrationFiring");
        try (Notifications notifications = Notifications.builder()
                .route(am.route())
                .flushEvery(Duration.ZERO)
                .build()) {
            notifications.onEvent(new AlertEvent.Fired(alert, Instant.now()));
            notifications.poll();

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> alertsNamed("VigilIntegrationFiring").size() == 1);
        }
        Map<String, Object> held = alertsNamed("VigilIntegrationFiring").get(0);
        assertThat((Map<String, Object>) held.get("labels"))
                .isEqualTo(
                        Map.of("alertname", "VigilIntegrationFiring", "severity", "critical", "service", "checkout"));
        assertThat((Map<String, Object>) held.get("annotations"))
                .containsEntry("summary", "VigilIntegrationFiring summary");
        assertThat(held).containsEntry("generatorURL", "http://app:8080/vigil");
        assertThat((Map<String, Object>) held.get("status")).containsEntry("state", "active");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aResolvedAlertIsNoLongerActive() throws Exception {
        AlertmanagerNotifier am = AlertmanagerNotifier.builder(base).build();
        Alert alert = alert("VigilIntegrationResolved");
        assertThat(am.deliver(TestAlerts.notification("alertmanager", alert)))
                .isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(alertsNamed("VigilIntegrationResolved")).hasSize(1);

        Alert resolved = TestAlerts.resolved(alert, Instant.now().minusSeconds(1));
        assertThat(am.deliver(TestAlerts.notification("alertmanager", resolved)))
                .isInstanceOf(DeliveryResult.Delivered.class);

        List<Map<String, Object>> after = alertsNamed("VigilIntegrationResolved");
        assertThat(after)
                .allSatisfy(a -> assertThat(((Map<String, Object>) a.get("status")).get("state"))
                        .isNotEqualTo("active"));
    }

    @Test
    void twoInstancesPostingTheSameAlertGiveOneAlert() throws Exception {
        AlertmanagerNotifier first = AlertmanagerNotifier.builder(base).build();
        AlertmanagerNotifier second = AlertmanagerNotifier.builder(base).build();
        Alert alert = alert("VigilIntegrationShared");

        assertThat(first.deliver(TestAlerts.notification("a", alert))).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(second.deliver(TestAlerts.notification("b", alert))).isInstanceOf(DeliveryResult.Delivered.class);

        assertThat(alertsNamed("VigilIntegrationShared")).hasSize(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void namesAlertmanagerWouldRejectArriveInItsFormAndItsFingerprintIsOurs() throws Exception {
        AlertmanagerNotifier am = AlertmanagerNotifier.builder(base).build();
        Alert alert = TestAlerts.withAnnotations(
                TestAlerts.firing(
                        "VigilIntegrationNames",
                        Severity.CRITICAL,
                        Map.of("client.name", "api", "pool-id", "7"),
                        "pool",
                        Instant.now().minusSeconds(60)),
                Map.of("runbook-url", "http://runbooks/pool", "summary", "pool"));

        assertThat(am.deliver(TestAlerts.notification("alertmanager", alert)))
                .isInstanceOf(DeliveryResult.Delivered.class);

        Map<String, Object> held = alertsNamed("VigilIntegrationNames").get(0);
        assertThat((Map<String, Object>) held.get("labels"))
                .containsEntry("client_name", "api")
                .containsEntry("pool_id", "7");
        assertThat((Map<String, Object>) held.get("annotations")).containsEntry("runbook_url", "http://runbooks/pool");
        assertThat(held.get("fingerprint"))
                .isEqualTo(dev.vigil.notify.AlertmanagerIdentity.fingerprint(alert.labels()));
    }

    @Test
    void alertmanagersExplanationOfARejectedAlertIsKeptInThePermanentFailure() {
        AlertmanagerNotifier am = AlertmanagerNotifier.builder(base).build();
        // Vigil maps label names to Alertmanager's form, so make it refuse something else: an alert
        // that starts a day after the endsAt its resend interval gives it ("start time must be before end time")
        Alert invalid = TestAlerts.firing(
                "VigilInvalidLabel",
                Severity.CRITICAL,
                Map.of("bad-name", "x"),
                "s",
                Instant.now().plus(java.time.Duration.ofDays(1)));

        dev.vigil.notify.DeliveryResult result = am.deliver(TestAlerts.notification("alertmanager", invalid));

        assertThat(result).isInstanceOf(dev.vigil.notify.DeliveryResult.PermanentFailure.class);
        assertThat(((dev.vigil.notify.DeliveryResult.PermanentFailure) result).reason())
                .startsWith("HTTP 400: ")
                .contains("start time must be before end time")
                .doesNotContain("\n");
    }
}

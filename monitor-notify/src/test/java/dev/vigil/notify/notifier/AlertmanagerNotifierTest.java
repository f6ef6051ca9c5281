package dev.vigil.notify.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.Severity;
import dev.vigil.core.time.ManualClock;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.testkit.JsonTree;
import dev.vigil.notify.testkit.LoopbackHttpReceiver;
import dev.vigil.notify.testkit.NotifierCompatibilityKit;
import dev.vigil.notify.testkit.TestAlerts;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlertmanagerNotifierTest extends NotifierCompatibilityKit {

    private final LoopbackHttpReceiver server = LoopbackHttpReceiver.start();
    private final ManualClock clock = ManualClock.at(Instant.parse("2026-01-01T00:02:00Z"));

    @AfterEach
    void stop() {
        server.close();
    }

    @Override
    protected Notifier notifier(Duration timeout) {
        return AlertmanagerNotifier.builder(server.uri("/")).clock(clock).timeout(timeout).build();
    }

    @Override
    protected Notifier notifierAt(InetSocketAddress silent, Duration timeout) {
        return AlertmanagerNotifier.builder(URI.create("http://127.0.0.1:" + silent.getPort())).timeout(timeout).build();
    }

    @Override
    protected List<String> received() {
        return server.bodies();
    }

    @Test
    void aRetryAfterDateIsReadAgainstTheInjectedClock() {
        server.respond(503, Map.of("Retry-After", "Thu, 01 Jan 2026 00:04:30 GMT"));
        Alert disk = TestAlerts.firing("DiskFull", Severity.CRITICAL, Map.of(), "full");

        var result = notifier(Duration.ofSeconds(2)).deliver(TestAlerts.notification("am", disk));

        assertThat(result).isEqualTo(dev.vigil.notify.DeliveryResult.retryAfter("HTTP 503: error", Duration.ofSeconds(150)));
    }

    @Test
    void credentialsAndTokensInTheUrlAreNeverPrinted() {
        AlertmanagerNotifier am = AlertmanagerNotifier.builder(
                URI.create("https://ops:pa55w0rd@am.example:9093/base?token=s3cret#anch0r")).build();

        assertThat(am.toString()).contains("am.example:9093").doesNotContain("pa55w0rd", "ops:", "s3cret", "anch0r");
        assertThatThrownBy(() -> AlertmanagerNotifier.builder(URI.create("ftp://ops:pa55w0rd@am.example/?token=s3cret")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("baseUrl").hasMessageContaining("ftp://am.example")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pa55w0rd", "s3cret"));
    }

    @Test
    void aFlappingAnnouncementDoesNotEndTheAlertInAlertmanager() {
        server.byDefault(200, Duration.ZERO);
        Alert cooled = TestAlerts.resolved(TestAlerts.firing("Hot", Severity.CRITICAL, Map.of(), "hot"), TestAlerts.T0);

        var result = notifier(Duration.ofSeconds(2)).deliver(
                TestAlerts.announcement("am", dev.vigil.notify.Notification.Kind.FLAPPING_STOPPED, cooled));

        assertThat(result).isEqualTo(dev.vigil.notify.DeliveryResult.delivered());
        assertThat(server.bodies()).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void postsAnArrayOfAlertsWithEndsAtAheadWhileFiringAndAtResolutionWhenResolved() {
        Alert disk = TestAlerts.firing("DiskFull", Severity.CRITICAL, Map.of("mount", "/data"), "95% full");
        Alert heap = TestAlerts.resolved(TestAlerts.firing("HeapHigh", Severity.WARNING, Map.of(), "heap"),
                Instant.parse("2026-01-01T00:01:30Z"));
        AlertmanagerNotifier am = AlertmanagerNotifier.builder(server.uri("")).clock(clock)
                .generatorUrl("http://app:8080/vigil").build();

        am.deliver(TestAlerts.notification("alertmanager", disk, heap));

        LoopbackHttpReceiver.Request request = server.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/v2/alerts");
        List<Object> alerts = JsonTree.array(request.body());
        assertThat(alerts).hasSize(2);
        Map<String, Object> first = (Map<String, Object>) alerts.get(0);
        assertThat(first).containsOnlyKeys("labels", "annotations", "startsAt", "endsAt", "generatorURL");
        assertThat(first).containsEntry("labels", Map.of("alertname", "DiskFull", "severity", "critical", "mount", "/data"))
                .containsEntry("startsAt", "2026-01-01T00:00:00Z")
                .containsEntry("endsAt", "2026-01-01T00:06:00Z")
                .containsEntry("generatorURL", "http://app:8080/vigil");
        assertThat((Map<String, Object>) first.get("annotations")).containsEntry("summary", "95% full");
        assertThat((Map<String, Object>) alerts.get(1)).containsEntry("endsAt", "2026-01-01T00:01:30Z");
    }

    @Test
    void offersARouteThatResendsEveryResendIntervalPerAlert() {
        AlertmanagerNotifier am = AlertmanagerNotifier.builder(server.uri("")).resendInterval(Duration.ofSeconds(30)).build();

        var route = am.route();

        assertThat(route.receivers()).containsExactly(am);
        assertThat(route.groupByLabels()).contains(List.of("..."));
        assertThat(route.repeatIntervalSetting()).contains(Duration.ofSeconds(30));
        assertThat(route.groupWaitSetting()).contains(Duration.ZERO);
        assertThat(route.repeatWhileAcknowledgedSetting()).contains(true);
    }

    @Override
    protected int requestsForAlerts(int alerts) {
        return (alerts + AlertmanagerNotifier.MAX_ALERTS_PER_REQUEST - 1) / AlertmanagerNotifier.MAX_ALERTS_PER_REQUEST;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aGroupLargerThanPrometheusBatchSizeGoesInSeveralRequestsEachAlertOnce() {
        List<dev.vigil.alerts.Alert> alerts = java.util.stream.IntStream.range(0, 600)
                .mapToObj(i -> TestAlerts.firing("Many", dev.vigil.alerts.Severity.WARNING,
                        Map.of("i", Integer.toString(i)), "s"))
                .toList();

        DeliveryResult result = AlertmanagerNotifier.builder(server.uri("/")).build()
                .deliver(TestAlerts.notification("alertmanager", alerts));

        assertThat(result).isEqualTo(DeliveryResult.delivered());
        List<Integer> sizes = server.bodies().stream().map(b -> JsonTree.array(b).size()).toList();
        assertThat(sizes).containsExactly(256, 256, 88);
        assertThat(server.bodies().stream().flatMap(b -> JsonTree.array(b).stream())
                .map(a -> ((Map<String, Object>) ((Map<String, Object>) a).get("labels")).get("i")).distinct())
                .hasSize(600);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAlertLargerThanTheRequestLimitHasItsAnnotationsCutWithACount() {
        dev.vigil.alerts.Alert big = TestAlerts.withAnnotations(
                TestAlerts.firing("Big", dev.vigil.alerts.Severity.CRITICAL, Map.of("instance", "a"), "s"),
                Map.of("summary", "s", "description", "d".repeat(3_000_000)));

        DeliveryResult result = AlertmanagerNotifier.builder(server.uri("/")).maxRequestBytes(1024 * 1024).build()
                .deliver(TestAlerts.notification("alertmanager", big));

        assertThat(result).isEqualTo(DeliveryResult.delivered());
        String body = server.bodies().get(0);
        assertThat(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024 * 1024);
        Map<String, Object> sent = (Map<String, Object>) JsonTree.array(body).get(0);
        assertThat((Map<String, Object>) sent.get("labels")).containsEntry("instance", "a");
        assertThat((String) ((Map<String, Object>) sent.get("annotations")).get("description"))
                .startsWith("ddd").endsWith(" more characters]");
    }

    @Test
    void aFailedBatchFailsTheNotificationSoItIsRetriedWhole() {
        List<dev.vigil.alerts.Alert> alerts = java.util.stream.IntStream.range(0, 300)
                .mapToObj(i -> TestAlerts.firing("Many", dev.vigil.alerts.Severity.WARNING,
                        Map.of("i", Integer.toString(i)), "s"))
                .toList();
        server.respond(200).respond(503);

        DeliveryResult result = AlertmanagerNotifier.builder(server.uri("/")).build()
                .deliver(TestAlerts.notification("alertmanager", alerts));

        assertThat(result).isEqualTo(DeliveryResult.retry("HTTP 503: error"));
        assertThat(server.requests()).hasSize(2);
    }
}

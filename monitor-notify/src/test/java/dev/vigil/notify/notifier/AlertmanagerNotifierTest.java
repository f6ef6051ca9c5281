package dev.vigil.notify.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.core.time.ManualClock;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.Timings;
import dev.vigil.notify.testkit.JsonTree;
import dev.vigil.notify.testkit.LoopbackHttpReceiver;
import dev.vigil.notify.testkit.TestAlerts;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlertmanagerNotifierTest {

    private final LoopbackHttpReceiver server = LoopbackHttpReceiver.start();
    private final ManualClock clock = ManualClock.at(Instant.parse("2026-01-01T00:02:00Z"));

    @AfterEach
    void stop() {
        server.close();
    }

    private Notifier notifier(Duration timeout) {
        return AlertmanagerNotifier.builder(server.uri("/"))
                .clock(clock)
                .timeout(timeout)
                .build();
    }

    @Test
    void aRetryAfterDateIsReadAgainstTheInjectedClock() {
        server.respond(503, Map.of("Retry-After", "Thu, 01 Jan 2026 00:04:30 GMT"));
        Alert disk = TestAlerts.firing("DiskFull", Severity.CRITICAL, Map.of(), "full");

        var result = notifier(Duration.ofSeconds(2)).deliver(TestAlerts.notification("am", disk));

        assertThat(result)
                .isEqualTo(dev.vigil.notify.DeliveryResult.retryAfter("HTTP 503: error", Duration.ofSeconds(150)));
    }

    @Test
    void credentialsAndTokensInTheUrlAreNeverPrinted() {
        AlertmanagerNotifier am = AlertmanagerNotifier.builder(
                        URI.create("https://ops:pa55w0rd@am.example:9093/base?token=s3cret#anch0r"))
                .build();

        assertThat(am.toString()).contains("am.example:9093").doesNotContain("pa55w0rd", "ops:", "s3cret", "anch0r");
        assertThatThrownBy(
                        () -> AlertmanagerNotifier.builder(URI.create("ftp://ops:pa55w0rd@am.example/?token=s3cret")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("baseUrl")
                .hasMessageContaining("ftp://am.example")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pa55w0rd", "s3cret"));
    }

    @Test
    void aFlappingAnnouncementDoesNotEndTheAlertInAlertmanager() {
        server.byDefault(200, Duration.ZERO);
        Alert cooled = TestAlerts.resolved(TestAlerts.firing("Hot", Severity.CRITICAL, Map.of(), "hot"), TestAlerts.T0);

        var result = notifier(Duration.ofSeconds(2))
                .deliver(TestAlerts.announcement("am", dev.vigil.notify.Notification.Kind.FLAPPING_STOPPED, cooled));

        assertThat(result).isEqualTo(dev.vigil.notify.DeliveryResult.delivered());
        assertThat(server.bodies()).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void postsAnArrayOfAlertsWithEndsAtAheadWhileFiringAndAtResolutionWhenResolved() {
        Alert disk = TestAlerts.firing("DiskFull", Severity.CRITICAL, Map.of("mount", "/data"), "95% full");
        Alert heap = TestAlerts.resolved(
                TestAlerts.firing("HeapHigh", Severity.WARNING, Map.of(), "heap"),
                Instant.parse("2026-01-01T00:01:30Z"));
        AlertmanagerNotifier am = AlertmanagerNotifier.builder(server.uri(""))
                .clock(clock)
                .generatorUrl("http://app:8080/vigil")
                .build();

        am.deliver(TestAlerts.notification("alertmanager", disk, heap));

        LoopbackHttpReceiver.Request request = server.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/v2/alerts");
        List<Object> alerts = JsonTree.array(request.body());
        assertThat(alerts).hasSize(2);
        Map<String, Object> first = (Map<String, Object>) alerts.get(0);
        assertThat(first).containsOnlyKeys("labels", "annotations", "startsAt", "endsAt", "generatorURL");
        assertThat(first)
                .containsEntry("labels", Map.of("alertname", "DiskFull", "severity", "critical", "mount", "/data"))
                .containsEntry("startsAt", "2026-01-01T00:00:00Z")
                .containsEntry("endsAt", "2026-01-01T00:06:00Z")
                .containsEntry("generatorURL", "http://app:8080/vigil");
        assertThat((Map<String, Object>) first.get("annotations")).containsEntry("summary", "95% full");
        assertThat((Map<String, Object>) alerts.get(1)).containsEntry("endsAt", "2026-01-01T00:01:30Z");
    }

    @Test
    void offersAStateSynchronisingRouteWithOneReceiverPerPeer() {
        AlertmanagerNotifier am = AlertmanagerNotifier.builder(
                        URI.create("http://am-0:9093"), URI.create("http://am-1:9093"))
                .resendInterval(Duration.ofSeconds(30))
                .build();

        var route = am.route();

        assertThat(route.synchronizesState()).isTrue();
        assertThat(route.receivers()).hasSize(2).isEqualTo(am.peers());
        assertThat(route.receivers())
                .extracting(Notifier::name)
                .containsExactly("alertmanager[am-0:9093]", "alertmanager[am-1:9093]");
        assertThat(route.settings(new dev.vigil.notify.RouteSettings(
                                List.of(),
                                Timings.alertmanagerDefaults().withGroupInterval(Duration.ofMinutes(7)),
                                true,
                                false))
                        .timings()
                        .groupInterval())
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aGeneratorUrlThatIsNotAUriFailsAtBuild() {
        var builder = AlertmanagerNotifier.builder(server.uri(""));
        assertThatThrownBy(() -> builder.generatorUrl("app:8080 /vigil"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("generatorUrl")
                .hasMessageContaining("'app:8080 /vigil'");
        assertThatThrownBy(() -> builder.generatorUrl("vigil/status"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'vigil/status'");
        assertThatThrownBy(() -> AlertmanagerNotifier.builder(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("peers");
    }

    @Test
    @SuppressWarnings("unchecked")
    void namesAlertmanagerWouldRejectAreSentInItsForm() {
        Alert pool = TestAlerts.firing(
                "PoolExhausted",
                Severity.CRITICAL,
                Map.of("pool-id", "7", "client.name", "api", "client_name", "batch"),
                "no connections");
        AlertmanagerNotifier am =
                AlertmanagerNotifier.builder(server.uri("")).clock(clock).build();

        am.deliver(TestAlerts.notification(
                "alertmanager",
                TestAlerts.withAnnotations(
                        pool, Map.of("runbook-url", "http://runbooks/pool", "summary", "no connections"))));

        Map<String, Object> sent = (Map<String, Object>)
                JsonTree.array(server.requests().get(0).body()).get(0);
        assertThat((Map<String, Object>) sent.get("labels"))
                .containsOnly(
                        Map.entry("alertname", "PoolExhausted"),
                        Map.entry("severity", "critical"),
                        Map.entry("pool_id", "7"),
                        Map.entry("client_name", "batch"),
                        Map.entry("client_name_2", "api"));
        assertThat((Map<String, Object>) sent.get("annotations")).containsOnlyKeys("runbook_url", "summary");
    }

    @Test
    void everyPeerGetsTheAlertsAndADeadOneDoesNotStopTheOthers() {
        try (LoopbackHttpReceiver second = LoopbackHttpReceiver.start()) {
            AlertmanagerNotifier am = AlertmanagerNotifier.builder(
                            URI.create("http://127.0.0.1:1"), server.uri(""), second.uri(""))
                    .clock(clock)
                    .timeout(Duration.ofSeconds(2))
                    .build();
            Alert disk = TestAlerts.firing("DiskFull", Severity.CRITICAL, Map.of(), "full");

            var result = am.deliver(TestAlerts.notification("alertmanager", disk));

            assertThat(result).isEqualTo(dev.vigil.notify.DeliveryResult.delivered());
            assertThat(server.bodies()).hasSize(1);
            assertThat(second.bodies()).hasSize(1).isEqualTo(server.bodies());
        }
    }

    @Test
    void throughItsRouteAHangingPeerNeverDelaysTheOthers() throws Exception {
        try (dev.vigil.notify.testkit.SilentEndpoint silent = dev.vigil.notify.testkit.SilentEndpoint.start();
                LoopbackHttpReceiver second = LoopbackHttpReceiver.start()) {
            AlertmanagerNotifier am = AlertmanagerNotifier.builder(
                            URI.create("http://127.0.0.1:" + silent.address().getPort()),
                            server.uri(""),
                            second.uri(""))
                    .timeout(Duration.ofSeconds(60))
                    .build();
            try (dev.vigil.notify.Notifications n = dev.vigil.notify.Notifications.builder()
                    .route(am.route())
                    .flushEvery(Duration.ZERO)
                    .closeTimeout(Duration.ZERO)
                    .build()) {
                long start = System.nanoTime();
                for (int i = 0; i < 3; i++) {
                    Alert alert = TestAlerts.firing("Hang" + i, Severity.CRITICAL, Map.of(), "x", Instant.now());
                    n.onEvent(new dev.vigil.alerts.AlertEvent.Fired(alert, Instant.now()));
                    n.poll(); // three flushes, three requests queued behind the hanging one
                }

                org.awaitility.Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .until(() ->
                                server.bodies().size() == 3 && second.bodies().size() == 3);
                // the silent peer holds its own queue for its 60 s timeout; the others were not held
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aGroupLargerThanPrometheusBatchSizeGoesInSeveralRequestsEachAlertOnce() {
        List<dev.vigil.alerts.Alert> alerts = java.util.stream.IntStream.range(0, 600)
                .mapToObj(i -> TestAlerts.firing(
                        "Many", dev.vigil.alerts.rule.Severity.WARNING, Map.of("i", Integer.toString(i)), "s"))
                .toList();

        DeliveryResult result = AlertmanagerNotifier.builder(server.uri("/"))
                .build()
                .deliver(TestAlerts.notification("alertmanager", alerts));

        assertThat(result).isEqualTo(DeliveryResult.delivered());
        List<Integer> sizes =
                server.bodies().stream().map(b -> JsonTree.array(b).size()).toList();
        assertThat(sizes).containsExactly(256, 256, 88);
        assertThat(server.bodies().stream()
                        .flatMap(b -> JsonTree.array(b).stream())
                        .map(a -> ((Map<String, Object>) ((Map<String, Object>) a).get("labels")).get("i"))
                        .distinct())
                .hasSize(600);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAlertLargerThanTheRequestLimitHasItsAnnotationsCutWithACount() {
        dev.vigil.alerts.Alert big = TestAlerts.withAnnotations(
                TestAlerts.firing("Big", dev.vigil.alerts.rule.Severity.CRITICAL, Map.of("instance", "a"), "s"),
                Map.of("summary", "s", "description", "d".repeat(3_000_000)));

        DeliveryResult result = AlertmanagerNotifier.builder(server.uri("/"))
                .maxRequestBytes(1024 * 1024)
                .build()
                .deliver(TestAlerts.notification("alertmanager", big));

        assertThat(result).isEqualTo(DeliveryResult.delivered());
        String body = server.bodies().get(0);
        assertThat(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(1024 * 1024);
        Map<String, Object> sent = (Map<String, Object>) JsonTree.array(body).get(0);
        assertThat((Map<String, Object>) sent.get("labels")).containsEntry("instance", "a");
        assertThat((String) ((Map<String, Object>) sent.get("annotations")).get("description"))
                .startsWith("ddd")
                .endsWith(" more characters]");
    }

    @Test
    void aFailedBatchFailsTheNotificationSoItIsRetriedWhole() {
        List<dev.vigil.alerts.Alert> alerts = java.util.stream.IntStream.range(0, 300)
                .mapToObj(i -> TestAlerts.firing(
                        "Many", dev.vigil.alerts.rule.Severity.WARNING, Map.of("i", Integer.toString(i)), "s"))
                .toList();
        server.respond(200).respond(503);

        DeliveryResult result = AlertmanagerNotifier.builder(server.uri("/"))
                .build()
                .deliver(TestAlerts.notification("alertmanager", alerts));

        assertThat(result).isEqualTo(DeliveryResult.retry("HTTP 503: error"));
        assertThat(server.requests()).hasSize(2);
    }
}

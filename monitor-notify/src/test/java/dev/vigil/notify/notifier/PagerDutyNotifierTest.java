package dev.vigil.notify.notifier;

import static dev.vigil.notify.notifier.SampleNotifications.firing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Secret;
import dev.vigil.notify.testkit.JsonTree;
import dev.vigil.notify.testkit.LoopbackHttpReceiver;
import dev.vigil.notify.testkit.TestAlerts;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PagerDutyNotifierTest {

    private final LoopbackHttpReceiver server = LoopbackHttpReceiver.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private PagerDutyNotifier.Builder pd() {
        return PagerDutyNotifier.builder(Secret.of("R0UT1NGKEY"))
                .endpoint(server.uri("/v2/enqueue"))
                .source("app-1");
    }

    @Test
    void aFlappingAnnouncementNeitherTriggersNorResolvesTheIncident() {
        server.byDefault(202, Duration.ZERO);
        Alert cooled = TestAlerts.resolved(TestAlerts.firing("Hot", Severity.CRITICAL, Map.of(), "hot"), TestAlerts.T0);

        DeliveryResult result =
                pd().build().deliver(TestAlerts.announcement("pagerduty", Notification.Kind.FLAPPING_STARTED, cooled));

        assertThat(result).isEqualTo(DeliveryResult.delivered());
        assertThat(server.bodies()).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void triggersWithTheEventsApiV2Shape() {
        Alert disk = TestAlerts.firing("DiskFull", Severity.CRITICAL, Map.of("mount", "/data"), "95% full");
        Notification n = TestAlerts.notification("pagerduty", disk);

        assertThat(pd().build().deliver(n)).isInstanceOf(DeliveryResult.Delivered.class);

        LoopbackHttpReceiver.Request request = server.requests().get(0);
        assertThat(request.path()).isEqualTo("/v2/enqueue");
        Map<String, Object> event = JsonTree.object(request.body());
        assertThat(event).containsOnlyKeys("routing_key", "event_action", "dedup_key", "client", "payload");
        assertThat(event)
                .containsEntry("routing_key", "R0UT1NGKEY")
                .containsEntry("event_action", "trigger")
                .containsEntry("dedup_key", n.dedupKey())
                .containsEntry("client", "Vigil");
        Map<String, Object> payload = (Map<String, Object>) event.get("payload");
        assertThat(payload)
                .containsOnlyKeys("summary", "source", "severity", "timestamp", "group", "class", "custom_details");
        assertThat(payload)
                .containsEntry("summary", "[FIRING:1] DiskFull: 95% full")
                .containsEntry("source", "app-1")
                .containsEntry("severity", "critical")
                .containsEntry("timestamp", "2026-01-01T00:00:00Z")
                .containsEntry("class", "DiskFull");
        assertThat((Map<String, Object>) payload.get("custom_details"))
                .containsEntry("num_firing", 1L)
                .containsEntry("report", "load 1.0, heap 50%");
    }

    @Test
    void resolvesWithTheSameDedupKey() {
        Alert disk = TestAlerts.firing("DiskFull", Severity.WARNING, Map.of(), "80% full");
        Notification fired = TestAlerts.notification("pagerduty", disk);
        Notification resolved =
                TestAlerts.notification("pagerduty", TestAlerts.resolved(disk, Instant.parse("2026-01-01T00:30:00Z")));
        PagerDutyNotifier notifier = pd().build();

        notifier.deliver(fired);
        notifier.deliver(resolved);

        Map<String, Object> trigger = JsonTree.object(server.bodies().get(0));
        Map<String, Object> resolve = JsonTree.object(server.bodies().get(1));
        assertThat(trigger).containsEntry("event_action", "trigger");
        assertThat(trigger.get("payload").toString()).contains("severity=warning");
        assertThat(resolve)
                .containsOnlyKeys("routing_key", "event_action", "dedup_key")
                .containsEntry("event_action", "resolve")
                .containsEntry("dedup_key", trigger.get("dedup_key"));
        assertThat((String) resolve.get("dedup_key")).hasSizeLessThanOrEqualTo(PagerDutyNotifier.MAX_DEDUP_KEY_CHARS);
    }

    @Test
    @SuppressWarnings("unchecked")
    void cutsTheSummaryAndTrimsCustomDetailsOfAnOversizedEventWithACount() {
        // every alert carries the same 600,000-character description: the common annotations alone
        // are over the limit, whatever the (bounded) text of the alerts
        Map<String, String> annotations = Map.of("summary", "y".repeat(5000), "description", "z".repeat(600_000));
        List<Alert> alerts = java.util.stream.IntStream.range(0, 300)
                .mapToObj(i -> TestAlerts.withAnnotations(
                        TestAlerts.firing("Huge", Severity.CRITICAL, Map.of("i", "" + i), "s"), annotations))
                .toList();
        Notification n = Notification.builder("pagerduty", "{}:{alertname=\"Huge\"}")
                .groupLabels(Map.of("alertname", "Huge"))
                .alerts(alerts)
                .time(TestAlerts.T0)
                .build();

        assertThat(pd().build().deliver(n)).isInstanceOf(DeliveryResult.Delivered.class);

        String body = server.bodies().get(0);
        assertThat(body.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(PagerDutyNotifier.MAX_EVENT_BYTES);
        Map<String, Object> payload =
                (Map<String, Object>) JsonTree.object(body).get("payload");
        Map<String, Object> details = (Map<String, Object>) payload.get("custom_details");
        assertThat(details)
                .containsEntry("truncated", "details cut to fit 512000 bytes")
                .containsEntry("num_firing", 300L);
        Map<String, Object> common = (Map<String, Object>) details.get("common_annotations");
        assertThat((String) common.get("description")).matches("(?s)z+… \\[\\d+ more characters]");
        assertThat((String) details.get("firing")).startsWith("[CRITICAL] Huge: yyy");
        assertThat((String) payload.get("summary"))
                .hasSize(PagerDutyNotifier.MAX_SUMMARY_CHARS)
                .endsWith(" more characters]");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTwoMegabyteLabelGroupedByAllLabelsStillPagesWithinPagerDutysLimits() {
        server.byDefault(202, Duration.ZERO);
        dev.vigil.core.time.ManualClock clock = dev.vigil.core.time.ManualClock.create();
        String huge = "v".repeat(2_000_000);
        try (dev.vigil.notify.Notifications n = dev.vigil.notify.Notifications.builder()
                .clock(clock)
                .flushEvery(Duration.ZERO)
                .groupBy(dev.vigil.notify.Route.ALL_LABELS)
                .timings(dev.vigil.notify.Timings.embeddedDefaults().withGroupWait(Duration.ZERO))
                .route(dev.vigil.notify.Route.all().to(pd().build()))
                .build()) {
            n.onEvent(new dev.vigil.alerts.AlertEvent.Fired(
                    TestAlerts.firing("Huge", Severity.CRITICAL, Map.of("blob", huge), "s"), clock.now()));
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> server.requests().size() == 1);
        }

        String body = server.bodies().get(0);
        assertThat(body.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(PagerDutyNotifier.MAX_EVENT_BYTES);
        Map<String, Object> event = JsonTree.object(body);
        assertThat(event).containsEntry("event_action", "trigger");
        Map<String, Object> payload = (Map<String, Object>) event.get("payload");
        assertThat((String) payload.get("summary"))
                .hasSizeLessThanOrEqualTo(PagerDutyNotifier.MAX_SUMMARY_CHARS)
                .startsWith("[FIRING:1] Huge ")
                .contains(" more characters]");
        assertThat((String) payload.get("group")).hasSize(PagerDutyNotifier.MAX_FIELD_CHARS);
        Map<String, Object> details = (Map<String, Object>) payload.get("custom_details");
        assertThat(details).containsEntry("truncated", "details cut to fit 512000 bytes");
        assertThat((String) ((Map<String, Object>) details.get("common_labels")).get("blob"))
                .startsWith("vvvv")
                .endsWith(" more characters]");
    }

    @Test
    void treatsABadRequestAsPermanentAndThrottlingAsRetry() {
        server.respond(400).respond(429);
        PagerDutyNotifier notifier = pd().build();

        assertThat(notifier.deliver(firing("A", "a"))).isInstanceOf(DeliveryResult.PermanentFailure.class);
        assertThat(notifier.deliver(firing("A", "a"))).isInstanceOf(DeliveryResult.Retry.class);
    }

    private static Notification at(Notification n, Instant time) {
        return n.toBuilder().time(time).build();
    }

    @Test
    void aTriggerIsNeverRetriedAfterAResolveForTheSameDedupKeyWasAccepted() {
        PagerDutyNotifier pd = pd().build();
        Alert disk = TestAlerts.firing("Disk", Severity.CRITICAL, Map.of(), "full");
        Notification trigger = at(TestAlerts.notification("pagerduty", disk), TestAlerts.T0);
        Notification resolve = at(
                TestAlerts.notification("pagerduty", TestAlerts.resolved(disk, TestAlerts.T0.plusSeconds(30))),
                TestAlerts.T0.plusSeconds(30));
        server.respond(503).respond(202);

        assertThat(pd.deliver(trigger)).isInstanceOf(DeliveryResult.Retry.class);
        assertThat(pd.deliver(resolve)).isEqualTo(DeliveryResult.delivered());
        // The trigger's retry comes late: it must not reopen the incident.
        assertThat(pd.deliver(trigger))
                .isEqualTo(DeliveryResult.permanentFailure(
                        "trigger superseded: a later resolve for this dedup_key was accepted"));
        assertThat(server.requests()).hasSize(2);

        // The alert firing again later is a new incident, sent as usual.
        server.respond(202);
        assertThat(pd.deliver(at(trigger, TestAlerts.T0.plusSeconds(90)))).isEqualTo(DeliveryResult.delivered());
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void aRejectedResolveDoesNotStopTheTrigger() {
        PagerDutyNotifier pd = pd().build();
        Alert disk = TestAlerts.firing("Disk", Severity.CRITICAL, Map.of(), "full");
        Notification trigger = at(TestAlerts.notification("pagerduty", disk), TestAlerts.T0);
        server.respond(400).respond(202);

        assertThat(pd.deliver(at(
                        TestAlerts.notification("pagerduty", TestAlerts.resolved(disk, TestAlerts.T0)),
                        TestAlerts.T0.plusSeconds(30))))
                .isInstanceOf(DeliveryResult.PermanentFailure.class);
        assertThat(pd.deliver(trigger)).isEqualTo(DeliveryResult.delivered());
    }

    @Test
    void theRoutingKeyEchoedInAnErrorAnswerIsRedacted() throws Exception {
        com.sun.net.httpserver.HttpServer echo = com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        echo.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = "{\"status\":\"invalid event\",\"message\":\"routing_key R0UT1NGKEY is not active\"}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(400, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        echo.start();
        try {
            DeliveryResult result = pd().endpoint(
                            URI.create("http://127.0.0.1:" + echo.getAddress().getPort() + "/v2/enqueue"))
                    .build()
                    .deliver(TestAlerts.notification(
                            "pagerduty", TestAlerts.firing("Disk", Severity.CRITICAL, Map.of(), "full")));

            assertThat(result)
                    .isEqualTo(
                            DeliveryResult.permanentFailure(
                                    "HTTP 400: {\"status\":\"invalid event\",\"message\":\"routing_key (redacted) is not active\"}"));
        } finally {
            echo.stop(0);
        }
    }
}

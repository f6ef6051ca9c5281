package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEvent;
import dev.vigil.alerts.label.LabelMatcher;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.notify.notifier.PagerDutyNotifier;
import dev.vigil.notify.notifier.SlackNotifier;
import dev.vigil.notify.testkit.LoopbackHttpReceiver;
import dev.vigil.notify.testkit.TestAlerts;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingTest {

    private final RecordingNotifier pager = new RecordingNotifier("pager");
    private final RecordingNotifier chat = new RecordingNotifier("chat");
    private final RecordingNotifier audit = new RecordingNotifier("audit");

    private static Timings immediate() {
        return Timings.alertmanagerDefaults().withGroupWait(Duration.ZERO);
    }

    private static Alert alert(String name, Severity severity, Map<String, String> labels) {
        return TestAlerts.firing(name, severity, labels, name);
    }

    @Test
    void theFirstMatchingRouteWins() {
        try (Harness h = new Harness(b -> b.timings(immediate())
                .route(Route.where("severity", "critical").to(pager))
                .route(Route.all().to(chat)))) {
            h.fire(alert("Down", Severity.CRITICAL, Map.of())).fire(alert("Slow", Severity.WARNING, Map.of()));

            assertThat(pager.received())
                    .extracting(n -> n.alerts().get(0).name())
                    .containsExactly("Down");
            assertThat(chat.received())
                    .extracting(n -> n.alerts().get(0).name())
                    .containsExactly("Slow");
        }
    }

    @Test
    void continueMatchingAlsoTriesTheNextRoutes() {
        try (Harness h = new Harness(b -> b.timings(immediate())
                .route(Route.all().to(audit).continueMatching())
                .route(Route.where("severity", "critical").to(pager))
                .route(Route.all().to(chat)))) {
            h.fire(alert("Down", Severity.CRITICAL, Map.of()));

            assertThat(audit.received()).hasSize(1);
            assertThat(pager.received()).hasSize(1);
            assertThat(chat.received()).isEmpty();
        }
    }

    @Test
    void notEqualAndRegexMatchersSelectAlerts() {
        try (Harness h = new Harness(b -> b.timings(immediate())
                .route(Route.whereMatches("alertname", "Disk.*")
                        .and(LabelMatcher.notEqual("mount", "/tmp"))
                        .to(pager))
                .route(Route.matching(LabelMatcher.notRegex("alertname", "Disk.*"))
                        .to(chat)))) {
            h.fire(alert("DiskFull", Severity.WARNING, Map.of("mount", "/data")))
                    .fire(alert("DiskFull", Severity.WARNING, Map.of("mount", "/tmp")))
                    .fire(alert("HeapHigh", Severity.WARNING, Map.of()));

            assertThat(pager.received())
                    .singleElement()
                    .satisfies(n -> assertThat(n.alerts().get(0).labels()).containsEntry("mount", "/data"));
            assertThat(chat.received())
                    .extracting(n -> n.alerts().get(0).name())
                    .containsExactly("HeapHigh");
        }
    }

    @Test
    void unmatchedAlertsGoToTheDefaultReceivers() {
        try (Harness h = new Harness(b -> b.timings(immediate())
                .route(Route.where("team", "db").to(pager))
                .defaultReceivers(chat))) {
            h.fire(alert("Other", Severity.WARNING, Map.of("team", "web")));

            assertThat(pager.received()).isEmpty();
            assertThat(chat.received()).hasSize(1);
        }
    }

    @Test
    void childRoutesInheritGroupingAndTimingsFromTheirParent() {
        try (Harness h = new Harness(b -> b.route(Route.where("team", "db")
                .groupBy("team")
                .groupWait(Duration.ofSeconds(10))
                .child(Route.where("severity", "critical").to(pager))))) {
            h.fire(alert("A", Severity.CRITICAL, Map.of("team", "db")))
                    .fire(alert("B", Severity.CRITICAL, Map.of("team", "db")));
            h.advance(Duration.ofSeconds(9));
            assertThat(pager.received()).isEmpty();

            h.advance(Duration.ofSeconds(1));

            assertThat(pager.received()).singleElement().satisfies(n -> {
                assertThat(n.alerts()).hasSize(2);
                assertThat(n.groupLabels()).isEqualTo(Map.of("team", "db"));
                assertThat(n.groupKey()).isEqualTo("{}/{team=\"db\"}/{severity=\"critical\"}:{team=\"db\"}");
            });
        }
    }

    @Test
    void aSeverityChangeCanMoveAnAlertToAnotherRoute() {
        try (Harness h = new Harness(b -> b.timings(immediate())
                .route(Route.where("severity", "critical").to(pager))
                .route(Route.all().to(chat)))) {
            Alert a = alert("Load", Severity.WARNING, Map.of());
            h.fire(a);

            h.event(new AlertEvent.SeverityChanged(
                    TestAlerts.withSeverity(a, Severity.CRITICAL), Severity.WARNING, h.now()));

            assertThat(chat.received()).hasSize(1);
            assertThat(pager.received()).hasSize(1);
        }
    }

    @Test
    void anAlertThatLeavesARouteOnASeverityChangeIsResolvedThere() {
        try (Harness h = new Harness(b -> b.timings(immediate())
                .route(Route.where("severity", "critical").to(pager))
                .route(Route.all().to(chat)))) {
            Alert hot = alert("Load", Severity.CRITICAL, Map.of());
            h.fire(hot);
            java.time.Instant changedAt = h.now();

            h.event(new AlertEvent.SeverityChanged(
                    TestAlerts.withSeverity(hot, Severity.WARNING), Severity.CRITICAL, changedAt));
            h.advance(immediate().groupInterval());

            assertThat(pager.received())
                    .extracting(Notification::status)
                    .containsExactly(Notification.Status.FIRING, Notification.Status.RESOLVED);
            assertThat(pager.received().get(1).alerts()).singleElement().satisfies(a -> {
                assertThat(a.resolvedAt()).isEqualTo(changedAt);
                assertThat(a.labels()).containsEntry("severity", "critical");
            });
            assertThat(chat.received()).extracting(Notification::status).containsExactly(Notification.Status.FIRING);
        }
    }

    @Test
    void alertmanagerResolvesTheOldSeverityInstanceWhenTheSeverityChanges() {
        RecordingNotifier am = new RecordingNotifier("am");
        try (Harness h = new Harness(b -> b.route(Route.all()
                .groupBy(Route.ALL_LABELS)
                .groupWait(Duration.ZERO)
                .groupInterval(Duration.ofMinutes(1))
                .repeatInterval(Duration.ofMinutes(1))
                .to(am)))) {
            Alert hot = alert("Load", Severity.CRITICAL, Map.of());
            h.fire(hot);
            java.time.Instant changedAt = h.now();
            h.event(new AlertEvent.SeverityChanged(
                    TestAlerts.withSeverity(hot, Severity.WARNING), Severity.CRITICAL, changedAt));

            h.advance(Duration.ofMinutes(1));

            assertThat(am.received()).anySatisfy(n -> {
                assertThat(n.status()).isEqualTo(Notification.Status.RESOLVED);
                assertThat(n.alerts()).singleElement().satisfies(a -> {
                    assertThat(a.labels()).containsEntry("severity", "critical");
                    assertThat(a.resolvedAt()).isEqualTo(changedAt);
                });
            });
        }
    }

    @Test
    void aFlappingPageIsTriggeredOnceAndResolvedOnceItSettles() {
        try (LoopbackHttpReceiver pagerDuty = LoopbackHttpReceiver.start().byDefault(202, Duration.ZERO);
                Harness h = new Harness(b -> b.timings(immediate())
                        .route(Route.where("severity", "critical")
                                .to(PagerDutyNotifier.builder(Secret.of("key"))
                                        .endpoint(pagerDuty.uri("/v2/enqueue"))
                                        .build())
                                .to(chat)))) {
            Alert hot = alert("Hot", Severity.CRITICAL, Map.of());
            h.fire(hot).advance(Duration.ofMinutes(1));
            Alert cool = TestAlerts.resolved(hot, h.now());
            // 95, 0, 95, 0, ...: the engine detects flapping on a resolution.
            h.event(new AlertEvent.FlappingStarted(TestAlerts.flapping(cool, true), 55.0, h.now()));
            for (int i = 0; i < 3; i++) {
                h.event(new AlertEvent.Fired(TestAlerts.flapping(hot, true), h.now()))
                        .advance(Duration.ofMinutes(1));
                h.event(new AlertEvent.Resolved(TestAlerts.flapping(cool, true), h.now()))
                        .advance(Duration.ofMinutes(1));
            }
            h.event(new AlertEvent.FlappingStopped(cool, 10.0, h.now()))
                    .advance(immediate().groupInterval());

            assertThat(pagerDuty.bodies())
                    .extracting(b -> b.replaceAll(".*\"event_action\":\"(\\w+)\".*", "$1"))
                    .containsExactly("trigger", "resolve");
            assertThat(chat.received())
                    .extracting(Notification::title)
                    .containsExactly("[FIRING:1] Hot", "[FLAPPING] Hot", "[FLAPPING STOPPED] Hot", "[RESOLVED] Hot");
        }
    }

    @Test
    void theQuickstartReadsAsDesigned() {
        try (Notifications delivery = Notifications.builder()
                .route(Route.where("severity", "critical").to(PagerDutyNotifier.of(Secret.of("key"))))
                .route(Route.all().to(SlackNotifier.of(Secret.of("https://hooks.slack.com/services/x"))))
                .build()) {
            assertThat(delivery.receivers()).containsExactly("pagerduty", "slack");
        }
    }

    @Test
    void twoNotifiersWithTheSameNameGetDistinctReceiverNames() {
        try (Harness h =
                new Harness(b -> b.route(Route.all().to(new RecordingNotifier("x"), new RecordingNotifier("x"))))) {
            assertThat(h.notifications.receivers()).containsExactly("x", "x-2");
        }
    }

    @Test
    void configurationErrorsNameTheFieldAndTheValue() {
        assertThatThrownBy(() -> Notifications.builder().build()).hasMessageContaining("routes");
        assertThatThrownBy(() -> Notifications.builder().queueCapacity(0)).hasMessage("queueCapacity must be >= 1: 0");
        assertThatThrownBy(() -> Route.all().groupWait(Duration.ofSeconds(-1)))
                .hasMessage("groupWait must not be negative, got PT-1S");
        assertThatThrownBy(() -> LabelMatcher.regex("alertname", "("))
                .hasMessageContaining("alertname=~")
                .hasMessageContaining("(");
        assertThatThrownBy(() -> Route.all()
                        .escalateAfter(Duration.ofMinutes(15), pager)
                        .escalateAfter(Duration.ofMinutes(5), chat))
                .hasMessageContaining("PT5M");
        assertThatThrownBy(() -> RetryPolicy.DEFAULT.withJitter(1.5)).hasMessage("jitter must be in [0, 1): 1.5");
    }

    @Test
    void theBuiltInSchedulerFlushesAGroupWhenItsWaitEnds() {
        RecordingNotifier receiver = new RecordingNotifier("scheduled");
        try (Notifications notifications = Notifications.builder()
                .route(Route.all().to(receiver).groupWait(Duration.ofMillis(200)))
                .flushEvery(Duration.ofMillis(20))
                .build()) {
            notifications.onEvent(
                    new AlertEvent.Fired(alert("Real", Severity.WARNING, Map.of()), java.time.Instant.now()));
            assertThat(receiver.received()).isEmpty();

            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> receiver.received().size() == 1);
        }
    }
}

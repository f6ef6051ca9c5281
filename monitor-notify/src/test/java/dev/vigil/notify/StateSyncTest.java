package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEvent;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.notify.testkit.TestAlerts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A state-synchronising route (Alertmanager): mutes ignored, changes at once, everything re-sent. */
class StateSyncTest {

    private static final Duration RESEND = Duration.ofMinutes(1);

    private final RecordingNotifier am = new RecordingNotifier("am");
    private final RecordingNotifier pager = new RecordingNotifier("pager");

    private Harness harness() {
        return new Harness(b -> b.route(Route.all()
                        .synchronizeState()
                        .groupInterval(RESEND)
                        .to(am)
                        .continueMatching())
                .route(Route.all().groupWait(Duration.ofSeconds(30)).to(pager)));
    }

    private static Alert disk(String host) {
        return TestAlerts.firing("DiskFull", Severity.CRITICAL, Map.of("instance", host), "full", TestAlerts.T0);
    }

    /** Events reach the receiver at the flush that follows them, as after an evaluation. */
    private static Harness flushed(Harness h) {
        h.notifications.poll();
        return h.settle();
    }

    private static List<String> states(Notification n) {
        return n.alerts().stream()
                .map(a -> a.labels().get("instance") + ":" + a.state() + ":" + a.severity())
                .toList();
    }

    @Test
    void aFiringAlertIsSentAtTheNextFlushWithoutGroupWait() {
        try (Harness h = harness()) {
            h.fire(disk("a"));
            assertThat(am.received()).isEmpty();

            flushed(h);

            assertThat(am.received()).hasSize(1);
            assertThat(states(am.received().get(0))).containsExactly("a:FIRING:CRITICAL");
            assertThat(pager.received()).isEmpty();
        }
    }

    @Test
    void theChangesOfOneEvaluationGoOutInOneRequest() {
        try (Harness h = harness()) {
            Alert a = disk("a");
            h.fire(a).fire(disk("b"));
            flushed(h).advance(Duration.ofSeconds(10));
            h.event(new AlertEvent.Resolved(TestAlerts.resolved(a, h.now()), h.now()));
            h.fire(disk("c")).fire(disk("d"));
            flushed(h);

            assertThat(am.received())
                    .extracting(StateSyncTest::states)
                    .containsExactly(
                            List.of("a:FIRING:CRITICAL", "b:FIRING:CRITICAL"),
                            List.of("c:FIRING:CRITICAL", "d:FIRING:CRITICAL", "a:RESOLVED:CRITICAL"));
        }
    }

    @Test
    void aResolutionIsSentAtTheEvaluationThatResolvesIt() {
        try (Harness h = harness()) {
            Alert a = disk("a");
            h.fire(a).advance(Duration.ofSeconds(7));
            h.event(new AlertEvent.Resolved(TestAlerts.resolved(a, h.now()), h.now()));
            flushed(h);

            assertThat(am.received()).hasSize(2);
            Notification resolution = am.received().get(1);
            assertThat(states(resolution)).containsExactly("a:RESOLVED:CRITICAL");
            assertThat(resolution.alerts().get(0).resolvedAt()).isEqualTo(h.now());
        }
    }

    @Test
    void everyHeldAlertIsResentInOneNotificationEachInterval() {
        try (Harness h = harness()) {
            h.fire(disk("a"))
                    .advance(Duration.ofSeconds(20))
                    .fire(disk("b"))
                    .advance(Duration.ofSeconds(20))
                    .fire(disk("c"));
            flushed(h);
            assertThat(am.received()).hasSize(3);

            h.advance(Duration.ofSeconds(20));

            assertThat(am.received()).hasSize(4);
            assertThat(states(am.received().get(3)))
                    .containsExactlyInAnyOrder("a:FIRING:CRITICAL", "b:FIRING:CRITICAL", "c:FIRING:CRITICAL");
            h.advance(Duration.ofSeconds(59));
            assertThat(am.received()).hasSize(4);
            h.advance(Duration.ofSeconds(1));
            assertThat(am.received()).hasSize(5);
        }
    }

    @Test
    void silencedAcknowledgedInhibitedAndFlappingAlertsStayAliveThere() {
        try (Harness h = harness()) {
            Alert a = disk("a");
            h.fire(a);
            h.event(new AlertEvent.Silenced(TestAlerts.silenced(a, true), h.now()));
            h.event(new AlertEvent.Acknowledged(TestAlerts.acknowledged(a, "ops", h.now()), h.now()));
            h.event(new AlertEvent.FlappingStarted(TestAlerts.flapping(a, true), 40.0, h.now()));
            flushed(h);
            assertThat(am.received()).hasSize(1);

            for (int i = 1; i <= 10; i++) {
                h.advance(RESEND);
                assertThat(am.received()).hasSize(1 + i);
                assertThat(states(am.received().get(i))).containsExactly("a:FIRING:CRITICAL");
            }
        }
    }

    @Test
    void aResolutionWhileFlappingIsSentAtOnce() {
        try (Harness h = harness()) {
            Alert a = TestAlerts.flapping(disk("a"), true);
            h.fire(a).advance(Duration.ofSeconds(10));
            h.event(new AlertEvent.Resolved(TestAlerts.resolved(a, h.now()), h.now()));
            flushed(h);

            assertThat(am.received())
                    .extracting(StateSyncTest::states)
                    .containsExactly(List.of("a:FIRING:CRITICAL"), List.of("a:RESOLVED:CRITICAL"));
        }
    }

    @Test
    void resolvedAlertsAreResentForFifteenMinutesThenDropped() {
        try (Harness h = harness()) {
            Alert a = disk("a");
            h.fire(a).fire(disk("b"));
            h.event(new AlertEvent.Resolved(TestAlerts.resolved(a, h.now()), h.now()));
            flushed(h);
            int before = am.received().size();

            for (int minute = 1; minute <= 14; minute++) {
                h.advance(RESEND);
                assertThat(states(am.received().get(am.received().size() - 1)))
                        .containsExactlyInAnyOrder("a:RESOLVED:CRITICAL", "b:FIRING:CRITICAL");
            }
            h.advance(RESEND);
            assertThat(states(am.received().get(am.received().size() - 1))).containsExactly("b:FIRING:CRITICAL");
            assertThat(am.received()).hasSize(before + 15);
        }
    }

    @Test
    void aSeverityChangeResolvesTheAlertWithTheOldSeverity() {
        try (Harness h = harness()) {
            Alert warning = TestAlerts.withSeverity(disk("a"), Severity.WARNING);
            h.fire(warning).advance(Duration.ofSeconds(10));
            Alert critical = TestAlerts.withSeverity(warning, Severity.CRITICAL);
            h.event(new AlertEvent.SeverityChanged(critical, Severity.WARNING, h.now()));
            flushed(h);

            assertThat(am.received()).hasSize(2);
            assertThat(states(am.received().get(1))).containsExactly("a:FIRING:CRITICAL", "a:RESOLVED:WARNING");
            assertThat(am.received().get(1).alerts().get(1).labels()).containsEntry("severity", "warning");
        }
    }

    @Test
    void anAlertNoLongerMatchingTheRouteIsResolvedThere() {
        try (Harness h = new Harness(b -> b.route(Route.where("severity", "critical")
                        .synchronizeState()
                        .groupInterval(RESEND)
                        .to(am))
                .defaultReceivers(pager))) {
            Alert critical = disk("a");
            flushed(h.fire(critical));
            h.event(new AlertEvent.SeverityChanged(
                    TestAlerts.withSeverity(critical, Severity.WARNING), Severity.CRITICAL, h.now()));
            flushed(h);

            assertThat(am.received())
                    .extracting(StateSyncTest::states)
                    .containsExactly(List.of("a:FIRING:CRITICAL"), List.of("a:RESOLVED:CRITICAL"));
        }
    }

    @Test
    void closeSendsEverythingHeld() {
        Harness h = harness();
        h.fire(disk("a")).fire(disk("b"));
        h.close();
        assertThat(am.received())
                .extracting(StateSyncTest::states)
                .containsExactly(List.of("a:FIRING:CRITICAL", "b:FIRING:CRITICAL"));
    }

    @Test
    void withAFlushThreadAChangeGoesOutWithoutWaitingForATimer() {
        try (Notifications n = Notifications.builder()
                .route(Route.all().synchronizeState().groupInterval(RESEND).to(am))
                .flushEvery(Duration.ofHours(1))
                .build()) {
            n.onEvent(new AlertEvent.Fired(disk("a"), TestAlerts.T0));

            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> am.received().size() == 1);
        }
    }
}

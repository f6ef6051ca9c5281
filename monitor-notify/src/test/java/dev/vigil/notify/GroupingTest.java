package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEvent;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.notify.testkit.TestAlerts;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupingTest {

    private final RecordingNotifier receiver = new RecordingNotifier("team");
    private final Harness h = new Harness(
            b -> b.route(Route.all().to(receiver).groupBy("alertname")).timings(Timings.alertmanagerDefaults()));

    @AfterEach
    void close() {
        h.close();
    }

    private Alert disk(String mount) {
        return TestAlerts.firing("DiskFull", Severity.WARNING, Map.of("mount", mount), mount + " is full", h.now());
    }

    @Test
    void alertmanagerDefaultsAreThirtySecondsFiveMinutesFourHours() {
        assertThat(Timings.alertmanagerDefaults())
                .isEqualTo(new Timings(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4)));
    }

    @Test
    void alertsWithTheSameGroupLabelsGoOutTogetherAfterTheGroupWait() {
        h.fire(disk("/a")).advance(Duration.ofSeconds(10)).fire(disk("/b")).advance(Duration.ofSeconds(19));
        assertThat(receiver.received()).isEmpty();

        h.advance(Duration.ofSeconds(1));

        assertThat(receiver.received()).singleElement().satisfies(n -> {
            assertThat(n.alerts()).extracting(a -> a.labels().get("mount")).containsExactly("/a", "/b");
            assertThat(n.groupLabels()).isEqualTo(Map.of("alertname", "DiskFull"));
            assertThat(n.status()).isEqualTo(Notification.Status.FIRING);
            assertThat(n.title()).isEqualTo("[FIRING:2] DiskFull");
            assertThat(n.commonLabels()).isEqualTo(Map.of("alertname", "DiskFull", "severity", "warning"));
            assertThat(n.receiver()).isEqualTo("team");
            assertThat(n.groupKey()).isEqualTo("{}/{}:{alertname=\"DiskFull\"}");
            assertThat(n.text()).contains("[WARNING] DiskFull: /a is full").contains("mount=/b");
        });
    }

    @Test
    void anAlertThatResolvesWithinTheGroupWaitIsNeverNotified() {
        Alert a = disk("/a");
        h.fire(a).advance(Duration.ofSeconds(10));
        h.event(new AlertEvent.Resolved(TestAlerts.resolved(a, h.now()), h.now()));

        h.advance(Duration.ofSeconds(30)).advance(Duration.ofMinutes(10));

        assertThat(receiver.received()).isEmpty();
    }

    /**
     * REFERENCE.md (Alertmanager): a repeat goes out at the first flush, flushes coming every group
     * interval, at which the last notification is strictly older than the repeat interval; with the
     * defaults 4 h 05 min after it (alertmanager#676).
     */
    @Test
    void theSameGroupStateIsRepeatedAtTheFirstGroupTickStrictlyAfterTheRepeatInterval() {
        h.fire(disk("/a")).advance(Duration.ofSeconds(30));
        assertThat(receiver.received()).hasSize(1);

        for (int i = 0; i < 48; i++) { // up to and including the tick 4 h after the send
            h.advance(Duration.ofMinutes(5));
            h.fire(disk("/a"));
        }
        assertThat(receiver.received()).hasSize(1);

        h.advance(Duration.ofMinutes(5)); // 4 h 05 min
        assertThat(receiver.received()).hasSize(2);
        assertThat(receiver.received().get(1).alerts()).hasSize(1);
        assertThat(Duration.between(
                        receiver.received().get(0).time(),
                        receiver.received().get(1).time()))
                .isEqualTo(Duration.ofHours(4).plusMinutes(5));
    }

    @Test
    void withAGroupIntervalEqualToTheRepeatIntervalTheRepeatComesTwoIntervalsLater() {
        RecordingNotifier team = new RecordingNotifier("team");
        try (Harness five = new Harness(b -> b.route(Route.all().to(team).groupBy("alertname"))
                .timings(new Timings(Duration.ZERO, Duration.ofMinutes(5), Duration.ofMinutes(5))))) {
            five.fire(disk("/a"));
            assertThat(team.received()).hasSize(1);
            five.advance(Duration.ofMinutes(5));
            assertThat(team.received())
                    .as("5 min: not strictly older than 5 min")
                    .hasSize(1);
            five.advance(Duration.ofMinutes(5));
            assertThat(team.received())
                    .as("10 min (REFERENCE.md: 5m/5m gives 10 m)")
                    .hasSize(2);
        }
    }

    @Test
    void repeatsCountWholeTicksWhenEachFlushRunsLate() {
        h.fire(disk("/a")).advance(Duration.ofSeconds(30).plusMillis(40)); // the first flush, 40 ms late
        assertThat(receiver.received()).hasSize(1);
        for (int i = 0; i < 48; i++) { // each tick flushed a little late, as a busy flush thread does
            h.advance(Duration.ofMinutes(5).plusMillis(7));
        }
        assertThat(receiver.received()).as("4 h of ticks, each late").hasSize(1);
        h.advance(Duration.ofMinutes(5));
        assertThat(receiver.received()).hasSize(2);
    }

    @Test
    void aNewAlertInANotifiedGroupWaitsForTheNextGroupInterval() {
        h.fire(disk("/a")).advance(Duration.ofSeconds(30));
        h.advance(Duration.ofMinutes(1)).fire(disk("/b")).advance(Duration.ofMinutes(3));
        assertThat(receiver.received()).hasSize(1);

        h.advance(Duration.ofMinutes(1));

        assertThat(receiver.received()).hasSize(2);
        assertThat(receiver.received().get(1).alerts()).hasSize(2);
    }

    @Test
    void aResolutionIsNotifiedAtTheNextGroupInterval() {
        Alert a = disk("/a");
        h.fire(a).advance(Duration.ofSeconds(30));
        h.advance(Duration.ofMinutes(2));
        h.event(new AlertEvent.Resolved(TestAlerts.resolved(a, h.now()), h.now()));
        assertThat(receiver.received()).hasSize(1);

        h.advance(Duration.ofMinutes(3));

        assertThat(receiver.received()).hasSize(2);
        Notification resolved = receiver.received().get(1);
        assertThat(resolved.status()).isEqualTo(Notification.Status.RESOLVED);
        assertThat(resolved.title()).isEqualTo("[RESOLVED] DiskFull");
        assertThat(resolved.resolved()).hasSize(1);
        // Then the group is gone: nothing more, ever.
        h.advance(Duration.ofHours(5));
        assertThat(receiver.received()).hasSize(2);
    }

    @Test
    void aSeverityChangeIsNotifiedAgain() {
        Alert a = disk("/a");
        h.fire(a).advance(Duration.ofSeconds(30));

        h.event(new AlertEvent.SeverityChanged(
                        TestAlerts.withSeverity(a, Severity.CRITICAL), Severity.WARNING, h.now()))
                .advance(Duration.ofMinutes(5));

        assertThat(receiver.received()).hasSize(2);
        assertThat(receiver.received().get(1).severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void silencedAlertsAreNotNotifiedUntilTheSilenceEnds() {
        Alert a = TestAlerts.silenced(disk("/a"), true);
        h.fire(a).advance(Duration.ofSeconds(30)).advance(Duration.ofMinutes(5));
        assertThat(receiver.received()).isEmpty();

        h.event(new AlertEvent.Unsilenced(TestAlerts.silenced(a, false), h.now()))
                .advance(Duration.ofMinutes(5));

        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void aFlappingAlertIsAnnouncedOnceWhenItStartsAndWhenItStopsInsteadOfItsProblems() {
        Alert a = TestAlerts.flapping(disk("/a"), true);

        h.event(new AlertEvent.FlappingStarted(a, 42.5, h.now()));
        assertThat(receiver.received()).singleElement().satisfies(n -> {
            assertThat(n.title()).isEqualTo("[FLAPPING] DiskFull");
            assertThat(n.text()).startsWith("Started flapping").contains("42.5% state change");
        });
        h.advance(Duration.ofSeconds(30)).fire(a).advance(Duration.ofMinutes(5));
        assertThat(receiver.received()).hasSize(1);

        h.event(new AlertEvent.FlappingStopped(TestAlerts.flapping(a, false), 4.0, h.now()));
        assertThat(receiver.received()).hasSize(2);
        assertThat(receiver.received().get(1).title()).isEqualTo("[FLAPPING STOPPED] DiskFull");

        h.advance(Duration.ofMinutes(5));
        assertThat(receiver.received()).hasSize(3);
        assertThat(receiver.received().get(2).title()).isEqualTo("[FIRING:1] DiskFull");
    }

    @Test
    void aResolutionHeldBackWhileFlappingIsSentOnlyWhenTheAlertSettlesAndTheStopIsAnnounced() {
        Alert hot = disk("/a");
        h.fire(hot).advance(Duration.ofSeconds(30));
        Alert coolingWhileFlapping = TestAlerts.flapping(TestAlerts.resolved(hot, h.now()), true);

        h.event(new AlertEvent.FlappingStarted(coolingWhileFlapping, 60.0, h.now()));
        h.advance(Duration.ofMinutes(5));
        h.event(new AlertEvent.Fired(TestAlerts.flapping(hot, true), h.now()));
        h.event(new AlertEvent.Resolved(coolingWhileFlapping, h.now())).advance(Duration.ofMinutes(5));
        assertThat(receiver.received())
                .extracting(Notification::title, Notification::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("[FIRING:1] DiskFull", Notification.Kind.ALERTS),
                        org.assertj.core.groups.Tuple.tuple("[FLAPPING] DiskFull", Notification.Kind.FLAPPING_STARTED));

        Alert settled = TestAlerts.resolved(hot, h.now());
        h.event(new AlertEvent.FlappingStopped(settled, 5.0, h.now())).advance(Duration.ofMinutes(5));

        assertThat(receiver.received())
                .extracting(Notification::title, Notification::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("[FIRING:1] DiskFull", Notification.Kind.ALERTS),
                        org.assertj.core.groups.Tuple.tuple("[FLAPPING] DiskFull", Notification.Kind.FLAPPING_STARTED),
                        org.assertj.core.groups.Tuple.tuple(
                                "[FLAPPING STOPPED] DiskFull", Notification.Kind.FLAPPING_STOPPED),
                        org.assertj.core.groups.Tuple.tuple("[RESOLVED] DiskFull", Notification.Kind.ALERTS));
    }

    @Test
    void flappingThatStopsWhileTheAlertIsPendingIsAnnouncedAndReleasesTheHeldResolution() {
        Alert hot = disk("/a");
        h.fire(hot).advance(Duration.ofSeconds(30));
        Alert cool = TestAlerts.resolved(hot, h.now());
        h.event(new AlertEvent.FlappingStarted(TestAlerts.flapping(cool, true), 60.0, h.now()));
        Alert pending = Alert.builder(cool.rule(), cool.fingerprint())
                .labels(cool.labels())
                .annotations(cool.annotations())
                .state(dev.vigil.alerts.AlertState.PENDING)
                .severity(cool.severity())
                .value(1)
                .activeSince(h.now())
                .build();

        h.event(new AlertEvent.FlappingStopped(pending, 5.0, h.now())).advance(Duration.ofMinutes(5));

        assertThat(receiver.received())
                .extracting(Notification::kind)
                .containsExactly(
                        Notification.Kind.ALERTS,
                        Notification.Kind.FLAPPING_STARTED,
                        Notification.Kind.FLAPPING_STOPPED,
                        Notification.Kind.ALERTS);
        assertThat(receiver.received().get(3).status()).isEqualTo(Notification.Status.RESOLVED);
    }

    @Test
    void inhibitedAndFlappingAlertsAreNotNotified() {
        Alert base = disk("/a");
        Alert inhibited = base.toBuilder().value(1).report(null).inhibited(true).build();
        Alert flapping = TestAlerts.firing("Flappy", Severity.WARNING, Map.of(), "f", h.now());
        flapping = flapping.toBuilder().value(1).report(null).flapping(true).build();

        h.fire(inhibited).fire(flapping).advance(Duration.ofSeconds(30)).advance(Duration.ofMinutes(5));

        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void acknowledgedAlertsAreNotRepeated() {
        Alert a = disk("/a");
        h.fire(a).advance(Duration.ofSeconds(30));
        h.event(new AlertEvent.Acknowledged(TestAlerts.acknowledged(a, "alice", h.now()), h.now()));

        for (int i = 0; i < 12; i++) {
            h.advance(Duration.ofHours(1));
        }

        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void withoutSendResolvedAResolutionIsNotNotified() {
        RecordingNotifier quiet = new RecordingNotifier("quiet");
        try (Harness q = new Harness(
                b -> b.route(Route.all().to(quiet).sendResolved(false)).timings(Timings.alertmanagerDefaults()))) {
            Alert a = TestAlerts.firing("X", Severity.WARNING, Map.of(), "x", q.now());
            q.fire(a).advance(Duration.ofSeconds(30));
            q.event(new AlertEvent.Resolved(TestAlerts.resolved(a, q.now()), q.now()))
                    .advance(Duration.ofMinutes(5));

            assertThat(quiet.received()).hasSize(1);
        }
    }

    @Test
    void groupingByAllLabelsGivesOneGroupPerAlert() {
        RecordingNotifier each = new RecordingNotifier("each");
        try (Harness q = new Harness(
                b -> b.route(Route.all().to(each).groupBy(Route.ALL_LABELS)).timings(Timings.alertmanagerDefaults()))) {
            q.fire(TestAlerts.firing("X", Severity.WARNING, Map.of("i", "1"), "x", q.now()))
                    .fire(TestAlerts.firing("X", Severity.WARNING, Map.of("i", "2"), "x", q.now()))
                    .advance(Duration.ofSeconds(30));

            assertThat(each.received())
                    .hasSize(2)
                    .allSatisfy(n -> assertThat(n.alerts()).hasSize(1));
            assertThat(each.received().get(0).groupLabels())
                    .containsEntry("i", "1")
                    .containsEntry("severity", "warning");
        }
    }
}

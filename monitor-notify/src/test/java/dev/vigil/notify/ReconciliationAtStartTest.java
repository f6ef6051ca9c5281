package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.Subscription;
import dev.vigil.core.Tick;
import dev.vigil.core.history.History;
import dev.vigil.core.history.HistoryConfig;
import dev.vigil.core.history.HistoryStore;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Sample;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.storage.Storage;
import dev.vigil.core.time.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start reconciles the engine's restored state with the notification log. The on-disk state
 * a kill leaves between the engine's journal and the notifications' log (the engine's listener
 * thread had not yet handed the event over) is made exactly: the engine journals the event while
 * the notifications, open on the same storage, never hear it. Then both start again, with the
 * engine's default asynchronous listeners, and the receiver must get what it was owed, once.
 */
class ReconciliationAtStartTest {

    static final MetricId CPU = MetricId.of("cpu");
    static final Timings TIMINGS = new Timings(Duration.ZERO, Duration.ofSeconds(10), Duration.ofHours(4));

    @TempDir
    Path dir;

    final ManualClock clock = ManualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    final HistoryStore history = new HistoryStore(HistoryConfig.defaults(), Duration.ofSeconds(10));
    long seq;
    Storage storage;
    AlertEngine engine;
    Notifications notifications;

    record T(long sequence, long timeMillis, List<Sample> samples, Set<MetricId> unknown, History history)
            implements Tick {
        @Override
        public Duration interval() {
            return Duration.ofSeconds(10);
        }

        @Override
        public double value(MetricId id) {
            return samples.isEmpty() ? Double.NaN : samples.get(0).value();
        }
    }

    static Rule cpuHigh(String name) {
        return Rule.threshold(name).metric("cpu").critAbove(0.9).build();
    }

    /** Opens the storage, notifications sending to {@code receiver}, and an engine with {@code rule}; linked or not. */
    void start(Rule rule, RecordingNotifier receiver, boolean linked) {
        storage = Storage.open(dir);
        notifications = Notifications.builder()
                .route(Route.all().to(receiver))
                .timings(TIMINGS)
                .clock(clock)
                .flushEvery(Duration.ZERO)
                .closeTimeout(Duration.ofSeconds(2))
                .storage(storage)
                .build();
        AlertEngine.Builder b = AlertEngine.builder()
                .storage(storage)
                .clock(clock)
                .reports(ReportCapture.none())
                .rule(rule);
        engine = (linked ? b.listener(notifications) : b).build();
    }

    /** A start as an application makes it: the notifications get the storage from the engine. */
    void restart(Rule rule, RecordingNotifier receiver) {
        restart(rule, receiver, false);
    }

    /**
     * As {@link #restart(Rule, RecordingNotifier)}; {@code synchronous} where a test asserts that
     * nothing is sent, so no event can still be on its way when it looks.
     */
    void restart(Rule rule, RecordingNotifier receiver, boolean synchronous) {
        storage = Storage.open(dir);
        notifications = Notifications.builder()
                .route(Route.all().to(receiver))
                .timings(TIMINGS)
                .clock(clock)
                .flushEvery(Duration.ZERO)
                .closeTimeout(Duration.ofSeconds(2))
                .build();
        AlertEngine.Builder b = AlertEngine.builder()
                .storage(storage)
                .clock(clock)
                .reports(ReportCapture.none())
                .rule(rule)
                .listener(notifications);
        engine = (synchronous ? b.synchronousListeners() : b).build();
    }

    void stop() {
        engine.close(); // closes the notifications it was given as a listener
        notifications.close();
        storage.close();
        clock.advance(Duration.ofMinutes(2));
    }

    @AfterEach
    void cleanUp() {
        if (engine != null) {
            engine.close();
        }
        if (notifications != null) {
            notifications.close();
        }
        if (storage != null) {
            storage.close();
        }
    }

    /** A tick of {@code value}, then the notifications' due flushes once the engine's listener thread handed everything over. */
    void tick(double value, RecordingNotifier receiver, int expected) {
        clock.advance(Duration.ofSeconds(10));
        long now = clock.wallMillis();
        history.record(CPU, Unit.NONE, now, value);
        history.advanceTo(now);
        engine.onTick(new T(++seq, now, List.of(new Sample(CPU, Unit.NONE, now, value)), Set.of(), history));
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(2))
                .until(() -> {
                    notifications.poll();
                    return receiver.received().size() >= expected && notifications.pending() == 0;
                });
    }

    static List<String> statuses(RecordingNotifier receiver) {
        return receiver.received().stream().map(n -> n.status().label()).toList();
    }

    @Test
    void aPageTheEngineJournaledButTheNotificationsNeverHeardIsSentAtTheStartOnce() {
        RecordingNotifier before = new RecordingNotifier("oncall");
        start(cpuHigh("cpu-high"), before, false);
        tick(0.95, before, 0); // fires: journaled by the engine, never heard by the notifications
        assertThat(engine.activeAlerts()).hasSize(1);
        stop();
        assertThat(before.received()).isEmpty();

        RecordingNotifier after = new RecordingNotifier("oncall");
        restart(cpuHigh("cpu-high"), after);
        tick(0.95, after, 1);
        assertThat(statuses(after)).containsExactly("firing");
        clock.advance(Duration.ofMinutes(30)); // within the repeat interval
        tick(0.95, after, 1);
        assertThat(statuses(after)).containsExactly("firing");
    }

    @Test
    void aResolveTheNotificationsNeverHeardIsSentAtTheStart() {
        RecordingNotifier before = new RecordingNotifier("oncall");
        start(cpuHigh("cpu-high"), before, false);
        Subscription heard = engine.addListener(notifications);
        tick(0.95, before, 1);
        assertThat(statuses(before)).containsExactly("firing");
        heard.close(); // the resolution below is journaled by the engine, never heard
        tick(0.2, before, 1);
        stop();
        assertThat(statuses(before)).containsExactly("firing");

        RecordingNotifier after = new RecordingNotifier("oncall");
        restart(cpuHigh("cpu-high"), after);
        tick(0.2, after, 0);
        tick(0.2, after, 1); // sent at the group's next flush
        assertThat(statuses(after)).containsExactly("resolved");
        assertThat(after.received().get(0).groupKey())
                .isEqualTo(before.received().get(0).groupKey());
    }

    @Test
    void aResolveOfARuleRemovedWhileRunningThatTheNotificationsNeverHeardIsSentAtTheStart() {
        RecordingNotifier before = new RecordingNotifier("oncall");
        start(cpuHigh("cpu-high"), before, false);
        Subscription heard = engine.addListener(notifications);
        tick(0.95, before, 1);
        assertThat(statuses(before)).containsExactly("firing");
        heard.close(); // the resolution the rule's removal makes is journaled, never heard
        Rule other = Rule.threshold("mem-high").metric("mem").critAbove(0.9).build();
        engine.replaceRules(List.of(other));
        tick(0.95, before, 1);
        assertThat(engine.activeAlerts()).isEmpty();
        stop();
        assertThat(statuses(before)).containsExactly("firing");

        RecordingNotifier after = new RecordingNotifier("oncall");
        restart(other, after);
        tick(0.2, after, 0);
        tick(0.2, after, 1); // sent at the group's next flush
        assertThat(statuses(after)).containsExactly("resolved");
        assertThat(after.received().get(0).alerts().get(0).fingerprint())
                .isEqualTo(before.received().get(0).alerts().get(0).fingerprint());
    }

    @Test
    void anAlertNotifiedAndAcknowledgedBeforeTheStopIsNotRepeatedAfterItsRepeatInterval() {
        RecordingNotifier before = new RecordingNotifier("oncall");
        start(cpuHigh("cpu-high"), before, true);
        tick(0.95, before, 1);
        String fp = engine.activeAlerts().get(0).fingerprint();
        assertThat(engine.acknowledge(fp, "alice", "on it")).isNotNull();
        stop();

        RecordingNotifier after = new RecordingNotifier("oncall");
        restart(cpuHigh("cpu-high"), after, true);
        tick(0.95, after, 0);
        clock.advance(TIMINGS.repeatInterval());
        tick(0.95, after, 0);
        tick(0.95, after, 0);
        assertThat(after.received()).isEmpty();
        assertThat(java.util.Objects.requireNonNull(engine.alert(fp)).acknowledged())
                .isTrue();
    }

    @Test
    void aNotifiedAlertWhoseRuleIsGoneAfterTheStartIsResolvedToTheReceiver() {
        RecordingNotifier before = new RecordingNotifier("oncall");
        start(cpuHigh("cpu-high"), before, true);
        tick(0.95, before, 1);
        stop();

        RecordingNotifier after = new RecordingNotifier("oncall");
        restart(cpuHigh("cpu-renamed"), after);
        tick(0.5, after, 0);
        tick(0.5, after, 1);
        assertThat(statuses(after)).containsExactly("resolved");
        assertThat(after.received().get(0).alerts().get(0).fingerprint())
                .isEqualTo(before.received().get(0).alerts().get(0).fingerprint());
    }

    @Test
    void aPageInFlightAtAKillOfAnAlertHeardResolvedSinceIsResolvedAtTheStart() throws Exception {
        RecordingNotifier before = new RecordingNotifier("oncall");
        start(cpuHigh("cpu-high"), before, true);
        tick(0.95, before, 1);
        Notification page = before.received().get(0);
        dev.vigil.alerts.Alert alert = page.alerts().get(0);
        stop();
        // the log as a kill leaves it when that page was on its way (not acknowledged) and the
        // resolution had been heard: an attempt, no sent entry, no firing entry; and an engine
        // that resolved the alert long before the stop (nothing of it left in its state)
        try (dev.vigil.core.journal.JournaledMap log =
                dev.vigil.core.journal.JournaledMap.open(dir.resolve("notify"), NotificationLog.NAME, Duration.ZERO)) {
            log.entries().keySet().forEach(log::remove);
            log.put(
                    dev.vigil.core.journal.Fields.join(
                            NotificationLog.ATTEMPT, "oncall", page.groupKey(), alert.fingerprint()),
                    NotificationLog.encode(alert, page.time()));
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir.resolve("alerts"))) {
            for (Path f : files.toList()) {
                java.nio.file.Files.delete(f);
            }
        }
        RecordingNotifier after = new RecordingNotifier("oncall");
        restart(cpuHigh("cpu-high"), after, true);
        tick(0.2, after, 0);
        tick(0.2, after, 1); // at the group's next flush
        assertThat(statuses(after)).containsExactly("resolved");
        assertThat(after.received().get(0).groupKey()).isEqualTo(page.groupKey());
        assertThat(after.received().get(0).alerts().get(0).fingerprint()).isEqualTo(alert.fingerprint());
    }

    /**
     * Rewrites the notification log of the stopped application {@code page} went out from as a kill
     * leaves it: the firing alert heard, and for the receiver {@code sent} (the answer recorded) and/or
     * {@code attempt} (the page on its way, its answer not recorded).
     */
    void logAsAKillLeavesIt(Notification page, boolean sent, boolean attempt) {
        dev.vigil.alerts.Alert alert = page.alerts().get(0);
        try (dev.vigil.core.journal.JournaledMap log =
                dev.vigil.core.journal.JournaledMap.open(dir.resolve("notify"), NotificationLog.NAME, Duration.ZERO)) {
            String sentKey = NotificationLog.key("oncall", page.groupKey(), alert.fingerprint());
            assertThat(log.entries()).containsKey(sentKey);
            if (!sent) {
                log.remove(sentKey);
            }
            if (attempt) {
                log.put(
                        dev.vigil.core.journal.Fields.join(
                                NotificationLog.ATTEMPT, "oncall", page.groupKey(), alert.fingerprint()),
                        NotificationLog.encode(alert, page.time()));
            }
        }
    }

    @Test
    void aPageInFlightAtAKillIsSentAgainAtTheStartOnceWithTheSameGroupKeyAndDedupKey() {
        RecordingNotifier before = new RecordingNotifier("oncall");
        start(cpuHigh("cpu-high"), before, true);
        tick(0.95, before, 1);
        Notification page = before.received().get(0);
        stop();
        logAsAKillLeavesIt(page, false, true);

        RecordingNotifier after = new RecordingNotifier("oncall");
        restart(cpuHigh("cpu-high"), after, true);
        tick(0.95, after, 1);
        // at least once: the receiver may have had it; what it got carries the same identity
        assertThat(statuses(after)).containsExactly("firing");
        Notification again = after.received().get(0);
        assertThat(again.groupKey()).isEqualTo(page.groupKey());
        assertThat(again.dedupKey()).isEqualTo(page.dedupKey());
        assertThat(again.alerts().get(0).fingerprint())
                .isEqualTo(page.alerts().get(0).fingerprint());
        clock.advance(Duration.ofMinutes(30)); // within the repeat interval: once
        tick(0.95, after, 1);
        assertThat(statuses(after)).containsExactly("firing");
    }

    @Test
    void aPageWhoseAnswerWasRecordedIsNotSentAgainAtTheStartEvenWithAnAttemptOfItLeftInTheLog() {
        RecordingNotifier before = new RecordingNotifier("oncall");
        start(cpuHigh("cpu-high"), before, true);
        tick(0.95, before, 1);
        Notification page = before.received().get(0);
        stop();
        // recorded as delivered, and an attempt of it (a later notification of the group on its way)
        logAsAKillLeavesIt(page, true, true);

        RecordingNotifier after = new RecordingNotifier("oncall");
        restart(cpuHigh("cpu-high"), after, true);
        tick(0.95, after, 0);
        tick(0.95, after, 0);
        clock.advance(Duration.ofMinutes(30));
        tick(0.95, after, 0);
        assertThat(after.received()).isEmpty();
        clock.advance(Duration.ofHours(4)); // the repeat interval from the recorded page has passed
        tick(0.95, after, 1);
        assertThat(statuses(after)).containsExactly("firing");
    }
}

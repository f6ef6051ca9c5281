package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertEvent;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.label.LabelMatcher;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.alerts.silence.Silence;
import dev.vigil.core.Tick;
import dev.vigil.core.history.History;
import dev.vigil.core.history.HistoryConfig;
import dev.vigil.core.history.HistoryStore;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Sample;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.storage.Storage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutes and acknowledgements where the alert's state moves under them: through UNKNOWN, across a
 * restart, and while an evaluation runs. Each case was a missed or a wrong page before it was
 * fixed; the comment says what the docs promise.
 */
class MutesAcrossStatesTest {

    static final MetricId CPU = MetricId.of("cpu");

    /** Feeds an engine ticks of one series on the harness' clock; a null value makes it UNKNOWN. */
    private static final class Feed {
        private final Harness h;
        private final AlertEngine engine;
        private final HistoryStore history = new HistoryStore(HistoryConfig.defaults(), Harness.TICK);
        private long ticks;

        Feed(Harness h, AlertEngine engine) {
            this.h = h;
            this.engine = engine;
        }

        Feed tick(@Nullable Double value) {
            h.clock.advance(Harness.TICK);
            long now = h.clock.wallMillis();
            if (value != null) {
                history.record(CPU, Unit.NONE, now, value);
            }
            history.advanceTo(now);
            engine.onTick(new OneTick(++ticks, now, value, history));
            h.notifications.poll();
            h.settle();
            return this;
        }
    }

    private record OneTick(
            long sequence, long timeMillis, @Nullable Double value, History history) implements Tick {
        @Override
        public Duration interval() {
            return Harness.TICK;
        }

        @Override
        public List<Sample> samples() {
            return value == null ? List.of() : List.of(new Sample(CPU, Unit.NONE, timeMillis, value));
        }

        @Override
        public Set<MetricId> unknown() {
            return value == null ? Set.of(CPU) : Set.of();
        }

        @Override
        public double value(MetricId id) {
            return value != null && CPU.equals(id) ? value : Double.NaN;
        }
    }

    /**
     * An alert fires under a silence (never paged, as it should be), its source then fails (the
     * alert goes UNKNOWN, "still counts as firing for notifiers"), the silence is expired while it
     * is UNKNOWN, and the data comes back still breaching: the alert is FIRING and unmuted, so the
     * receiver must now be paged.
     *
     * <p>docs/alerts.md, Mutes: "When a firing alert becomes muted or unmuted, whatever the cause,
     * Silenced / Unsilenced is emitted"; Lifecycle: UNKNOWN with data back still breaching "is
     * FIRING again without a new Fired". The project promises never to miss a page.
     */
    @Test
    void anAlertUnsilencedWhileUnknownIsPagedWhenItsDataComesBackStillBreaching() {
        RecordingNotifier receiver = new RecordingNotifier("team");
        List<AlertEvent> events = new CopyOnWriteArrayList<>();
        try (Harness h = new Harness(b -> b.route(Route.all().to(receiver))
                .timings(new Timings(Duration.ZERO, Duration.ofSeconds(10), Duration.ofHours(4))))) {
            AlertEngine engine = AlertEngine.builder()
                    .clock(h.clock)
                    .rule(Rule.threshold("cpu-high")
                            .metric("cpu")
                            .critAbove(0.9)
                            .build())
                    .synchronousListeners()
                    .reports(ReportCapture.none())
                    .listener(events::add)
                    .listener(h.notifications)
                    .build();
            Feed feed = new Feed(h, engine);
            String silence = engine.silence(Silence.matching(LabelMatcher.equal("alertname", "cpu-high"))
                    .from(h.now())
                    .lasting(Duration.ofHours(1))
                    .by("ops")
                    .comment("deploying")
                    .build());
            feed.tick(0.95); // fires, silenced: not paged
            h.advance(Duration.ofMinutes(1));
            assertThat(receiver.received()).as("silenced while it fired").isEmpty();
            feed.tick(null); // its source fails: UNKNOWN, still firing for notifiers
            engine.expireSilence(silence);
            feed.tick(null);
            feed.tick(0.95); // data back, still breaching: FIRING, no longer silenced
            h.advance(Duration.ofMinutes(1));
            h.advance(Duration.ofMinutes(1));
            assertThat(engine.activeAlerts()).singleElement().satisfies(a -> {
                assertThat(a.state()).isEqualTo(AlertState.FIRING);
                assertThat(a.silenced()).isFalse();
            });
            assertThat(receiver.received())
                    .as(
                            "pages for a firing, unsilenced alert; events were %s",
                            events.stream()
                                    .map(e -> e.getClass().getSimpleName())
                                    .toList())
                    .isNotEmpty();
            engine.close();
        }
    }

    @TempDir
    Path dir;

    /** The restart test's clock, shared by both "processes". */
    final dev.vigil.core.time.ManualClock clock =
            dev.vigil.core.time.ManualClock.at(java.time.Instant.parse("2026-01-01T00:00:00Z"));

    /**
     * A firing alert silenced from the start (never paged, rightly) survives a plain restart of
     * the application: the engine restores it as firing and silenced, and at its first evaluation
     * tells the notifications so (Restored, "with its mutes worked out"). Nobody may be paged for it
     * at the start either.
     *
     * <p>docs/notify.md, muted: "silenced, inhibited and flapping alerts are not notified";
     * docs/alert-state.md, reconciliation: a Restored firing alert is sent with its mutes worked
     * out (AlertStateStore.announce: "a Restored firing alert that a silence mutes says so and
     * pages nobody"); the restart promise: a restart neither re-pages nor loses a page.
     */
    @Test
    void aSilencedFiringAlertIsNotPagedWhenTheApplicationRestarts() {
        java.util.function.Function<RecordingNotifier, Notifications> notificationsTo =
                receiver -> Notifications.builder()
                        .route(Route.all().to(receiver))
                        .timings(new Timings(Duration.ZERO, Duration.ofSeconds(10), Duration.ofHours(4)))
                        .clock(clock)
                        .flushEvery(Duration.ZERO)
                        .closeTimeout(Duration.ofSeconds(2))
                        .build();
        Rule rule = Rule.threshold("cpu-high").metric("cpu").critAbove(0.9).build();
        HistoryStore history = new HistoryStore(HistoryConfig.defaults(), Harness.TICK);

        RecordingNotifier before = new RecordingNotifier("oncall");
        Storage storage = Storage.open(dir);
        Notifications first = notificationsTo.apply(before);
        AlertEngine engine = AlertEngine.builder()
                .storage(storage)
                .clock(clock)
                .reports(ReportCapture.none())
                .rule(rule)
                .synchronousListeners()
                .listener(first)
                .build();
        engine.silence(Silence.matching(LabelMatcher.equal("alertname", "cpu-high"))
                .from(clock.now())
                .lasting(Duration.ofDays(1))
                .by("ops")
                .comment("known, being fixed")
                .build());
        for (int i = 1; i <= 3; i++) {
            clock.advance(Harness.TICK);
            long now = clock.wallMillis();
            history.record(CPU, Unit.NONE, now, 0.95);
            history.advanceTo(now);
            engine.onTick(new OneTick(i, now, 0.95, history));
            first.poll();
        }
        assertThat(engine.activeAlerts()).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.FIRING);
            assertThat(a.silenced()).isTrue();
        });
        engine.close(); // closes the notifications too
        storage.close();
        awaitIdle(first);
        assertThat(before.received())
                .as("silenced: never paged before the restart")
                .isEmpty();

        // the same application starts again; the silence is still in force
        clock.advance(Duration.ofSeconds(30));
        RecordingNotifier after = new RecordingNotifier("oncall");
        Storage again = Storage.open(dir);
        Notifications second = notificationsTo.apply(after);
        AlertEngine restarted = AlertEngine.builder()
                .storage(again)
                .clock(clock)
                .reports(ReportCapture.none())
                .rule(rule)
                .synchronousListeners()
                .listener(second)
                .build();
        try {
            assertThat(restarted.silences())
                    .as("the silence survived the restart")
                    .hasSize(1);
            awaitIdle(second);
            List<String> beforeFirstEvaluation =
                    after.received().stream().map(n -> n.status().label()).toList();
            clock.advance(Harness.TICK);
            long now = clock.wallMillis();
            history.record(CPU, Unit.NONE, now, 0.95);
            history.advanceTo(now);
            restarted.onTick(new OneTick(4, now, 0.95, history));
            second.poll();
            awaitIdle(second);
            assertThat(restarted.activeAlerts())
                    .singleElement()
                    .satisfies(a -> assertThat(a.silenced()).isTrue());
            assertThat(after.received().stream().map(n -> n.status().label() + " " + n.title()))
                    .as(
                            "a silenced alert pages nobody, restart or not (sent before the engine's first"
                                    + " evaluation: %s)",
                            beforeFirstEvaluation)
                    .isEmpty();
        } finally {
            restarted.close();
            again.close();
        }
    }

    private static void awaitIdle(Notifications n) {
        org.awaitility.Awaitility.await()
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> n.pending() == 0);
    }

    /**
     * An operator acknowledges a WARNING alert (the state published to them) while an evaluation
     * runs, and that evaluation raises the alert to CRITICAL. The acknowledgement is applied "by the
     * running evaluation as it ends", i.e. after the severity change, so the CRITICAL alert ends up
     * acknowledged although nobody acknowledged a critical: its escalation step never pages.
     *
     * <p>docs/alerts.md, Mutes: "a severity change or resolution clears [the acknowledgement]";
     * AlertEngine.acknowledge: "it is not repeated by notifiers until its severity changes";
     * tryAcknowledge: decided on the published state, "an alert that stops firing before the
     * acknowledgement is applied simply is not acknowledged" (the same must hold for one whose
     * severity changed). docs/notify.md, escalation: "once an alert has fired for delay and is still
     * unacknowledged, its group is also sent to those receivers". Nagios, whose semantics the docs
     * follow, removes a (non-sticky) acknowledgement when the problem changes state. The promise:
     * never miss a page.
     */
    @Test
    void anAcknowledgementOfAWarningMadeWhileTheEvaluationRaisesItToCriticalDoesNotSilenceTheCritical()
            throws Exception {
        RecordingNotifier primary = new RecordingNotifier("oncall");
        RecordingNotifier manager = new RecordingNotifier("manager");
        java.util.concurrent.atomic.AtomicReference<Double> reading =
                new java.util.concurrent.atomic.AtomicReference<>(0.85);
        java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CountDownLatch> entered =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CountDownLatch> gate =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.ExecutorService evaluator = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (Harness h = new Harness(b -> b.route(Route.all().to(primary).escalateAfter(Duration.ofMinutes(5), manager))
                .timings(new Timings(Duration.ZERO, Duration.ofSeconds(10), Duration.ofHours(4))))) {
            AlertEngine engine = AlertEngine.builder()
                    .clock(h.clock)
                    .rule(Rule.threshold("cpu-high")
                            .metric("cpu")
                            .value(
                                    (series, history) -> {
                                        java.util.concurrent.CountDownLatch g = gate.get();
                                        if (g != null) { // the evaluation is under way: let the operator act
                                            entered.get().countDown();
                                            try {
                                                g.await(10, java.util.concurrent.TimeUnit.SECONDS);
                                            } catch (InterruptedException e) {
                                                Thread.currentThread().interrupt();
                                            }
                                        }
                                        return reading.get();
                                    },
                                    "the reading")
                            .warnAbove(0.8)
                            .critAbove(0.9)
                            .build())
                    .synchronousListeners()
                    .reports(ReportCapture.none())
                    .listener(h.notifications)
                    .build();
            Feed feed = new Feed(h, engine);
            feed.tick(0.85); // fires as WARNING: the primary receiver is paged
            String fp = engine.activeAlerts().get(0).fingerprint();
            assertThat(engine.alert(fp).severity().label()).isEqualTo("warning");

            // the next evaluation finds it critical; the operator acknowledges the warning meanwhile
            entered.set(new java.util.concurrent.CountDownLatch(1));
            gate.set(new java.util.concurrent.CountDownLatch(1));
            reading.set(0.95);
            java.util.concurrent.Future<?> pass = evaluator.submit(() -> feed.tick(0.95));
            assertThat(entered.get().await(10, java.util.concurrent.TimeUnit.SECONDS))
                    .isTrue();
            assertThat(engine.acknowledge(fp, "alice", "looking at the warning"))
                    .as("acknowledged, as published: firing at warning")
                    .isNotNull();
            java.util.concurrent.CountDownLatch g = gate.getAndSet(null);
            g.countDown();
            pass.get(10, java.util.concurrent.TimeUnit.SECONDS);

            for (int i = 0; i < 6; i++) { // critical for a minute more
                feed.tick(0.95);
            }
            h.advance(Duration.ofMinutes(5));
            h.advance(Duration.ofSeconds(10));
            dev.vigil.alerts.Alert now = engine.alert(fp);
            assertThat(now.severity().label()).isEqualTo("critical");
            assertThat(manager.received())
                    .as(
                            "the escalation step pages for the unacknowledged critical (the engine holds it as"
                                    + " acknowledged by %s)",
                            now.acknowledgement())
                    .isNotEmpty();
            engine.close();
        } finally {
            evaluator.shutdownNow();
        }
    }
}

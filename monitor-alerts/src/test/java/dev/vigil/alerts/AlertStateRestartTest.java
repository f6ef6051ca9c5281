package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alerts.label.LabelMatcher;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.alerts.silence.MaintenanceWindow;
import dev.vigil.alerts.silence.Silence;
import dev.vigil.core.journal.JournaledMap;
import dev.vigil.core.metric.MetricId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An engine closed and built again on the same state directory, within one JVM. */
class AlertStateRestartTest {

    static final MetricId CPU = MetricId.of("system.cpu.usage");

    @TempDir
    Path dir;

    RecordingListener events = new RecordingListener();
    AlertEngine engine;
    final TickFeed feed = new TickFeed();

    AlertEngine start(Rule.Builder rule) {
        return start(rule, AlertEngine.DEFAULT_RESTORE_TOLERANCE);
    }

    AlertEngine start(Rule.Builder rule, Duration tolerance) {
        return start(rule, tolerance, AlertEngine.DEFAULT_FORGET_AFTER);
    }

    AlertEngine start(Rule.Builder rule, Duration tolerance, Duration forgetAfter) {
        events = new RecordingListener();
        engine = AlertEngine.builder()
                .synchronousListeners()
                .reports(ReportCapture.none())
                .clock(feed.clock)
                .listener(events)
                .rule(rule)
                .stateDirectory(dir)
                .restoreTolerance(tolerance)
                .forgetAfter(forgetAfter)
                .build();
        feed.attach(engine);
        return engine;
    }

    /** Closes the engine as a shutdown would, and lets {@code downtime} pass. */
    void restart(Rule.Builder rule, Duration downtime) {
        engine.close();
        feed.skip(downtime);
        start(rule);
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    static Rule.Builder cpuHigh() {
        return Rule.threshold("cpu-high")
                .metric("system.cpu.usage")
                .warnAbove(0.8)
                .critAbove(0.95);
    }

    @Test
    void aFiringAlertStillFiringAfterARestartIsRestoredAsFiringAndNotFiredAgain() {
        start(cpuHigh());
        feed.tick(CPU, 0.9);
        assertThat(events.changes()).containsExactly("Fired");
        Alert before = engine.activeAlerts().get(0);
        restart(cpuHigh(), Duration.ofMinutes(3));
        feed.tick(CPU, 0.9);
        assertThat(events.changes()).isEmpty();
        Alert after = engine.activeAlerts().get(0);
        assertThat(after.state()).isEqualTo(AlertState.FIRING);
        assertThat(after.fingerprint()).isEqualTo(before.fingerprint());
        assertThat(after.firingSince()).isEqualTo(before.firingSince());
        feed.tick(CPU, 0.5);
        assertThat(events.changes()).containsExactly("Resolved");
    }

    @Test
    void anAlertWhoseConditionClearedWhileDownResolvesAtTheFirstEvaluation() {
        start(cpuHigh());
        feed.tick(CPU, 0.97);
        restart(cpuHigh(), Duration.ofMinutes(3));
        feed.tick(CPU, 0.2);
        assertThat(events.changes()).containsExactly("Resolved");
        assertThat(events.events.get(0).alert().severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void anAlertWhoseSeriesNeverReturnsResolvesToo() {
        start(cpuHigh());
        feed.tick(CPU, 0.9);
        restart(cpuHigh(), Duration.ofMinutes(3));
        feed.tick();
        assertThat(events.changes()).containsExactly("Resolved");
    }

    @Test
    void aPendingAlertResumesItsForWhereItStoodWhateverTheDowntime() {
        Rule.Builder rule = cpuHigh().forDuration(Duration.ofSeconds(60));
        start(rule);
        feed.tick(CPU, 0.9); // pending since now
        feed.tick(CPU, 0.9);
        feed.tick(CPU, 0.9); // 20 s of 60 elapsed
        restart(rule, Duration.ofMinutes(10));
        feed.tick(CPU, 0.9); // still 20 s: the downtime does not count
        assertThat(engine.activeAlerts().get(0).state()).isEqualTo(AlertState.PENDING);
        for (int i = 0; i < 3; i++) {
            feed.tick(CPU, 0.9); // 30, 40, 50 s
        }
        assertThat(events.changes()).isEmpty();
        feed.tick(CPU, 0.9); // 60 s
        assertThat(events.changes()).containsExactly("Fired");
    }

    @Test
    void aPendingAlertStartsOverWhenTheDowntimeExceedsTheRestoreTolerance() {
        Rule.Builder rule = cpuHigh().forDuration(Duration.ofSeconds(30));
        start(rule, Duration.ofMinutes(5));
        feed.tick(CPU, 0.9);
        feed.tick(CPU, 0.9); // 10 s of 30
        engine.close();
        feed.skip(Duration.ofMinutes(10));
        start(rule, Duration.ofMinutes(5));
        for (int i = 0; i < 3; i++) {
            feed.tick(CPU, 0.9); // 0, 10, 20 s
        }
        assertThat(events.changes()).isEmpty();
        feed.tick(CPU, 0.9); // 30 s
        assertThat(events.changes()).containsExactly("Fired");
    }

    @Test
    void keepFiringForResumesWhereItStood() {
        Rule.Builder rule = cpuHigh().keepFiringFor(Duration.ofSeconds(40));
        start(rule);
        feed.tick(CPU, 0.9);
        feed.tick(CPU, 0.5); // keeps firing since now
        feed.tick(CPU, 0.5); // 10 s of 40
        restart(rule, Duration.ofMinutes(30));
        feed.tick(CPU, 0.5); // 10 s
        feed.tick(CPU, 0.5); // 20 s
        feed.tick(CPU, 0.5); // 30 s
        assertThat(events.changes()).isEmpty();
        assertThat(engine.activeAlerts().get(0).state()).isEqualTo(AlertState.FIRING);
        feed.tick(CPU, 0.5); // 40 s
        assertThat(events.changes()).containsExactly("Resolved");
    }

    @Test
    void anAcknowledgementSurvivesARestart() {
        start(cpuHigh());
        feed.tick(CPU, 0.9);
        String fp = engine.activeAlerts().get(0).fingerprint();
        assertThat(engine.acknowledge(fp, "alice", "on it")).isNotNull();
        restart(cpuHigh(), Duration.ofMinutes(1));
        feed.tick(CPU, 0.9);
        Alert.Acknowledgement ack = engine.alert(fp).acknowledgement();
        assertThat(ack.by()).isEqualTo("alice");
        assertThat(ack.note()).isEqualTo("on it");
    }

    @Test
    void aSilenceSurvivesARestartAndExpiresOnSchedule() {
        start(cpuHigh());
        String id = engine.silence(Silence.matching(LabelMatcher.equal("alertname", "cpu-high"))
                .from(feed.clock.now())
                .lasting(Duration.ofMinutes(5))
                .by("ops")
                .comment("deploy")
                .build());
        feed.tick(CPU, 0.9);
        assertThat(engine.activeAlerts().get(0).silenced()).isTrue();
        restart(cpuHigh(), Duration.ofMinutes(2));
        assertThat(engine.silences()).containsKey(id);
        feed.tick(CPU, 0.9);
        assertThat(engine.activeAlerts().get(0).silenced()).isTrue();
        engine.close();
        feed.skip(Duration.ofMinutes(4)); // past its end while down
        start(cpuHigh());
        assertThat(engine.silences()).isEmpty();
        feed.tick(CPU, 0.9);
        assertThat(engine.activeAlerts().get(0).silenced()).isFalse();
        assertThat(events.changes()).containsExactly("Unsilenced");
    }

    @Test
    void aMaintenanceWindowAddedAtRunTimeSurvivesARestartAndEndsOnSchedule() {
        start(cpuHigh());
        engine.addMaintenanceWindow(
                MaintenanceWindow.once(feed.clock.now(), feed.clock.now().plus(Duration.ofMinutes(3))));
        feed.tick(CPU, 0.9);
        assertThat(engine.activeAlerts().get(0).silenced()).isTrue();
        restart(cpuHigh(), Duration.ofMinutes(1));
        feed.tick(CPU, 0.9);
        assertThat(engine.activeAlerts().get(0).silenced()).isTrue();
        feed.skip(Duration.ofMinutes(2));
        feed.tick(CPU, 0.9);
        assertThat(engine.activeAlerts().get(0).silenced()).isFalse();
        engine.close();
        try (JournaledMap state = JournaledMap.open(dir, "alerts", Duration.ZERO)) {
            assertThat(state.entries().keySet()).noneMatch(k -> k.startsWith("window/"));
        }
        start(cpuHigh());
    }

    @Test
    void everyRestoredAlertIsToldToListenersAsRestoredBeforeTheFirstEvaluationsEvents() {
        start(cpuHigh());
        feed.tick(CPU, 0.97);
        String fp = engine.activeAlerts().get(0).fingerprint();
        restart(cpuHigh(), Duration.ofMinutes(3));
        feed.tick(CPU, 0.2);
        assertThat(events.kinds()).containsExactly("Restored", "Resolved");
        Alert restored = events.events.get(0).alert();
        assertThat(restored.fingerprint()).isEqualTo(fp);
        assertThat(restored.state()).isEqualTo(AlertState.FIRING);
        assertThat(restored.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void anAlertResolvedShortlyBeforeTheStopIsToldAgainAsRestoredResolved() {
        start(cpuHigh());
        feed.tick(CPU, 0.9);
        String fp = engine.activeAlerts().get(0).fingerprint();
        feed.tick(CPU, 0.2);
        assertThat(events.kinds()).containsExactly("Fired", "Resolved");
        restart(cpuHigh(), Duration.ofMinutes(3));
        feed.tick(CPU, 0.2);
        assertThat(events.kinds()).containsExactly("Restored");
        Alert restored = events.events.get(0).alert();
        assertThat(restored.fingerprint()).isEqualTo(fp);
        assertThat(restored.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(restored.labels()).containsEntry("alertname", "cpu-high");
    }

    /** An engine that forgets a series 30 s after it was last heard of. */
    AlertEngine startForgetting(Rule.Builder rule) {
        return start(rule, AlertEngine.DEFAULT_RESTORE_TOLERANCE, Duration.ofSeconds(30));
    }

    @Test
    void anAlertResolvedInThePassThatForgetsItIsJournaledResolvedAndNotRestoredFiring() {
        // keepFiringFor outlasts forgetAfter: the alert resolves in the pass that forgets its series
        Rule.Builder rule = cpuHigh().keepFiringFor(Duration.ofMinutes(1));
        startForgetting(rule);
        feed.tick(CPU, 0.9);
        MetricId other = MetricId.of("other");
        for (int i = 0; i < 12 && !events.changes().contains("Resolved"); i++) {
            feed.tick(other, 1.0); // the series is gone
        }
        assertThat(events.changes()).containsExactly("Fired", "Resolved");
        assertThat(engine.alerts()).as("forgotten in the pass that resolved it").isEmpty();
        restart(rule, Duration.ofMinutes(1));
        feed.tick(other, 1.0);
        assertThat(events.changes()).doesNotContain("Fired");
        assertThat(events.events).allSatisfy(e -> assertThat(e.alert().state()).isNotEqualTo(AlertState.FIRING));
    }

    @Test
    void aFlappingAlertForgottenBeforeItsFlappingDecayedIsNotRestoredFlapping() {
        Rule.Builder rule = cpuHigh().flapDetection();
        startForgetting(rule);
        for (double v : new double[] {0.2, 0.9, 0.2, 0.9, 0.2, 0.9, 0.2}) {
            feed.tick(CPU, v);
        }
        assertThat(events.changes()).contains("FlappingStarted");
        MetricId other = MetricId.of("other");
        for (int i = 0; i < 8 && !engine.alerts().isEmpty(); i++) {
            feed.tick(other, 1.0);
        }
        assertThat(engine.alerts()).isEmpty();
        assertThat(events.changes()).last().isEqualTo("FlappingStopped");
        restart(rule, Duration.ofMinutes(1));
        feed.tick(CPU, 0.2);
        assertThat(events.changes()).as("no second stop after the restart").doesNotContain("FlappingStopped");
        assertThat(events.events)
                .allSatisfy(e -> assertThat(e.alert().flapping()).isFalse());
    }

    @Test
    void aRuleRemovedWhileFiringAndBackAfterARestartWaitsItsForAgain() {
        Rule.Builder rule = cpuHigh().forDuration(Duration.ofMinutes(1));
        start(rule);
        for (int i = 0; i < 8; i++) {
            feed.tick(CPU, 0.9);
        }
        assertThat(events.changes()).containsExactly("Fired");
        engine.replaceRules(List.of());
        feed.tick(CPU, 0.9);
        assertThat(events.changes()).containsExactly("Fired", "Resolved");
        restart(rule, Duration.ofMinutes(1));
        feed.tick(CPU, 0.9);
        feed.tick(CPU, 0.9);
        assertThat(events.changes())
                .as("one breaching sample after the restart")
                .doesNotContain("Fired");
    }

    @Test
    void aRuleRemovedAndAddedAgainKeepsTheRemovalsResolutionForARestartToTell() {
        start(cpuHigh());
        feed.tick(CPU, 0.9);
        String fp = engine.activeAlerts().get(0).fingerprint();
        engine.replaceRules(List.of());
        feed.tick(CPU, 0.2);
        engine.replaceRules(List.of(cpuHigh().build()));
        feed.tick(CPU, 0.2); // the alert is back, quiet
        assertThat(events.changes()).containsExactly("Fired", "Resolved");
        restart(cpuHigh(), Duration.ofMinutes(3));
        feed.tick(CPU, 0.2);
        assertThat(events.kinds()).containsExactly("Restored");
        assertThat(events.events.get(0).alert().fingerprint()).isEqualTo(fp);
        assertThat(events.events.get(0).alert().state()).isEqualTo(AlertState.RESOLVED);
    }

    @Test
    void aResolutionOlderThanTheKeptTimeIsNotToldAgain() {
        start(cpuHigh());
        feed.tick(CPU, 0.9);
        feed.tick(CPU, 0.2);
        for (long t = 0; t <= AlertStateStore.RESOLVED_KEPT_MILLIS; t += TickFeed.INTERVAL.toMillis()) {
            feed.tick(CPU, 0.2);
        }
        restart(cpuHigh(), Duration.ofMinutes(3));
        feed.tick(CPU, 0.2);
        assertThat(events.kinds()).isEmpty();
    }

    @Test
    void aFiringAlertWhoseRuleIsGoneAfterTheRestartIsResolvedToListeners() {
        start(cpuHigh());
        feed.tick(CPU, 0.9);
        Alert fired = engine.activeAlerts().get(0);
        restart(Rule.threshold("cpu-renamed").metric("system.cpu.usage").warnAbove(0.8), Duration.ofMinutes(3));
        feed.tick(CPU, 0.5);
        assertThat(events.kinds()).containsExactly("Resolved");
        Alert resolved = events.events.get(0).alert();
        assertThat(resolved.fingerprint()).isEqualTo(fired.fingerprint());
        assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(resolved.labels()).isEqualTo(fired.labels());
        assertThat(engine.alerts()).noneMatch(a -> a.fingerprint().equals(fired.fingerprint()));
    }

    @Test
    void aRuleWhoseLabelsChangedWhileDownDoesNotTakeTheStoredAlertOverButResolvesItAndFiresAnew() {
        start(cpuHigh().label("team", "web"));
        feed.tick(CPU, 0.9);
        Alert before = engine.activeAlerts().get(0);
        restart(cpuHigh().label("team", "db"), Duration.ofMinutes(3));
        feed.tick(CPU, 0.9);
        assertThat(events.kinds()).containsExactly("Resolved", "Fired");
        assertThat(events.events.get(0).alert().fingerprint()).isEqualTo(before.fingerprint());
        assertThat(events.events.get(0).alert().labels()).containsEntry("team", "web");
        assertThat(events.events.get(1).alert().labels()).containsEntry("team", "db");
    }

    @Test
    void twoMaintenanceWindowsWhoseEncodingsShareAStringHashAreKeptApart() {
        start(cpuHigh());
        // "Aa" and "BB" have the same String.hashCode(): under a 32-bit key the second window
        // overwrote the first, and removing the first removed both from the state
        java.time.Instant from = feed.clock.now();
        java.time.Instant to = from.plus(Duration.ofHours(1));
        MaintenanceWindow aa = MaintenanceWindow.once(from, to, LabelMatcher.equal("team", "Aa"));
        MaintenanceWindow bb = MaintenanceWindow.once(from, to, LabelMatcher.equal("team", "BB"));
        assertThat(AlertStateStore.encodeWindow(aa).hashCode())
                .isEqualTo(AlertStateStore.encodeWindow(bb).hashCode());
        dev.vigil.core.Subscription first = engine.addMaintenanceWindow(aa);
        engine.addMaintenanceWindow(bb);
        first.close();
        engine.close();
        try (JournaledMap state = JournaledMap.open(dir, "alerts", Duration.ZERO)) {
            assertThat(state.entries().values()).containsExactly(AlertStateStore.encodeWindow(bb));
        }
        start(cpuHigh().label("team", "BB"));
        feed.tick(CPU, 0.9);
        assertThat(engine.activeAlerts().get(0).silenced()).isTrue();
    }

    @Test
    void aSecondEngineOnTheSameDirectoryIsRefusedNamingTheDirectory() {
        start(cpuHigh());
        assertThatThrownBy(() -> AlertEngine.builder()
                        .stateDirectory(dir)
                        .rule(cpuHigh())
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir.toAbsolutePath().toString())
                .hasMessageContaining("in use");
    }

    @Test
    void anEngineWithoutAStateDirectoryWritesNothing() {
        AlertEngine memory = AlertEngine.builder()
                .reports(ReportCapture.none())
                .rule(cpuHigh())
                .build();
        new TickFeed(memory).tick(CPU, 0.9);
        memory.close();
        assertThat(dir.toFile().list()).isEmpty();
        start(cpuHigh());
        assertThat(List.of(dir.toFile().list())).contains("alerts.snapshot", "alerts.lock");
    }

    @Test
    void aFlappingAlertStaysFlappingAcrossARestartAndSettlesAfterAsManyTicksAsWithout() {
        int without = ticksUntilFlappingStops(null);
        int with = ticksUntilFlappingStops(dir.resolve("flap"));
        assertThat(with).isEqualTo(without).isGreaterThan(1);
    }

    /** Flaps an alert, restarts the engine on {@code state} (if given), then counts steady ticks until it settles. */
    private static int ticksUntilFlappingStops(Path state) {
        Rule.Builder rule =
                Rule.threshold("cpu").metric("system.cpu.usage").warnAbove(0.8).flapDetection();
        TickFeed feed = new TickFeed();
        RecordingListener events = new RecordingListener();
        AlertEngine first = flapEngine(rule, state, events, feed);
        for (int i = 0; i < 9; i++) {
            feed.tick(CPU, i % 2 == 0 ? 0.1 : 0.9);
        }
        assertThat(events.changes()).contains("FlappingStarted");
        AlertEngine engine = first;
        if (state != null) {
            first.close();
            feed.skip(Duration.ofMinutes(5));
            events = new RecordingListener();
            engine = flapEngine(rule, state, events, feed);
        } else {
            events.clear();
        }
        int ticks = 0;
        while (!events.changes().contains("FlappingStopped") && ticks++ < 40) {
            feed.tick(CPU, 0.1);
            if (ticks == 1) {
                assertThat(engine.alerts().get(0).flapping()).isTrue();
            }
        }
        assertThat(events.changes()).doesNotContain("FlappingStarted", "Fired");
        engine.close();
        return ticks;
    }

    private static AlertEngine flapEngine(Rule.Builder rule, Path state, RecordingListener events, TickFeed feed) {
        AlertEngine.Builder b = AlertEngine.builder()
                .synchronousListeners()
                .reports(ReportCapture.none())
                .clock(feed.clock)
                .listener(events)
                .rule(rule);
        if (state != null) {
            b.stateDirectory(state);
        }
        AlertEngine e = b.build();
        feed.attach(e);
        return e;
    }
}

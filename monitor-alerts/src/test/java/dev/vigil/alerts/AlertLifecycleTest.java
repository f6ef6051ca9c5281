package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.DataPolicy;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertLifecycleTest {

    static final MetricId CPU = MetricId.of("system.cpu.usage");
    static final MetricId ROOT = MetricId.of("disk.usage", "mount", "/");
    static final MetricId VAR = MetricId.of("disk.usage", "mount", "/var");

    final RecordingListener events = new RecordingListener();

    AlertEngine engine(Rule.Builder... rules) {
        AlertEngine.Builder b = AlertEngine.builder()
                .synchronousListeners()
                .reports(ReportCapture.none())
                .listener(events);
        for (Rule.Builder r : rules) {
            b.rule(r);
        }
        return b.build();
    }

    static Rule.Builder cpuHigh() {
        return Rule.threshold("cpu-high")
                .metric("system.cpu.usage")
                .warnAbove(0.8)
                .critAbove(0.95);
    }

    @Test
    void firesAtOnceWithoutForAndResolvesWhenTheConditionStops() {
        TickFeed feed = new TickFeed(engine(cpuHigh()));
        feed.tick(CPU, 0.5);
        assertThat(events.events).isEmpty();
        feed.tick(CPU, 0.85);
        assertThat(events.kinds()).containsExactly("Fired");
        Alert fired = events.events.get(0).alert();
        assertThat(fired.state()).isEqualTo(AlertState.FIRING);
        assertThat(fired.severity()).isEqualTo(Severity.WARNING);
        assertThat(fired.value()).isEqualTo(0.85);
        assertThat(fired.firingSince()).isEqualTo(Instant.ofEpochMilli(feed.now()));
        feed.tick(CPU, 0.5);
        assertThat(events.kinds()).containsExactly("Fired", "Resolved");
        Alert resolved = events.events.get(1).alert();
        assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(resolved.resolvedAt()).isEqualTo(Instant.ofEpochMilli(feed.now()));
        assertThat(resolved.fingerprint()).isEqualTo(fired.fingerprint());
    }

    @Test
    void staysPendingUntilTheForDurationHasElapsed() {
        AlertEngine engine = engine(cpuHigh().forDuration(Duration.ofSeconds(30)));
        TickFeed feed = new TickFeed(engine);
        feed.tick(CPU, 0.9);
        long started = feed.now();
        assertThat(engine.activeAlerts())
                .singleElement()
                .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.PENDING))
                .satisfies(a -> assertThat(a.activeSince()).isEqualTo(Instant.ofEpochMilli(started)));
        feed.tick(CPU, 0.9);
        feed.tick(CPU, 0.9);
        assertThat(events.events).isEmpty();
        feed.tick(CPU, 0.9); // 30 s after the first breach
        assertThat(events.kinds()).containsExactly("Fired");
        assertThat(events.events.get(0).alert().activeSince()).isEqualTo(Instant.ofEpochMilli(started));
    }

    @Test
    void aPendingAlertThatRecoversGoesBackToInactiveSilently() {
        AlertEngine engine = engine(cpuHigh().forDuration(Duration.ofSeconds(30)));
        TickFeed feed = new TickFeed(engine);
        feed.tick(CPU, 0.9);
        feed.tick(CPU, 0.9);
        feed.tick(CPU, 0.1);
        assertThat(engine.activeAlerts()).isEmpty();
        feed.tick(CPU, 0.9);
        feed.tick(CPU, 0.9);
        feed.tick(CPU, 0.9);
        assertThat(events.events).isEmpty(); // the clock restarted at the second breach
        feed.tick(CPU, 0.9);
        assertThat(events.kinds()).containsExactly("Fired");
    }

    @Test
    void severityChangesAreEventsOfTheirOwnAndKeepTheFingerprint() {
        TickFeed feed = new TickFeed(engine(cpuHigh()));
        feed.tick(CPU, 0.85);
        feed.tick(CPU, 0.99);
        feed.tick(CPU, 0.97);
        feed.tick(CPU, 0.85);
        assertThat(events.kinds()).containsExactly("Fired", "SeverityChanged", "SeverityChanged");
        AlertEvent.SeverityChanged up =
                events.of(AlertEvent.SeverityChanged.class).get(0);
        assertThat(up.previous()).isEqualTo(Severity.WARNING);
        assertThat(up.alert().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(up.alert().labels()).containsEntry("severity", "critical");
        assertThat(up.alert().fingerprint())
                .isEqualTo(events.events.get(0).alert().fingerprint());
        assertThat(events.of(AlertEvent.SeverityChanged.class).get(1).previous())
                .isEqualTo(Severity.CRITICAL);
    }

    @Test
    void keepFiringForBridgesAMissingSampleAndABriefDip() {
        AlertEngine engine = engine(cpuHigh().keepFiringFor(Duration.ofSeconds(30)));
        TickFeed feed = new TickFeed(engine);
        feed.tick(CPU, 0.9);
        feed.tick(); // missing sample
        feed.tick(CPU, 0.1); // brief dip
        feed.tick(CPU, 0.9); // back
        assertThat(events.kinds()).containsExactly("Fired");
        feed.tick(CPU, 0.1);
        feed.tick(CPU, 0.1);
        assertThat(events.kinds()).containsExactly("Fired");
        assertThat(engine.activeAlerts())
                .singleElement()
                .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.FIRING));
        feed.tick(CPU, 0.1); // 20 s after the first evaluation without a breach
        assertThat(events.kinds()).containsExactly("Fired");
        feed.tick(CPU, 0.1); // 30 s after it: Prometheus' KeepFiringSince rule
        assertThat(events.kinds()).containsExactly("Fired", "Resolved");
    }

    @Test
    void withoutKeepFiringForAMissingSampleResolves() {
        TickFeed feed = new TickFeed(engine(cpuHigh()));
        feed.tick(CPU, 0.9);
        feed.tick();
        assertThat(events.kinds()).containsExactly("Fired", "Resolved");
    }

    @Test
    void needsConsecutiveEvaluationsLikeNagiosMaxCheckAttempts() {
        TickFeed feed = new TickFeed(engine(cpuHigh().forEvaluations(3)));
        feed.tick(CPU, 0.9);
        feed.tick(CPU, 0.9);
        feed.tick(CPU, 0.1);
        feed.tick(CPU, 0.9);
        feed.tick(CPU, 0.9);
        assertThat(events.events).isEmpty();
        feed.tick(CPU, 0.9);
        assertThat(events.kinds()).containsExactly("Fired");
    }

    @Test
    void firesOnNTimesWithinMCyclesLikeMonit() {
        TickFeed feed = new TickFeed(engine(cpuHigh().timesWithin(3, 5)));
        feed.tick(CPU, 0.9);
        feed.tick(CPU, 0.1);
        feed.tick(CPU, 0.9);
        feed.tick(CPU, 0.1);
        assertThat(events.events).isEmpty();
        feed.tick(CPU, 0.9); // 3 of the last 5
        assertThat(events.kinds()).containsExactly("Fired");
    }

    @Test
    void nOfMForgetsBreachesOlderThanTheWindow() {
        TickFeed feed = new TickFeed(engine(cpuHigh().timesWithin(2, 3)));
        feed.tick(CPU, 0.9);
        feed.tick(CPU, 0.1);
        feed.tick(CPU, 0.1);
        feed.tick(CPU, 0.9); // the first breach is 4 cycles back
        assertThat(events.events).isEmpty();
        feed.tick(CPU, 0.9);
        assertThat(events.kinds()).containsExactly("Fired");
    }

    @Test
    void theClearLevelHoldsAnAlertWhileTheValueHoversAtTheThreshold() {
        TickFeed feed = new TickFeed(engine(
                Rule.threshold("cpu").metric("system.cpu.usage").warnAbove(0.8).clearBelow(0.7)));
        feed.tick(CPU, 0.81);
        feed.tick(CPU, 0.79);
        feed.tick(CPU, 0.81);
        feed.tick(CPU, 0.75);
        assertThat(events.kinds()).containsExactly("Fired");
        feed.tick(CPU, 0.69);
        assertThat(events.kinds()).containsExactly("Fired", "Resolved");
        feed.tick(CPU, 0.79);
        assertThat(events.kinds()).containsExactly("Fired", "Resolved");
    }

    @Test
    void nanNeverFires() {
        AlertEngine engine = engine(
                cpuHigh(),
                Rule.threshold("low").metric("system.cpu.usage").critBelow(0.1),
                Rule.threshold("range").metric("system.cpu.usage").warn("@~:"));
        TickFeed feed = new TickFeed(engine);
        for (int i = 0; i < 5; i++) {
            feed.tick(CPU, Double.NaN);
        }
        assertThat(events.events).isEmpty();
        assertThat(engine.activeAlerts()).isEmpty();
    }

    /** What the default external labels put in {@code instance}. */
    private static final String HOST = ExternalLabels.hostInstance().labels().get(ExternalLabels.INSTANCE);

    @Test
    void oneInstancePerMatchingSeriesCarryingItsTagsAsLabels() {
        AlertEngine engine = engine(Rule.threshold("disk-full")
                .metric("disk.usage")
                .whereNot("mount", "/boot")
                .label("team", "ops")
                .warnAbove(0.9));
        TickFeed feed = new TickFeed(engine);
        feed.tick(
                ROOT,
                0.95,
                VAR,
                0.95,
                MetricId.of("disk.usage", "mount", "/boot"),
                0.99,
                MetricId.of("disk.free", "mount", "/"),
                0.95);
        assertThat(events.of(AlertEvent.Fired.class))
                .extracting(e -> e.alert().labels())
                .containsExactlyInAnyOrder(
                        java.util.Map.of(
                                "alertname",
                                "disk-full",
                                "mount",
                                "/",
                                "team",
                                "ops",
                                "severity",
                                "warning",
                                "series",
                                "disk.usage{mount=\"/\"}",
                                "instance",
                                HOST),
                        java.util.Map.of(
                                "alertname",
                                "disk-full",
                                "mount",
                                "/var",
                                "team",
                                "ops",
                                "severity",
                                "warning",
                                "series",
                                "disk.usage{mount=\"/var\"}",
                                "instance",
                                HOST));
        assertThat(events.events.get(0).alert().fingerprint())
                .isNotEqualTo(events.events.get(1).alert().fingerprint());
    }

    @Test
    void regexSelectorsAreAnchored() {
        TickFeed feed = new TickFeed(engine(Rule.threshold("disk-full")
                .metric("disk.usage")
                .whereMatches("mount", "/v.*")
                .warnAbove(0.9)));
        feed.tick(ROOT, 0.95, VAR, 0.95, MetricId.of("disk.usage", "mount", "/srv/v1"), 0.95);
        assertThat(events.of(AlertEvent.Fired.class))
                .singleElement()
                .satisfies(e -> assertThat(e.alert().labels()).containsEntry("mount", "/var"));
    }

    @Test
    void summaryIsRenderedWithValueThresholdAndLabelsFormattedByUnit() {
        AlertEngine engine = engine(Rule.threshold("disk-full")
                .metric("disk.usage")
                .critAbove(0.9)
                .summary("{{alertname}}: {{value}} on {{mount}} (threshold {{threshold}})")
                .description("{{severity}} {{nosuch}}"));
        TickFeed feed = new TickFeed(engine).unit(ROOT, Unit.RATIO);
        feed.tick(ROOT, 0.9234);
        Alert a = events.events.get(0).alert();
        assertThat(a.annotations())
                .containsEntry("summary", "disk-full: 92.3% on / (threshold > 90%)")
                .containsEntry("description", "critical {{nosuch}}");
    }

    @Test
    void comparesAWindowAggregate() {
        TickFeed feed = new TickFeed(engine(Rule.threshold("cpu-avg")
                .metric("system.cpu.usage")
                .avg(Duration.ofSeconds(30))
                .warnAbove(0.5)));
        feed.tick(CPU, 0.9); // avg 0.9
        assertThat(events.kinds()).containsExactly("Fired");
        feed.tick(CPU, 0.0); // avg 0.45
        assertThat(events.kinds()).containsExactly("Fired", "Resolved");
        feed.tick(CPU, 0.7); // avg of 0.9, 0, 0.7 = 0.533
        assertThat(events.kinds()).containsExactly("Fired", "Resolved", "Fired");
        feed.tick(CPU, 0.1); // avg of 0, 0.7, 0.1 = 0.267
        assertThat(events.kinds()).containsExactly("Fired", "Resolved", "Fired", "Resolved");
    }

    @Test
    void comparesAPercentileAndAMaximum() {
        AlertEngine engine = engine(
                Rule.threshold("p50")
                        .metric("system.cpu.usage")
                        .percentile(0.5, Duration.ofMinutes(1))
                        .warnAbove(0.5),
                Rule.threshold("max")
                        .metric("system.cpu.usage")
                        .max(Duration.ofMinutes(1))
                        .warnAbove(0.95));
        TickFeed feed = new TickFeed(engine);
        feed.tick(CPU, 0.99);
        feed.tick(CPU, 0.1);
        feed.tick(CPU, 0.1);
        assertThat(engine.activeAlerts()).extracting(Alert::name).containsExactly("max");
    }

    @Test
    void comparesAPredictedValueFromTheHistory() {
        FakeHistory history = new FakeHistory();
        FakeHistory.Series free = history.add(MetricId.of("disk.free", "mount", "/"), Unit.BYTES);
        AlertEngine engine = engine(Rule.threshold("disk-fills")
                .metric("disk.free")
                .predict(Duration.ofHours(1), Duration.ofHours(4))
                .warnBelow(0));
        TickFeed feed = new TickFeed(engine).history(history);
        free.predicted = 5e9;
        feed.tick(free.id(), 10e9);
        assertThat(events.events).isEmpty();
        free.predicted = -1e9;
        feed.tick(free.id(), 9e9);
        assertThat(events.kinds()).containsExactly("Fired");
        assertThat(free.lastPredictWindow).isEqualTo(Duration.ofHours(1));
        assertThat(free.lastPredictAhead).isEqualTo(Duration.ofHours(4));
        assertThat(events.events.get(0).alert().value()).isEqualTo(-1e9);
    }

    @Test
    void comparesARateFromTheHistory() {
        FakeHistory history = new FakeHistory();
        FakeHistory.Series errors = history.add(MetricId.of("app.errors"), Unit.PER_SECOND);
        TickFeed feed = new TickFeed(engine(Rule.threshold("errors")
                        .metric("app.errors")
                        .rate(Duration.ofMinutes(5))
                        .critAbove(2)))
                .history(history);
        errors.rate = 1;
        feed.tick(errors.id(), 100);
        errors.rate = 3;
        feed.tick(errors.id(), 200);
        assertThat(events.kinds()).containsExactly("Fired");
    }

    @Test
    void aQueryThatThrowsMakesTheAlertUnknownInsteadOfBreakingEvaluation() {
        FakeHistory history = new FakeHistory();
        FakeHistory.Series free = history.add(MetricId.of("disk.free"), Unit.BYTES);
        free.predicted = Double.NaN;
        free.failing = true;
        AlertEngine engine = engine(
                Rule.threshold("disk-fills")
                        .metric("disk.free")
                        .predict(Duration.ofHours(1), Duration.ofHours(4))
                        .warnBelow(0),
                cpuHigh());
        TickFeed feed = new TickFeed(engine).history(history);
        feed.tick(free.id(), 1, CPU, 0.9);
        assertThat(events.kinds()).containsExactlyInAnyOrder("Unknown", "Fired");
    }

    @Test
    void customRulesReadTwoSeriesFromTheHistory() {
        MetricId open = MetricId.of("process.files.open");
        MetricId max = MetricId.of("process.files.max");
        AlertEngine engine = engine(Rule.custom("fd-near-limit")
                .metric("process.files.open")
                .value((s, h) -> s.latest() / h.series(max).latest(), "open / max")
                .unit(Unit.RATIO)
                .warnAbove(0.8));
        TickFeed feed = new TickFeed(engine);
        feed.tick(open, 100, max, 1000);
        feed.tick(open, 900, max, 1000);
        assertThat(events.of(AlertEvent.Fired.class))
                .singleElement()
                .satisfies(e -> assertThat(e.alert().value()).isEqualTo(0.9))
                .satisfies(
                        e -> assertThat(e.alert().annotations().get("summary")).contains("90%"));
    }

    @Test
    void anErrorThrownByUserCodeMakesThatAlertUnknownAndTheOthersAreStillEvaluated() {
        AlertEngine engine = engine(
                Rule.custom("broken")
                        .metric("system.cpu.usage")
                        .value(
                                (s, h) -> {
                                    throw new StackOverflowError("user recursion");
                                },
                                "recursive")
                        .warnAbove(0.5),
                Rule.custom("asserting").metric("system.cpu.usage").when((s, h) -> {
                    throw new AssertionError("user assertion");
                }),
                cpuHigh());
        TickFeed feed = new TickFeed(engine);
        feed.tick(CPU, 0.9);
        feed.tick(CPU, 0.9);
        assertThat(events.events)
                .extracting(e -> e.alert().rule() + " " + e.getClass().getSimpleName())
                .containsExactlyInAnyOrder("broken Unknown", "asserting Unknown", "cpu-high Fired");
        assertThat(engine.stats().evaluationFailures()).isEqualTo(4);
    }

    @Test
    void customPredicateRulesFireAtTheirSeverity() {
        TickFeed feed = new TickFeed(engine(Rule.custom("stuck")
                .metric("system.cpu.usage")
                .when(
                        (s, h) -> s.count(Duration.ofSeconds(30)) >= 3
                                && s.min(Duration.ofSeconds(30)) == s.max(Duration.ofSeconds(30)),
                        Severity.WARNING)));
        feed.tick(CPU, 0.3);
        feed.tick(CPU, 0.3);
        assertThat(events.events).isEmpty();
        feed.tick(CPU, 0.3);
        assertThat(events.of(AlertEvent.Fired.class))
                .singleElement()
                .satisfies(e -> assertThat(e.alert().severity()).isEqualTo(Severity.WARNING))
                .satisfies(
                        e -> assertThat(e.alert().annotations()).containsEntry("summary", "stuck on system.cpu.usage"));
    }

    @Test
    void anAbsentSeriesRaisesANoDataAlertAtTheHighestSeverity() {
        MetricId beat = MetricId.of("app.heartbeat");
        AlertEngine engine = engine(Rule.threshold("heartbeat")
                .metric("app.heartbeat")
                .warnBelow(1)
                .critBelow(0.5)
                .absentFor(Duration.ofSeconds(30)));
        TickFeed feed = new TickFeed(engine);
        feed.tick(beat, 1);
        feed.tick();
        feed.tick();
        assertThat(events.events).isEmpty();
        feed.tick(); // 30 s without a sample
        assertThat(events.of(AlertEvent.Fired.class))
                .singleElement()
                .satisfies(e -> assertThat(e.alert().severity()).isEqualTo(Severity.CRITICAL))
                .satisfies(e -> assertThat(e.alert().value()).isNaN());
        feed.tick(beat, 1);
        assertThat(events.kinds()).containsExactly("Fired", "Resolved");
    }

    @Test
    void anExactSeriesThatNeverReportsRaisesItsNoDataAlertLikePrometheusAbsent() {
        AlertEngine engine = engine(Rule.threshold("backup-disk")
                .metric("disk.usage")
                .where("mount", "/backup")
                .warnAbove(0.9)
                .absentFor(Duration.ofSeconds(30)));
        TickFeed feed = new TickFeed(engine);
        feed.tick(ROOT, 0.5);
        feed.tick(ROOT, 0.5);
        feed.tick(ROOT, 0.5);
        assertThat(events.events).isEmpty();
        feed.tick(ROOT, 0.5); // 30 s since the engine started watching
        assertThat(events.of(AlertEvent.Fired.class))
                .singleElement()
                .satisfies(e -> assertThat(e.alert().labels()).containsEntry("mount", "/backup"));
    }

    @Test
    void noDataPoliciesOkAndKeepLast() {
        MetricId beat = MetricId.of("app.heartbeat");
        AlertEngine engine = engine(
                Rule.threshold("keep")
                        .metric("app.heartbeat")
                        .critAbove(5)
                        .absentFor(Duration.ofSeconds(20))
                        .onNoData(DataPolicy.KEEP_LAST)
                        .keepFiringFor(Duration.ofSeconds(20)),
                Rule.threshold("ok")
                        .metric("app.heartbeat")
                        .critAbove(5)
                        .absentFor(Duration.ofSeconds(20))
                        .onNoData(DataPolicy.OK)
                        .keepFiringFor(Duration.ofSeconds(20)));
        TickFeed feed = new TickFeed(engine);
        feed.tick(beat, 10);
        for (int i = 0; i < 6; i++) {
            feed.tick();
        }
        assertThat(engine.activeAlerts()).extracting(Alert::name).containsExactly("keep");
        assertThat(events.of(AlertEvent.Resolved.class))
                .extracting(e -> e.alert().name())
                .containsExactly("ok");
    }

    @Test
    void anUnknownSeriesMakesTheAlertUnknownByDefaultAndFiringResumesWithoutANewFired() {
        AlertEngine engine = engine(cpuHigh());
        TickFeed feed = new TickFeed(engine);
        feed.tick(CPU, 0.9);
        feed.tickUnknown(CPU);
        assertThat(events.kinds()).containsExactly("Fired", "Unknown");
        assertThat(engine.activeAlerts())
                .singleElement()
                .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.UNKNOWN));
        assertThat(engine.health()).isEqualTo(Health.WARNING); // still firing as far as anyone knows
        feed.tickUnknown(CPU);
        assertThat(events.kinds()).containsExactly("Fired", "Unknown");
        feed.tick(CPU, 0.99);
        assertThat(events.kinds()).containsExactly("Fired", "Unknown", "SeverityChanged");
        feed.tickUnknown(CPU);
        feed.tick(CPU, 0.1);
        assertThat(events.kinds()).containsExactly("Fired", "Unknown", "SeverityChanged", "Unknown", "Resolved");
    }

    @Test
    void healthCountsAnAlertThatWentUnknownWhileFiringAtItsLastFiringSeverity() {
        AlertEngine engine =
                engine(cpuHigh(), Rule.threshold("disk").metric("disk.usage").warnAbove(0.9));
        TickFeed feed = new TickFeed(engine);
        feed.tick(CPU, 0.99, ROOT, 0.1);
        assertThat(engine.health()).isEqualTo(Health.CRITICAL);
        feed.tick(java.util.Map.of(ROOT, 0.1), java.util.Set.of(CPU));
        assertThat(engine.alerts())
                .filteredOn(a -> a.name().equals("cpu-high"))
                .singleElement()
                .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.UNKNOWN));
        assertThat(engine.health()).isEqualTo(Health.CRITICAL);
        feed.tick(java.util.Map.of(CPU, 0.1), java.util.Set.of(ROOT)); // cpu resolves, disk was never firing
        assertThat(engine.health()).isEqualTo(Health.UNKNOWN);
    }

    @Test
    void anAlertWithoutAValueSaysNoDataAndWhyInsteadOfASentenceAboutItsValue() {
        MetricId heap = MetricId.of("jvm.heap.after.gc");
        MetricId beat = MetricId.of("app.heartbeat");
        AlertEngine engine = engine(
                Rule.threshold("heap-full")
                        .metric("jvm.heap.after.gc")
                        .unit(Unit.RATIO)
                        .warnAbove(0.9)
                        .summary("The heap is {{value}} full right after GC (threshold {{threshold}})")
                        .annotation("runbook", "https://runbooks/{{alertname}}"),
                Rule.threshold("heartbeat")
                        .metric("app.heartbeat")
                        .warnBelow(1)
                        .absentFor(Duration.ofSeconds(30))
                        .onNoData(DataPolicy.UNKNOWN),
                Rule.custom("broken")
                        .metric("jvm.heap.after.gc")
                        .value(
                                (s, h) -> {
                                    throw new IllegalStateException("no history");
                                },
                                "broken")
                        .warnAbove(1));
        TickFeed feed = new TickFeed(engine);
        feed.tick(heap, 0.95, beat, 1);
        assertThat(engine.alert(firing(engine, "heap-full")).annotations())
                .containsEntry("summary", "The heap is 95% full right after GC (threshold > 90%)");
        assertThat(engine.alert(firing(engine, "broken")).annotations())
                .containsEntry(
                        "summary", "broken on jvm.heap.after.gc: no data (its query failed: IllegalStateException)");
        for (int i = 0; i < 3; i++) { // 30 s without a heartbeat; the heap's source fails
            feed.tick(java.util.Map.of(), java.util.Set.of(heap));
        }
        assertThat(engine.alerts())
                .filteredOn(a -> a.state() == AlertState.UNKNOWN)
                .extracting(a -> a.annotations().get("summary"))
                .containsExactlyInAnyOrder(
                        "heap-full on jvm.heap.after.gc: no data (its source failed)",
                        "heartbeat on app.heartbeat: no data (no sample for 30 s)",
                        "broken on jvm.heap.after.gc: no data (its source failed)");
        assertThat(engine.alerts())
                .filteredOn(a -> a.name().equals("heap-full"))
                .singleElement()
                .satisfies(a -> assertThat(a.annotations()).containsEntry("runbook", "https://runbooks/heap-full"));
    }

    static String firing(AlertEngine engine, String name) {
        return engine.alerts().stream()
                .filter(a -> a.name().equals(name))
                .findFirst()
                .orElseThrow()
                .fingerprint();
    }

    @Test
    void unknownPoliciesAlertKeepLastAndOk() {
        AlertEngine engine = engine(
                cpuHigh().onUnknown(DataPolicy.ALERT),
                Rule.threshold("keep").metric("system.cpu.usage").warnAbove(0.8).onUnknown(DataPolicy.KEEP_LAST),
                Rule.threshold("ok").metric("system.cpu.usage").warnAbove(0.8).onUnknown(DataPolicy.OK));
        TickFeed feed = new TickFeed(engine);
        feed.tick(CPU, 0.9);
        feed.tickUnknown(CPU);
        assertThat(engine.activeAlerts())
                .extracting(Alert::name, Alert::severity)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("cpu-high", Severity.CRITICAL),
                        org.assertj.core.groups.Tuple.tuple("keep", Severity.WARNING));
    }

    @Test
    void healthIsTheWorstFiringSeverity() {
        AlertEngine engine =
                engine(cpuHigh(), Rule.threshold("disk").metric("disk.usage").warnAbove(0.9));
        TickFeed feed = new TickFeed(engine);
        feed.tick(CPU, 0.1, ROOT, 0.1);
        assertThat(engine.health()).isEqualTo(Health.OK);
        feed.tick(CPU, 0.1, ROOT, 0.95);
        assertThat(engine.health()).isEqualTo(Health.WARNING);
        feed.tick(CPU, 0.99, ROOT, 0.95);
        assertThat(engine.health()).isEqualTo(Health.CRITICAL);
        assertThat(engine.health().exitCode()).isEqualTo(2);
    }

    @Test
    void activeAlertsShowStateSinceValueAndLabels() {
        AlertEngine engine = engine(
                cpuHigh().forDuration(Duration.ofMinutes(1)),
                Rule.threshold("disk").metric("disk.usage").warnAbove(0.9));
        TickFeed feed = new TickFeed(engine);
        feed.tick(CPU, 0.9, ROOT, 0.95);
        long t = feed.now();
        List<Alert> active = engine.activeAlerts();
        assertThat(active)
                .extracting(Alert::name, Alert::state, Alert::value)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("cpu-high", AlertState.PENDING, 0.9),
                        org.assertj.core.groups.Tuple.tuple("disk", AlertState.FIRING, 0.95));
        assertThat(active).allSatisfy(a -> assertThat(a.activeSince()).isEqualTo(Instant.ofEpochMilli(t)));
        assertThat(engine.alert(active.get(0).fingerprint())).isEqualTo(active.get(0));
        assertThat(engine.alerts()).hasSize(2);
    }

    @Test
    void seriesThatStopReportingAreForgottenWithTheirQuietAlerts() {
        AlertEngine engine = AlertEngine.builder()
                .synchronousListeners()
                .reports(ReportCapture.none())
                .listener(events)
                .forgetAfter(Duration.ofMinutes(1))
                .rule(Rule.threshold("disk").metric("disk.usage").warnAbove(0.9))
                .rule(Rule.threshold("gone")
                        .metric("disk.usage")
                        .where("mount", "/")
                        .warnAbove(0.9)
                        .absentFor(Duration.ofMinutes(10)))
                .build();
        TickFeed feed = new TickFeed(engine);
        feed.tick(ROOT, 0.95, VAR, 0.5, MetricId.of("other.metric"), 1);
        assertThat(engine.stats().alerts()).isEqualTo(3);
        for (int i = 0; i < 12; i++) {
            feed.tick(VAR, 0.5);
        }
        assertThat(events.kinds()).containsExactly("Fired", "Fired", "Resolved", "Resolved");
        // "disk" on / is forgotten; "gone" watches / for absence, so it stays
        assertThat(engine.alerts())
                .extracting(a -> a.name() + a.labels().get("mount"))
                .containsExactlyInAnyOrder("disk/var", "gone/");
        feed.tick(ROOT, 0.95, VAR, 0.5);
        assertThat(engine.stats().alerts()).isEqualTo(3);
        assertThat(events.kinds()).endsWith("Fired", "Fired");
    }

    @Test
    void aFiringAlertIsNeverForgotten() {
        MetricId beat = MetricId.of("app.heartbeat");
        AlertEngine engine = AlertEngine.builder()
                .synchronousListeners()
                .reports(ReportCapture.none())
                .forgetAfter(Duration.ofMinutes(1))
                .rule(Rule.threshold("stale")
                        .metric("app.heartbeat")
                        .critAbove(5)
                        .keepFiringFor(Duration.ofHours(1)))
                .build();
        TickFeed feed = new TickFeed(engine);
        feed.tick(beat, 10);
        for (int i = 0; i < 30; i++) {
            feed.tick();
        }
        assertThat(engine.activeAlerts())
                .singleElement()
                .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.FIRING));
    }

    @Test
    void refusesTwoRulesWithOneName() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        AlertEngine.builder().rule(cpuHigh()).rule(cpuHigh()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'cpu-high'");
    }
}

package dev.vigil.alerts.rulefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertEvent;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.RecordingListener;
import dev.vigil.alerts.TickFeed;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.SampleSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloading real rule files into an engine driven by the manual clock: the watcher is checked by
 * hand ({@code checkNow}) so each step is exact, except in the test of the watch thread itself.
 */
class RuleFileReloadTest {

    static final MetricId A = MetricId.of("test.gauge", "instance", "a");
    static final MetricId B = MetricId.of("test.gauge", "instance", "b");

    @TempDir
    Path dir;

    Path file;
    final TickFeed feed = new TickFeed(Duration.ofSeconds(10));
    final RecordingListener events = new RecordingListener();
    AlertEngine engine;
    RuleFileWatcher watcher;
    int index;

    @AfterEach
    void close() {
        if (watcher != null) {
            watcher.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    void start(String content) throws IOException {
        file = dir.resolve("rules.yml");
        Files.writeString(file, content);
        engine = AlertEngine.builder()
                .clock(feed.clock)
                .synchronousListeners()
                .reports(ReportCapture.none())
                .listener(events)
                .noDefaultInhibition()
                .build();
        feed.attach(engine);
        watcher = RuleFileWatcher.builder(
                        engine,
                        RuleFileLoader.builder()
                                .knownMetrics(List.of("test.gauge"))
                                .build())
                .files(List.of(file))
                .manualChecks()
                .start();
    }

    void tick(double a, double b) {
        Map<MetricId, Double> samples = new HashMap<>();
        samples.put(A, a);
        samples.put(B, b);
        feed.tick(index++, samples);
    }

    static String rules(String... rules) {
        StringBuilder sb = new StringBuilder("groups:\n  - name: g\n    rules:\n");
        for (String r : rules) {
            sb.append(r);
        }
        return sb.toString();
    }

    static String rule(String name, String expr, String forDuration) {
        return "      - alert: " + name + "\n        expr: " + expr + "\n        for: " + forDuration + "\n";
    }

    Alert alert(String rule, MetricId series) {
        return engine.alerts().stream()
                .filter(a -> a.rule().equals(rule) && a.labels().get("series").equals(series.toString()))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no alert of " + rule + " on " + series + " in " + engine.alerts()));
    }

    @Test
    void aValidChangeAppliesAtTheNextEvaluation() throws IOException {
        start(rules(rule("GaugeHigh", "test_gauge{instance=\"a\"} > 50", "0s")));
        tick(40, 0);
        assertThat(alert("GaugeHigh", A).state()).isEqualTo(AlertState.INACTIVE);

        Files.writeString(file, rules(rule("GaugeHigh", "test_gauge{instance=\"a\"} > 30", "0s")));
        assertThat(watcher.checkNow()).isTrue();
        assertThat(events.events).isEmpty(); // nothing is evaluated between ticks
        tick(40, 0);

        assertThat(alert("GaugeHigh", A).state()).isEqualTo(AlertState.FIRING);
        assertThat(events.kinds()).containsExactly("Fired");
        assertThat(engine.rules()).extracting(Rule::name).containsExactly("GaugeHigh");
    }

    @Test
    void anInvalidChangeKeepsThePreviousRulesAndIsExposedOnce() throws IOException {
        start(rules(rule("GaugeHigh", "test_gauge{instance=\"a\"} > 50", "0s")));
        tick(60, 0);
        assertThat(events.kinds()).containsExactly("Fired");

        Files.writeString(file, rules(rule("GaugeHigh", "sum(test_gauge) > 50", "0s")));
        assertThat(watcher.checkNow()).isFalse();
        assertThat(watcher.checkNow()).isFalse(); // same content: not read again, not logged again
        tick(60, 0);
        tick(10, 0);

        assertThat(events.kinds()).containsExactly("Fired", "Resolved"); // the old rule still evaluates
        RuleFileException error = watcher.lastError();
        assertThat(error.errors()).hasSize(1);
        assertThat(error.errors().get(0).toString())
                .startsWith(file + ":5:15: groups[0].rules[0].expr")
                .contains("aggregation 'sum'");
        assertThat(selfMetrics())
                .containsEntry("vigil.rulefiles.valid", 0.0)
                .containsEntry("vigil.rulefiles.failures", 1.0);

        Files.writeString(file, rules(rule("GaugeHigh", "test_gauge{instance=\"a\"} > 5", "0s")));
        assertThat(watcher.checkNow()).isTrue();
        assertThat(watcher.lastError()).isNull();
        assertThat(selfMetrics())
                .containsEntry("vigil.rulefiles.valid", 1.0)
                .containsEntry("vigil.rulefiles.reloads", 2.0);
    }

    @Test
    void aRemovedRuleResolvesItsFiringAlertsAndTheOthersAreUntouched() throws IOException {
        start(rules(rule("GaugeHigh", "test_gauge > 50", "0s"), rule("GaugeLow", "test_gauge < 5", "0s")));
        tick(60, 1);
        assertThat(events.kinds()).containsExactly("Fired", "Fired");
        events.clear();

        Files.writeString(file, rules(rule("GaugeLow", "test_gauge < 5", "0s")));
        assertThat(watcher.checkNow()).isTrue();
        tick(60, 1);

        assertThat(events.of(AlertEvent.Resolved.class)).singleElement().satisfies(r -> {
            assertThat(r.alert().rule()).isEqualTo("GaugeHigh");
            assertThat(r.alert().state()).isEqualTo(AlertState.RESOLVED);
            assertThat(r.time().toEpochMilli()).isEqualTo(feed.timeOf(1));
        });
        assertThat(events.events).hasSize(1);
        assertThat(engine.alerts()).extracting(Alert::rule).containsOnly("GaugeLow");
        assertThat(alert("GaugeLow", B).state()).isEqualTo(AlertState.FIRING);
    }

    @Test
    void aRenamedRuleResolvesTheOldNameAndFiresTheNewOne() throws IOException {
        start(rules(rule("GaugeHigh", "test_gauge{instance=\"a\"} > 50", "0s")));
        tick(60, 0);
        events.clear();

        Files.writeString(file, rules(rule("GaugeTooHigh", "test_gauge{instance=\"a\"} > 50", "0s")));
        assertThat(watcher.checkNow()).isTrue();
        tick(60, 0);

        assertThat(events.events)
                .extracting(e -> e.getClass().getSimpleName() + " " + e.alert().rule())
                .containsExactly("Resolved GaugeHigh", "Fired GaugeTooHigh");
    }

    @Test
    void anUnchangedRuleKeepsItsFiringStateAndAChangedOneThatStillBreachesIsNeitherResolvedNorPagedAgain()
            throws IOException {
        String high = rule("GaugeHigh", "test_gauge{instance=\"a\"} > 50", "20s");
        start(rules(high, rule("GaugeLow", "test_gauge{instance=\"b\"} < 5", "0s")));
        tick(60, 1);
        tick(60, 1);
        tick(60, 1);
        Alert before = alert("GaugeHigh", A);
        assertThat(before.state()).isEqualTo(AlertState.FIRING);
        assertThat(events.kinds()).containsExactly("Fired", "Fired");
        events.clear();

        // GaugeHigh stays as it is (a comment and a new rule around it); GaugeLow changes its threshold
        Files.writeString(
                file,
                "# reviewed\n"
                        + rules(
                                high,
                                rule("GaugeLow", "test_gauge{instance=\"b\"} < 3", "0s"),
                                rule("GaugeZero", "test_gauge{instance=\"b\"} == 0", "0s")));
        assertThat(watcher.checkNow()).isTrue();
        tick(60, 1);

        Alert after = alert("GaugeHigh", A);
        assertThat(after.state()).isEqualTo(AlertState.FIRING);
        assertThat(after.firingSince()).isEqualTo(before.firingSince());
        assertThat(after.activeSince()).isEqualTo(before.activeSince());
        // GaugeLow's value (1) still breaches its changed threshold (< 3): as Prometheus carries an
        // active alert over a reload, it stays firing, no false RESOLVED and no second page
        assertThat(events.events).isEmpty();
        assertThat(alert("GaugeLow", B).state()).isEqualTo(AlertState.FIRING);
        assertThat(alert("GaugeLow", B).firingSince().toEpochMilli()).isEqualTo(feed.timeOf(0));

        // a change that the value no longer breaches resolves it, at the next evaluation
        Files.writeString(
                file,
                "# reviewed\n"
                        + rules(
                                high,
                                rule("GaugeLow", "test_gauge{instance=\"b\"} < 0.5", "0s"),
                                rule("GaugeZero", "test_gauge{instance=\"b\"} == 0", "0s")));
        assertThat(watcher.checkNow()).isTrue();
        tick(60, 1);
        assertThat(events.events)
                .extracting(e -> e.getClass().getSimpleName() + " " + e.alert().rule())
                .containsExactly("Resolved GaugeLow");
    }

    @Test
    void theWatchThreadAppliesAnEditWithoutACallFromTheApplication() throws IOException {
        file = dir.resolve("rules.yml");
        Files.writeString(file, rules(rule("GaugeHigh", "test_gauge > 50", "0s")));
        engine = AlertEngine.builder()
                .clock(feed.clock)
                .synchronousListeners()
                .reports(ReportCapture.none())
                .build();
        // the fallback check is far away: only the WatchService can see the edit in time
        watcher = RuleFileWatcher.builder(
                        engine,
                        RuleFileLoader.builder()
                                .knownMetrics(List.of("test.gauge"))
                                .build())
                .files(List.of(file))
                .checkInterval(Duration.ofHours(1))
                .start();
        assertThat(engine.rules()).extracting(Rule::name).containsExactly("GaugeHigh");

        Files.writeString(file, rules(rule("GaugeVeryHigh", "test_gauge > 90", "0s")));

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> assertThat(engine.rules()).extracting(Rule::name).containsExactly("GaugeVeryHigh"));
        assertThat(watcher.current().entries()).singleElement().satisfies(r -> {
            assertThat(r.group()).isEqualTo("g");
            assertThat(r.line()).isEqualTo(4);
        });
    }

    @Test
    void thePeriodicCheckFindsAChangeTheWatchCannotSee() throws IOException {
        // a symlink swap (as deployment tools publish configuration) changes what the path reads
        // without an event in the directory being watched, which is the link's old target
        Path v1 = Files.createDirectories(dir.resolve("v1"));
        Path v2 = Files.createDirectories(dir.resolve("v2"));
        Files.writeString(v1.resolve("rules.yml"), rules(rule("GaugeHigh", "test_gauge > 50", "0s")));
        Files.writeString(v2.resolve("rules.yml"), rules(rule("GaugeVeryHigh", "test_gauge > 90", "0s")));
        Path current = Files.createSymbolicLink(dir.resolve("current"), v1.getFileName());
        engine = AlertEngine.builder()
                .clock(feed.clock)
                .synchronousListeners()
                .reports(ReportCapture.none())
                .build();
        watcher = RuleFileWatcher.builder(
                        engine,
                        RuleFileLoader.builder()
                                .knownMetrics(List.of("test.gauge"))
                                .build())
                .files(List.of(current.resolve("rules.yml")))
                .checkInterval(Duration.ofMillis(200))
                .start();
        assertThat(engine.rules()).extracting(Rule::name).containsExactly("GaugeHigh");

        Path next = Files.createSymbolicLink(dir.resolve("next"), v2.getFileName());
        Files.move(
                next,
                current,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> assertThat(engine.rules()).extracting(Rule::name).containsExactly("GaugeVeryHigh"));
    }

    @Test
    void rulesFromCodeStayBesideTheFiles() throws IOException {
        file = dir.resolve("rules.yml");
        Files.writeString(file, rules(rule("GaugeHigh", "test_gauge > 50", "0s")));
        engine = AlertEngine.builder()
                .clock(feed.clock)
                .synchronousListeners()
                .reports(ReportCapture.none())
                .build();
        Rule fromCode =
                Rule.threshold("from-code").metric("test.gauge").critAbove(100).build();
        watcher = RuleFileWatcher.builder(
                        engine,
                        RuleFileLoader.builder()
                                .knownMetrics(List.of("test.gauge"))
                                .build())
                .files(List.of(file))
                .baseRules(List.of(fromCode))
                .manualChecks()
                .start();

        assertThat(engine.rules()).extracting(Rule::name).containsExactly("from-code", "GaugeHigh");
    }

    Map<String, Double> selfMetrics() {
        Map<String, Double> out = new HashMap<>();
        try {
            watcher.metrics().sample(new SampleSink() {
                @Override
                public void gauge(MetricId id, Unit unit, double value) {
                    out.put(id.name(), value);
                }

                @Override
                public void counter(MetricId id, Unit rateUnit, double total) {
                    out.put(id.name(), total);
                }

                @Override
                public void unknown(MetricId id, Unit unit) {
                    out.put(id.name(), Double.NaN);
                }
            });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return out;
    }
}

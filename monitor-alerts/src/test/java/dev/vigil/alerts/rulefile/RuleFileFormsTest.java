package dev.vigil.alerts.rulefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertEvent;
import dev.vigil.alerts.RecordingListener;
import dev.vigil.alerts.TickFeed;
import dev.vigil.alerts.label.LabelMatcher;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Condition;
import dev.vigil.alerts.rule.DataPolicy;
import dev.vigil.alerts.rule.FlapDetection;
import dev.vigil.alerts.rule.Measure;
import dev.vigil.alerts.rule.NagiosRange;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.alerts.rule.RulePacks;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the two forms of rule file turn into, read from the example files the docs show. */
class RuleFileFormsTest {

    static final Path HOST = Path.of("..", "examples", "rules", "host-prometheus.yml");
    static final Path NATIVE = Path.of("..", "examples", "rules", "vigil-native.yml");

    @TempDir
    Path dir;

    static Map<String, Rule> byName(LoadedRules rules) {
        return rules.rules().stream().collect(Collectors.toMap(Rule::name, Function.identity()));
    }

    @Test
    void prometheusNamesMapOntoVigilsDottedSeriesNames() throws Exception {
        Map<String, Rule> rules = byName(RuleFileLoader.builder().build().load(HOST));

        assertThat(rules.get("DiskAlmostFull").metric()).isEqualTo("disk.usage");
        assertThat(rules.get("MemoryHigh").metric()).isEqualTo("system.memory.usage");
        assertThat(rules.get("HeapAfterGcHigh").metric()).isEqualTo("jvm.memory.heap.after.gc.usage");
        assertThat(rules.get("CpuStealHigh").metric()).isEqualTo("system.cpu.mode.usage"); // quoted as it is
        assertThat(rules.get("CpuStealHigh").matchers()).containsExactly(LabelMatcher.equal("mode", "steal"));
        assertThat(rules.get("ProbeSilent").metric()).isEqualTo("probe.success");
    }

    @Test
    void aPrometheusRuleKeepsItsSeverityForLabelsAndAnnotations() throws Exception {
        Map<String, Rule> rules = byName(RuleFileLoader.builder().build().load(HOST));

        Rule disk = rules.get("DiskAlmostFull");
        assertThat(disk.warning()).isEqualTo(new Condition.Above(0.9));
        assertThat(disk.critical()).isNull();
        assertThat(disk.matchers()).containsExactly(LabelMatcher.notRegex("mount", "/boot.*"));
        assertThat(disk.forDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(disk.labels()).containsExactly(Map.entry("team", "platform"));
        assertThat(disk.annotations()).containsEntry("summary", "Disk {{labels.mount}} is {{value.raw}} full");

        Rule heap = rules.get("HeapAfterGcHigh");
        assertThat(heap.critical()).isEqualTo(new NagiosRange(0.95, Double.POSITIVE_INFINITY, true));
        assertThat(heap.keepFiringFor()).isEqualTo(Duration.ofMinutes(5));

        Rule full = rules.get("DiskFullIn4Hours");
        assertThat(((Measure.Computed) full.measure()).function())
                .isEqualTo(new PromQuery.OverTime(PromQuery.Function.PREDICT_LINEAR, Duration.ofHours(1), 14_400));

        Rule silent = rules.get("ProbeSilent");
        assertThat(silent.absentFor()).isEqualTo(Duration.ofMinutes(3));
        assertThat(silent.onNoData()).isEqualTo(DataPolicy.ALERT);
        assertThat(silent.matchers()).containsExactly(LabelMatcher.equal("probe", "api"));
    }

    @Test
    void annotationsRenderTheValueAndLabelsAsPrometheusTemplatesDo() throws Exception {
        Path file = dir.resolve("r.yml");
        Files.writeString(file, """
                groups:
                  - name: g
                    rules:
                      - alert: GaugeHigh
                        expr: test_gauge * 100 > 50
                        annotations:
                          summary: "gauge on {{ $labels.instance }} is {{ $value }}%"
                          runbook: "{{.Labels.instance}}: {{.Value}}"
                """);
        List<Rule> rules = RuleFileLoader.builder()
                .knownMetrics(List.of("test.gauge"))
                .build()
                .load(file)
                .rules();
        TickFeed feed = new TickFeed(Duration.ofSeconds(10));
        RecordingListener events = new RecordingListener();
        try (AlertEngine engine = AlertEngine.builder()
                .rules(rules)
                .clock(feed.clock)
                .synchronousListeners()
                .reports(ReportCapture.none())
                .listener(events)
                .build()) {
            feed.attach(engine);
            feed.tick(0, Map.of(MetricId.of("test.gauge", "instance", "a"), 0.75));
        }

        assertThat(events.of(AlertEvent.Fired.class)).singleElement().satisfies(f -> {
            assertThat(f.alert().annotations())
                    .containsEntry("summary", "gauge on a is 75.0%")
                    .containsEntry("runbook", "a: 75.0");
            assertThat(f.alert().value()).isEqualTo(75.0);
        });
    }

    @Test
    void vigilsFormOffersEverythingTheRuleBuilderDoes() throws Exception {
        LoadedRules loaded = RuleFileLoader.builder().build().load(NATIVE);
        Map<String, Rule> rules = byName(loaded);

        Rule disk = rules.get("disk-filling");
        assertThat(disk)
                .isEqualTo(Rule.threshold("disk-filling")
                        .metric("disk.usage")
                        .matching(LabelMatcher.notRegex("mount", "/boot.*"))
                        .warnAbove(0.90)
                        .critAbove(0.95)
                        .clearBelow(0.88)
                        .forDuration(Duration.ofMinutes(5))
                        .label("team", "payments")
                        .summary("Disk {{mount}} is {{value}} full (threshold {{threshold}})")
                        .build());
        assertThat(rules.get("load-average-odd"))
                .isEqualTo(Rule.threshold("load-average-odd")
                        .metric("system.load.average.1m")
                        .avg(Duration.ofMinutes(5))
                        .warn("0:4")
                        .crit("0:8")
                        .forEvaluations(3)
                        .label("team", "payments")
                        .build());
        assertThat(rules.get("api-latency-p95"))
                .isEqualTo(Rule.threshold("api-latency-p95")
                        .metric("probe.duration")
                        .where("probe", "api")
                        .percentile(0.95, Duration.ofMinutes(15))
                        .crit(new NagiosRange(2, Double.POSITIVE_INFINITY, true))
                        .timesWithin(3, 5)
                        .keepFiringFor(Duration.ofMinutes(2))
                        .unit(Unit.SECONDS)
                        .label("team", "payments")
                        .build());
        assertThat(rules.get("disk-full-soon"))
                .isEqualTo(Rule.threshold("disk-full-soon")
                        .metric("disk.free")
                        .predict(Duration.ofHours(1), Duration.ofHours(4))
                        .warnBelow(0)
                        .flapDetection(new FlapDetection(5, 20))
                        .label("team", "payments")
                        .build());
        assertThat(rules.get("queue-heartbeat"))
                .isEqualTo(Rule.threshold("queue-heartbeat")
                        .metric("app.queue.depth")
                        .where("queue", "orders")
                        .warnOutside(0, 10_000)
                        .absentFor(Duration.ofMinutes(10))
                        .onNoData(DataPolicy.ALERT)
                        .onUnknown(DataPolicy.KEEP_LAST)
                        .label("service", "orders")
                        .label("team", "payments")
                        .build());
        // the packs, by name, with the file's external labels
        List<String> packs = loaded.entries().stream()
                .filter(e -> e.group().equals("packs"))
                .map(e -> e.rule().name())
                .toList();
        List<String> expected = new java.util.ArrayList<>(
                RulePacks.jvm().stream().map(Rule::name).toList());
        expected.addAll(RulePacks.probes(Duration.ofSeconds(30)).stream()
                .map(Rule::name)
                .toList());
        assertThat(packs).isEqualTo(expected);
        assertThat(loaded.rules()).allSatisfy(r -> assertThat(r.labels()).containsEntry("team", "payments"));
    }

    @Test
    void vigilsFormOffersIncreaseAndRateAsTheBuilderDoes() throws Exception {
        Path file = dir.resolve("counters.yml");
        Files.writeString(file, """
                rules:
                  - name: errors-burst
                    metric: app.errors
                    measure: {increase: 2m}
                    warning: "> 100"
                  - name: errors-rate
                    metric: app.errors
                    measure: {rate: 5m}
                    critical: "> 2"
                """);
        Map<String, Rule> rules = byName(RuleFileLoader.builder().build().load(file));

        assertThat(rules.get("errors-burst"))
                .isEqualTo(Rule.threshold("errors-burst")
                        .metric("app.errors")
                        .increase(Duration.ofMinutes(2))
                        .warnAbove(100)
                        .build());
        assertThat(rules.get("errors-rate"))
                .isEqualTo(Rule.threshold("errors-rate")
                        .metric("app.errors")
                        .rate(Duration.ofMinutes(5))
                        .critAbove(2)
                        .build());
    }

    @Test
    void loadingTheSameFileTwiceGivesEqualRulesSoAReloadKeepsTheirAlerts() throws Exception {
        RuleFileLoader loader = RuleFileLoader.builder().build();

        assertThat(loader.load(HOST).rules()).isEqualTo(loader.load(HOST).rules());
        assertThat(loader.load(NATIVE).rules()).isEqualTo(loader.load(NATIVE).rules());
    }

    @Test
    void aNameThatMapsToTwoVigilNamesMustBeQuoted() throws IOException {
        Path file = dir.resolve("r.yml");
        Files.writeString(file, "groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: a_b_c > 1\n");

        assertThatThrownBy(() -> RuleFileLoader.builder()
                        .knownMetrics(List.of("a.b_c", "a_b.c"))
                        .build()
                        .load(file))
                .isInstanceOf(RuleFileException.class)
                .hasMessage(file + ":5:15: groups[0].rules[0].expr 'a_b_c > 1': metric 'a_b_c' matches several Vigil "
                        + "series names [a.b_c, a_b.c]; quote the one meant: {__name__=\"a.b_c\"}");
    }

    @Test
    void ruleNamesMustBeUniqueAcrossFiles() throws IOException {
        Path one = dir.resolve("one.yml");
        Path two = dir.resolve("two.yml");
        Files.writeString(one, "rules:\n  - name: x\n    metric: test.gauge\n    critical: \"> 1\"\n");
        Files.writeString(two, "groups:\n  - name: g\n    rules:\n      - alert: x\n        expr: test_gauge > 2\n");

        assertThatThrownBy(() -> RuleFileLoader.builder()
                        .knownMetrics(List.of("test.gauge"))
                        .build()
                        .load(List.of(one, two)))
                .isInstanceOf(RuleFileException.class)
                .hasMessageStartingWith(two + ":4:9: alert 'x': the name is used by another rule at " + one + ":2:5;");
    }

    @Test
    void aGroupIntervalOtherThanTheTickIntervalIsRefused() throws Exception {
        Path file = dir.resolve("r.yml");
        Files.writeString(file, "groups:\n  - name: g\n    interval: 1m\n    rules: []\n");

        assertThat(RuleFileLoader.builder()
                        .tickInterval(Duration.ofMinutes(1))
                        .build()
                        .load(file)
                        .entries())
                .isEmpty();
        assertThatThrownBy(() -> RuleFileLoader.builder()
                        .tickInterval(Duration.ofSeconds(10))
                        .build()
                        .load(file))
                .hasMessage(file + ":3:15: groups[0].interval '1m': Vigil evaluates every rule at each tick of the "
                        + "monitor, every 10s; remove the interval or set it to 10s");
    }

    @Test
    void everyProblemOfAFileIsReportedInOneRun() throws IOException {
        Path file = dir.resolve("r.yml");
        Files.writeString(file, """
                groups:
                  - name: g
                    rules:
                      - alert: A
                        expr: topk(3, test_gauge) > 1
                      - alert: B
                        expr: test_gauge > 1
                        for: soon
                      - alert: C
                        expr: test_gauge > 1
                        labels:
                          severity: info
                """);

        assertThatThrownBy(() -> RuleFileLoader.builder()
                        .knownMetrics(List.of("test.gauge"))
                        .build()
                        .load(file))
                .isInstanceOfSatisfying(
                        RuleFileException.class,
                        e -> assertThat(e.errors())
                                .extracting(RuleFileError::location)
                                .containsExactly(file + ":5:15", file + ":8:14", file + ":12:21"));
    }
}

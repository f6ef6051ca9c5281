package dev.vigil.alerts.rulefile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.TickFeed;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Measure;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.metric.MetricId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same Prometheus rule file ({@code examples/rules/prometheus-subset.yml}) runs through
 * {@code promtool test rules} and through Vigil on the same series, evaluated every 40 s. The
 * expected states below are promtool 2.42's answers (taken from its output, and checked here
 * again whenever promtool is installed); Vigil must give the same at every evaluation, except the
 * rows listed in {@link #VIGIL_DIFFERS}, each with its reason.
 *
 * <p>{@code rate} and {@code increase} are Prometheus' extrapolatedRate in Vigil too, so they agree
 * at every evaluation.
 *
 * <p>Promtool 2.42 selects {@code [t-w, t]}, Vigil and Prometheus 3 {@code (t-w, t]}: every range
 * (and the 5-minute lookback) is chosen so that no sample falls on a window's start.
 */
class PromtoolAgreementTest {

    static final Path RULE_FILE = Path.of("..", "examples", "rules", "prometheus-subset.yml");
    static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    static final Duration STEP = Duration.ofSeconds(40);
    static final int EVALUATIONS = 26;

    /** Input series in promtool's notation: one value per 40 s from 0 s, '_' for no sample. */
    static final Map<String, String> SERIES = new LinkedHashMap<>();

    static {
        SERIES.put(
                "test_gauge{instance=\"a\",job=\"j\"}",
                "10 20 30 40 50 55 60 65 70 60 50 40 30 20 10 10 10 10 10 10 10 10");
        SERIES.put("test_gauge{instance=\"b\",job=\"jb\"}", "10 8 6 4 2 _ _ 3 9 9 9 9 1 1 1 _ _ _ _ _ _ _ _ _ 9");
        SERIES.put("test_gauge{instance=\"c1\",job=\"j\"}", "7 7 6 7 8 7 7 _ _ _ _ _ _ _ _ 7 7");
        SERIES.put("test_gauge{instance=\"d\",job=\"j\"}", "0 0 1 0 0 2 2 0 0 _ 1 1 1 1 1 1 1 1 0 0");
        SERIES.put("test_counter{job=\"j\"}", "0 10 20 30 60 90 120 150 155 160 165 5 15 25 35 40 40 40 40 40 40 40");
        SERIES.put("test_sparse{job=\"s\"}", "1 _ _ 1 _ _ _ _ _ _ _ _ 1 1 1 _ _ _ 1 _ 1");
        SERIES.put("{__name__=\"test.disk\"}", "50 52 54 56 58 60 64 68 72 76 80 80 80 80 80 80 80 80 80 80");
    }

    /** Vigil's names for the PromQL names of the file. */
    static final List<String> KNOWN = List.of("test.gauge", "test.counter", "test.sparse");

    /** Promtool's state per evaluation: '.' inactive, 'p' pending, 'F' firing. */
    static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("GaugeHigh", ".....ppFFF................");
        EXPECTED.put("GaugeLowNotA", "...FFFFF....FFFFFFFFFF....");
        EXPECTED.put("GaugeSevenRegex", "FF.F.FFFFFFFFF.FFFFFFFFF..");
        EXPECTED.put("GaugeNonZeroNotRegex", "..F..FF...FFFFFFFF........");
        EXPECTED.put("GaugeHighArithmetic", ".....FFFFF................");
        EXPECTED.put("HeadroomLow", "......FFFFFF..............");
        EXPECTED.put("AverageHigh", ".....pFFFFFFF.............");
        EXPECTED.put("MinimumLow", "....FFF.....FFFFF.........");
        EXPECTED.put("MaximumHigh", "......FFFFFF..............");
        EXPECTED.put("SumHigh", ".....FFFFFFFF.............");
        EXPECTED.put("FewSamples", "FFFFFFFF....FF...FFFFFFFF.");
        EXPECTED.put("QuantileHigh", "......FFFFFFFF............");
        EXPECTED.put("CounterRateHigh", ".....FFFF.................");
        EXPECTED.put("CounterIncreaseHigh", ".....FFFF.................");
        EXPECTED.put("CounterIncreaseModerate", "....FFFFFF................");
        EXPECTED.put("GaugeRising", ".FFFFF....................");
        EXPECTED.put("DiskFullSoon", ".......FFFFFFF............");
        EXPECTED.put("SparseAbsent", "...........F..............");
        EXPECTED.put("SparseAbsentOverTime", ".......pFFFF............pF");
    }

    /**
     * Rows where Vigil must differ today, as data: rule, evaluation index, Vigil's state, reason.
     * When Vigil's semantics change to Prometheus', the row is removed.
     */
    record Difference(String rule, int index, char vigil, String reason) {}

    /**
     * Rows where Vigil must differ from promtool, each with its reason. None today: Vigil's
     * {@code increase}/{@code rate} are Prometheus' extrapolatedRate and {@code keep_firing_for}
     * counts from the first evaluation at which the condition no longer holds, as Prometheus does.
     */
    static final List<Difference> VIGIL_DIFFERS = List.of();

    // ------------------------------------------------------------------ promtool

    @Test
    void promtoolAgreesWithTheExpectedStates(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(PROMTOOL),
                "promtool is not installed at /usr/bin/promtool (Debian package 'prometheus'); "
                        + "the expected states stay checked against Vigil");
        Files.copy(RULE_FILE, dir.resolve("rules.yml"));
        Files.writeString(dir.resolve("test.yml"), promtoolTest("rules.yml"));
        Run run = run(dir, PROMTOOL.toString(), "test", "rules", "test.yml");
        assertEquals(0, run.exit, "promtool disagrees with the expected states:\n" + run.output);
    }

    @Test
    void promtoolCheckAcceptsEveryPrometheusFormExampleFile(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(PROMTOOL),
                "promtool is not installed at /usr/bin/promtool (Debian package 'prometheus')");
        List<Path> files = prometheusFormExamples();
        assertTrue(files.size() >= 2, "example files in Prometheus' form: " + files);
        for (Path file : files) {
            Run run = run(
                    dir,
                    PROMTOOL.toString(),
                    "check",
                    "rules",
                    file.toAbsolutePath().toString());
            assertEquals(0, run.exit, "promtool check rules " + file + ":\n" + run.output);
        }
    }

    static List<Path> prometheusFormExamples() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("..", "examples", "rules"))) {
            List<Path> out = new ArrayList<>();
            for (Path p : s.sorted().toList()) {
                if (p.toString().endsWith(".yml")
                        && Files.readString(p).lines().anyMatch(l -> l.startsWith("groups:"))) {
                    out.add(p);
                }
            }
            return out;
        }
    }

    /** A promtool test asking for ALERTS of every rule at every evaluation, expecting {@link #EXPECTED}. */
    static String promtoolTest(String ruleFile) {
        StringBuilder sb = new StringBuilder();
        sb.append("rule_files:\n  - ")
                .append(ruleFile)
                .append("\nevaluation_interval: 40s\ntests:\n")
                .append("  - interval: 40s\n    input_series:\n");
        SERIES.forEach((series, values) -> sb.append("      - series: '")
                .append(series)
                .append("'\n")
                .append("        values: '")
                .append(values)
                .append("'\n"));
        sb.append("    promql_expr_test:\n");
        EXPECTED.forEach((rule, states) -> {
            for (int i = 0; i < EVALUATIONS; i++) {
                sb.append("      - expr: count by (alertstate) (ALERTS{alertname=\"")
                        .append(rule)
                        .append("\"})\n")
                        .append("        eval_time: ")
                        .append(i * STEP.toSeconds())
                        .append("s\n");
                char state = states.charAt(i);
                if (state == '.') {
                    sb.append("        exp_samples: []\n");
                } else {
                    sb.append("        exp_samples:\n          - labels: '{alertstate=\"")
                            .append(state == 'F' ? "firing" : "pending")
                            .append("\"}'\n            value: 1\n");
                }
            }
        });
        return sb.toString();
    }

    record Run(int exit, String output) {}

    static Run run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "promtool did not finish");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ Vigil

    @Test
    void vigilAgreesWithPromtoolAtEveryEvaluation() throws Exception {
        Map<String, String> vigil = vigilStates();
        List<String> mismatches = new ArrayList<>();
        EXPECTED.forEach((rule, states) -> {
            StringBuilder want = new StringBuilder(states);
            for (Difference d : VIGIL_DIFFERS) {
                if (d.rule().equals(rule)) {
                    want.setCharAt(d.index(), d.vigil());
                }
            }
            if (!want.toString().equals(vigil.get(rule))) {
                mismatches.add(String.format(
                        "%-22s promtool %s%n%-22s want     %s%n%-22s vigil    %s",
                        rule, states, "", want, "", vigil.get(rule)));
            }
        });
        assertTrue(mismatches.isEmpty(), "Vigil and promtool disagree:\n" + String.join("\n", mismatches));
    }

    @Test
    void theComparedRulesCoverEverySupportedFunction() throws Exception {
        List<Rule> rules = RuleFileLoader.builder()
                .knownMetrics(KNOWN)
                .build()
                .load(RULE_FILE)
                .rules();
        Set<PromQuery.Function> functions = EnumSet.noneOf(PromQuery.Function.class);
        Set<Class<?>> kinds = new HashSet<>();
        for (Rule r : rules) {
            PromQuery q = (PromQuery) ((Measure.Computed) r.measure()).function();
            kinds.add(q.getClass());
            while (q instanceof PromQuery.Arithmetic a) {
                kinds.add(a.getClass());
                q = a.inner();
            }
            kinds.add(q.getClass());
            if (q instanceof PromQuery.OverTime o) {
                functions.add(o.function());
            }
        }
        assertEquals(EnumSet.allOf(PromQuery.Function.class), functions);
        assertEquals(
                Set.of(
                        PromQuery.Instant.class,
                        PromQuery.OverTime.class,
                        PromQuery.Arithmetic.class,
                        PromQuery.NoValue.class),
                kinds);
        assertTrue(rules.size() >= 10, "rules compared: " + rules.size());
        assertEquals(
                EXPECTED.keySet(),
                new java.util.LinkedHashSet<>(rules.stream().map(Rule::name).toList()));
    }

    /** Vigil's state of every rule at every evaluation, in the table's notation. */
    static Map<String, String> vigilStates() throws Exception {
        List<Rule> rules = RuleFileLoader.builder()
                .knownMetrics(KNOWN)
                .build()
                .load(RULE_FILE)
                .rules();
        TickFeed feed = new TickFeed(STEP);
        AlertEngine engine = AlertEngine.builder()
                .rules(rules)
                .clock(feed.clock)
                .synchronousListeners()
                .reports(ReportCapture.none())
                .noDefaultInhibition()
                .build();
        feed.attach(engine);
        Map<MetricId, String[]> series = new LinkedHashMap<>();
        SERIES.forEach((text, values) -> series.put(vigilId(text), values.split(" ")));
        Map<String, StringBuilder> states = new LinkedHashMap<>();
        rules.forEach(r -> states.put(r.name(), new StringBuilder()));
        for (int i = 0; i < EVALUATIONS; i++) {
            Map<MetricId, Double> samples = new LinkedHashMap<>();
            for (Map.Entry<MetricId, String[]> e : series.entrySet()) {
                String[] v = e.getValue();
                if (i < v.length && !v[i].equals("_")) {
                    samples.put(e.getKey(), Double.parseDouble(v[i]));
                }
            }
            feed.tick(i, samples);
            Map<String, Character> now = new LinkedHashMap<>();
            for (Alert a : engine.alerts()) {
                char c = a.state() == AlertState.FIRING
                        ? 'F'
                        : a.state() == AlertState.PENDING ? 'p' : a.state() == AlertState.UNKNOWN ? 'U' : '.';
                Character before = now.put(a.rule(), c);
                if (before != null && before != '.' && c != '.') {
                    now.put(a.rule(), '?'); // two active alerts where the table expects one
                } else if (before != null && c == '.') {
                    now.put(a.rule(), before);
                }
            }
            states.forEach((rule, sb) -> sb.append(now.getOrDefault(rule, '.')));
        }
        engine.close();
        Map<String, String> out = new LinkedHashMap<>();
        states.forEach((k, v) -> out.put(k, v.toString()));
        return out;
    }

    /** {@code test_gauge{instance="a"}} as Vigil's {@code test.gauge{instance=a}}; quoted names as they are. */
    static MetricId vigilId(String promSeries) {
        int brace = promSeries.indexOf('{');
        String name = promSeries.substring(0, brace).replace('_', '.');
        Map<String, String> tags = new LinkedHashMap<>();
        for (String pair :
                promSeries.substring(brace + 1, promSeries.length() - 1).split(",", -1)) {
            String[] kv = pair.split("=", 2);
            String value = kv[1].substring(1, kv[1].length() - 1);
            if (kv[0].equals("__name__")) {
                name = value;
            } else {
                tags.put(kv[0], value);
            }
        }
        return MetricId.of(name, tags);
    }
}

package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.metric.MetricId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Prometheus' rule evaluation as the oracle. Each scenario is a Vigil rule and its PromQL
 * equivalent, the series' value at each 10 s evaluation, and whether the alert fires at each
 * evaluation ({@code F}) or not ({@code .}), kept here as data. The engine must produce that row;
 * and where {@code promtool} is installed (Debian's {@code prometheus} package, 2.42), the same
 * row is handed to {@code promtool test rules} as the expected alerts, so Prometheus confirms the
 * data. Samples lie on the evaluation grid (Vigil evaluates when it samples); range windows are
 * chosen off the sample grid (25 s over 10 s samples), where Prometheus 2.42's {@code [t-w, t]} and
 * Prometheus 3's {@code (t-w, t]} select the same samples, and counters start far from zero, where
 * 2.42's and 3's extrapolation clamps agree.
 */
class PrometheusScenarioTest {

    static final MetricId X = MetricId.of("test.x", "job", "t");

    /**
     * One scenario.
     *
     * @param name what it shows
     * @param vigil the rule's settings after {@code metric(test.x).where(job, t)}
     * @param expr the PromQL expression (series {@code test_x{job="t"}})
     * @param forDuration Prometheus' {@code for}, or null
     * @param keepFiringFor Prometheus' {@code keep_firing_for}, or null
     * @param values the value at each evaluation, {@code stale} for a missing sample
     * @param firing {@code F} where the alert fires at that evaluation, {@code .} where not
     */
    record Scenario(
            String name,
            UnaryOperator<Rule.Builder> vigil,
            String expr,
            String forDuration,
            String keepFiringFor,
            String values,
            String firing) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario(
                        "for with a dip",
                        r -> r.critAbove(10).forDuration(Duration.ofSeconds(30)),
                        "test_x > 10",
                        "30s",
                        null,
                        "5 15 15 15 15 5 15 15 15 15 15",
                        "....F....FF"),
                new Scenario(
                        "a value at the threshold does not breach",
                        r -> r.critAbove(10),
                        "test_x > 10",
                        null,
                        null,
                        "10 10.001 10 11",
                        ".F.F"),
                new Scenario(
                        "keep_firing_for counts from the first evaluation without the condition",
                        r -> r.critAbove(10).keepFiringFor(Duration.ofSeconds(20)),
                        "test_x > 10",
                        null,
                        "20s",
                        "15 5 5 5 5",
                        "FFF.."),
                new Scenario(
                        "for and keep_firing_for together",
                        r -> r.critAbove(10).forDuration(Duration.ofSeconds(20)).keepFiringFor(Duration.ofSeconds(20)),
                        "test_x > 10",
                        "20s",
                        "20s",
                        "15 15 15 5 15 5 5 5",
                        "..FFFFF."),
                new Scenario(
                        "a missing sample under keep_firing_for of one interval",
                        r -> r.critAbove(10).keepFiringFor(Duration.ofSeconds(10)),
                        "test_x > 10",
                        null,
                        "10s",
                        "15 15 stale 15 15 stale stale 15",
                        "FFFFFF.F"),
                // rate over (t - 25 s, t]: with 3 samples 10 s apart the start gap is 5 s, so
                // rate = raw x 25 / 20 / 25 = raw / 20; with 2 samples (t1) 5 x 15 / 10 / 25 = 0.3
                new Scenario(
                        "a counter's rate crossing",
                        r -> r.rate(Duration.ofSeconds(25)).critAbove(1),
                        "rate(test_x[25s]) > 1",
                        null,
                        null,
                        "1000 1005 1010 1020 1040 1060 1070 1075 1080",
                        "....FFF.."),
                // increase = raw x 25 / 20: 12.5, 18.75, 37.5, 50, 37.5, 18.75, 12.5 from t2
                new Scenario(
                        "an increase over a window",
                        r -> r.increase(Duration.ofSeconds(25)).critAbove(15),
                        "increase(test_x[25s]) > 15",
                        null,
                        null,
                        "1000 1005 1010 1020 1040 1060 1070 1075 1080",
                        "...FFFFF."),
                new Scenario(
                        "resolve timing: the first evaluation without the condition resolves",
                        r -> r.critAbove(10).forDuration(Duration.ofSeconds(10)),
                        "test_x > 10",
                        "10s",
                        null,
                        "15 15 15 5 5 15 15",
                        ".FF...F"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void theEngineFiresAtTheEvaluationsPrometheusFiresAt(Scenario s) {
        String[] values = s.values().split(" ");
        assertThat(values)
                .as("one expectation per evaluation")
                .hasSize(s.firing().length());
        AlertEngine engine = AlertEngine.builder()
                .synchronousListeners()
                .reports(ReportCapture.none())
                .rule(s.vigil()
                        .apply(Rule.threshold("Scenario").metric("test.x").where("job", "t")))
                .build();
        TickFeed feed = new TickFeed(engine);
        StringBuilder got = new StringBuilder();
        for (String v : values) {
            if (v.equals("stale")) {
                feed.tick();
            } else {
                feed.tick(X, Double.parseDouble(v));
            }
            boolean firing = engine.alerts().stream().anyMatch(a -> a.state() == AlertState.FIRING);
            got.append(firing ? 'F' : '.');
        }
        assertThat(got.toString()).as(s.name()).isEqualTo(s.firing());
        engine.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void promtoolConfirmsTheExpectedRow(Scenario s, @TempDir Path dir) throws Exception {
        Path promtool = promtool();
        Assumptions.assumeTrue(
                promtool != null,
                "promtool is not installed (Debian package 'prometheus'): the expected rows are checked "
                        + "against the engine only");
        Files.writeString(dir.resolve("rules.yml"), rules(s), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("test.yml"), test(s), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(promtool.toString(), "test", "rules", "test.yml")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(done).as("promtool finished").isTrue();
        assertThat(p.exitValue())
                .as("promtool test rules on %s:%n%s%n%s", s.name(), test(s), output)
                .isZero();
    }

    private static String rules(Scenario s) {
        return "groups:\n- name: scenario\n  interval: 10s\n  rules:\n  - alert: Scenario\n    expr: '" + s.expr()
                + "'\n"
                + (s.forDuration() == null ? "" : "    for: " + s.forDuration() + "\n")
                + (s.keepFiringFor() == null ? "" : "    keep_firing_for: " + s.keepFiringFor() + "\n");
    }

    private static String test(Scenario s) {
        StringBuilder t = new StringBuilder("rule_files: [rules.yml]\nevaluation_interval: 10s\ntests:\n"
                + "- interval: 10s\n  input_series:\n  - series: 'test_x{job=\"t\"}'\n    values: '" + s.values()
                + "'\n"
                + "  alert_rule_test:\n");
        for (int i = 0; i < s.firing().length(); i++) {
            t.append("  - eval_time: ").append(i * 10).append("s\n    alertname: Scenario\n");
            if (s.firing().charAt(i) == 'F') {
                t.append("    exp_alerts:\n    - exp_labels: {job: t}\n");
            } else {
                t.append("    exp_alerts: []\n");
            }
        }
        return t.toString();
    }

    private static Path promtool() {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator, -1)) {
                candidates.add(Path.of(dir, "promtool"));
            }
        }
        candidates.add(Path.of("/usr/bin/promtool"));
        for (Path c : candidates) {
            if (Files.isExecutable(c)) {
                return c;
            }
        }
        return null;
    }
}

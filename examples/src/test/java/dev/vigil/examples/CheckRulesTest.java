package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckRulesTest {

    @Test
    void everyExampleRuleFileIsValid() {
        Run run = Run.of(
                "check-rules",
                "rules/prometheus-subset.yml",
                "rules/host-prometheus.yml",
                "rules/vigil-native.yml",
                "--metric",
                "test.gauge",
                "--metric",
                "test.counter",
                "--metric",
                "test.sparse");

        assertThat(run.err()).isEmpty();
        assertThat(run.code()).isZero();
        assertThat(run.out())
                .contains(
                        "Checking rules/prometheus-subset.yml\n  SUCCESS: 19 rules found",
                        "Checking rules/host-prometheus.yml\n  SUCCESS: 8 rules found",
                        "Checking rules/vigil-native.yml");
    }

    @Test
    void aMalformedFileExitsWithOneAndItsErrorsByLineAndColumn(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.yml");
        Files.writeString(bad, """
                groups:
                  - name: g
                    rules:
                      - alert: Slow
                        expr: histogram_quantile(0.99, rate(http_seconds_bucket[5m])) > 1
                        for: 5 min
                """);

        Run run = Run.of("check-rules", "rules/host-prometheus.yml", bad.toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).contains("rules/host-prometheus.yml\n  SUCCESS", bad + "\n  FAILED: 2 errors");
        assertThat(run.errLines())
                .containsExactly(
                        bad
                                + ":5:15: groups[0].rules[0].expr 'histogram_quantile(0.99, rate(http_seconds_bucket[5m])) > 1': "
                                + "PromQL the function 'histogram_quantile' is not supported; supported: an instant selector "
                                + "with =, !=, =~, !~ matchers; a comparison (>, <, >=, <=, ==, !=) with a number; "
                                + "avg_over_time, min_over_time, max_over_time, sum_over_time, count_over_time, "
                                + "quantile_over_time, rate, increase, deriv, predict_linear over a range selector; "
                                + "absent(selector) and absent_over_time(selector[range]) as the whole expression; "
                                + "arithmetic (+, -, *, /, %, ^) with a number",
                        bad + ":6:14: groups[0].rules[0].for '5 min': '5 min' is not a Prometheus duration: digits and "
                                + "units y, w, d, h, m, s, ms in that order, e.g. 30s, 5m, 1h30m");
    }

    @Test
    void withoutAFileItIsAUsageError() {
        Run run = Run.of("check-rules");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .contains(
                        "no rule file given",
                        "usage: java -jar examples/target/vigil-examples.jar "
                                + "check-rules [--metric NAME]... FILE...");
    }

    @Test
    void theUsageListsTheCommand() {
        assertThat(Run.of("--help").out()).contains("check-rules FILE...", "--metric <name>");
    }
}

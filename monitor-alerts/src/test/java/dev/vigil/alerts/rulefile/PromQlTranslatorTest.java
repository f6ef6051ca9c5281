package dev.vigil.alerts.rulefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alerts.label.LabelMatcher;
import dev.vigil.alerts.rule.Condition;
import dev.vigil.alerts.rule.NagiosRange;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** PromQL's grammar as the translator reads it: precedence, associativity, sides and refusals. */
class PromQlTranslatorTest {

    static PromQlTranslator.Translation t(String expr) throws PromQlException {
        return PromQlTranslator.translate(expr);
    }

    static final PromQuery X = new PromQuery.Instant(PromQuery.LOOKBACK);

    @Test
    void aNumberOnTheLeftFlipsTheComparison() throws Exception {
        assertThat(t("0.9 < x").condition()).isEqualTo(new Condition.Above(0.9));
        assertThat(t("0.9 >= x").condition()).isEqualTo(new NagiosRange(Double.NEGATIVE_INFINITY, 0.9, true));
        assertThat(t("x != 0").condition()).isEqualTo(new Condition.Outside(0, 0));
        assertThat(t("x == 7").condition()).isEqualTo(new NagiosRange(7, 7, true));
    }

    @Test
    void arithmeticBindsAsInPromQl() throws Exception {
        // left-associative division, right-associative power, folded numbers, sign below power
        assertThat(t("x / 1024 / 1024 > 5").query())
                .isEqualTo(new PromQuery.Arithmetic(new PromQuery.Arithmetic(X, "/", 1024, false), "/", 1024, false));
        assertThat(t("x > 2 ^ 3 ^ 2").condition()).isEqualTo(new Condition.Above(512));
        assertThat(t("x > -2 ^ 2").condition()).isEqualTo(new Condition.Above(-4));
        assertThat(t("x > 4 * 3600 + 1").condition()).isEqualTo(new Condition.Above(14_401));
        assertThat(t("100 - x < 45").query()).isEqualTo(new PromQuery.Arithmetic(X, "-", 100, true));
        assertThat(t("-x > 1").query()).isEqualTo(new PromQuery.Arithmetic(X, "*", -1, false));
        assertThat(t("(x * 2) - 10 > 90").query())
                .isEqualTo(new PromQuery.Arithmetic(new PromQuery.Arithmetic(X, "*", 2, false), "-", 10, false));
    }

    @Test
    void selectorsKeepTheirMatchersAndNameTheMetricEitherWay() throws Exception {
        PromQlTranslator.Translation plain = t("disk_usage{mount=~\"/data.*\", fs!=\"tmpfs\"} > 0.9");
        assertThat(plain.metric()).isEqualTo("disk_usage");
        assertThat(plain.quoted()).isFalse();
        assertThat(plain.matchers())
                .containsExactly(LabelMatcher.regex("mount", "/data.*"), LabelMatcher.notEqual("fs", "tmpfs"));

        PromQlTranslator.Translation quoted = t("{__name__=\"disk.usage\", mount!~'/boot.*'} > 0.9");
        assertThat(quoted.metric()).isEqualTo("disk.usage");
        assertThat(quoted.quoted()).isTrue();
        assertThat(quoted.matchers()).containsExactly(LabelMatcher.notRegex("mount", "/boot.*"));
    }

    @Test
    void rangeFunctionsTakeTheirWindowAndParameter() throws Exception {
        assertThat(t("quantile_over_time(0.95, x[1h30m]) > 1").query())
                .isEqualTo(new PromQuery.OverTime(PromQuery.Function.QUANTILE_OVER_TIME, Duration.ofMinutes(90), 0.95));
        assertThat(t("predict_linear(x[1h], 4 * 3600) < 0").query())
                .isEqualTo(new PromQuery.OverTime(PromQuery.Function.PREDICT_LINEAR, Duration.ofHours(1), 14_400));
        assertThat(t("absent_over_time(x{job=\"a\"}[2m])").absentFor()).isEqualTo(Duration.ofMinutes(2));
        assertThat(t("absent(x)").absentFor()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void constructsOutsideTheSubsetAreRefusedByName() {
        assertThatThrownBy(() -> t("rate(x[5m]) > 1 and y > 2"))
                .hasMessageStartingWith("PromQL the set operator 'and' is not supported");
        assertThatThrownBy(() -> t("x > bool 1")).hasMessageStartingWith("PromQL the 'bool' modifier is not supported");
        assertThatThrownBy(() -> t("x / on(job) y > 1")).hasMessageStartingWith("PromQL the 'on' modifier");
        assertThatThrownBy(() -> t("x @ 1000 > 1")).hasMessageStartingWith("PromQL the @ modifier");
        assertThatThrownBy(() -> t("avg(x) > 1")).hasMessageStartingWith("PromQL the aggregation 'avg'");
        assertThatThrownBy(() -> t("irate(x[5m]) > 1")).hasMessageStartingWith("PromQL the function 'irate'");
        assertThatThrownBy(() -> t("x[5m] > 1")).hasMessageStartingWith("a range selector [5m] needs a function");
        assertThatThrownBy(() -> t("(x > 1) > 2")).hasMessageStartingWith("PromQL a comparison inside the expression");
        assertThatThrownBy(() -> t("absent(x) * 2 > 1")).hasMessageStartingWith("PromQL absent() inside an expression");
        assertThatThrownBy(() -> t("1 > 2")).hasMessageStartingWith("the comparison has a number on both sides");
        assertThatThrownBy(() -> t("x > 5m")).hasMessageStartingWith("'5m' is not a number");
        assertThatThrownBy(() -> t("rate(x[5q]) > 1")).hasMessageStartingWith("'5q' is not a Prometheus duration");
    }

    @Test
    void aRefusalPointsAtTheConstruct() {
        assertThatThrownBy(() -> t("x > 1 unless y"))
                .isInstanceOfSatisfying(
                        PromQlException.class, e -> assertThat(e.offset()).isEqualTo(6));
        assertThatThrownBy(() -> t("avg_over_time(x[5m] offset 1h) > 1"))
                .isInstanceOfSatisfying(
                        PromQlException.class, e -> assertThat(e.offset()).isEqualTo(20));
    }
}

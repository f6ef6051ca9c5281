package dev.vigil.alerts.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelMatcherTest {

    private static final Map<String, String> DISK = Map.of("alertname", "DiskFull", "mount", "/var");

    @Test
    void eachOperatorComparesTheLabelValue() {
        assertThat(LabelMatcher.equal("mount", "/var").matches(DISK)).isTrue();
        assertThat(LabelMatcher.equal("mount", "/").matches(DISK)).isFalse();
        assertThat(LabelMatcher.notEqual("mount", "/").matches(DISK)).isTrue();
        assertThat(LabelMatcher.notEqual("mount", "/var").matches(DISK)).isFalse();
        assertThat(LabelMatcher.regex("alertname", "Disk.*").matches(DISK)).isTrue();
        assertThat(LabelMatcher.regex("alertname", "Cpu.*").matches(DISK)).isFalse();
        assertThat(LabelMatcher.notRegex("alertname", "Disk.*").matches(DISK)).isFalse();
        assertThat(LabelMatcher.notRegex("alertname", "Cpu.*").matches(DISK)).isTrue();
    }

    @Test
    void aRegexMustMatchTheWholeValue() {
        assertThat(LabelMatcher.regex("alertname", "Disk").matches(DISK)).isFalse();
        assertThat(LabelMatcher.notRegex("alertname", "Disk").matches(DISK)).isTrue();
    }

    @Test
    void aMissingLabelReadsAsTheEmptyString() {
        assertThat(LabelMatcher.notEqual("env", "prod").matches(DISK)).isTrue();
        assertThat(LabelMatcher.equal("env", "").matches(DISK)).isTrue();
        assertThat(LabelMatcher.regex("env", "prod|").matches(DISK)).isTrue();
        assertThat(LabelMatcher.notRegex("env", ".+").matches(DISK)).isTrue();
    }

    @Test
    void allHoldsOnlyWhenEveryMatcherHoldsAndForNone() {
        assertThat(LabelMatcher.all(List.of(), DISK)).isTrue();
        assertThat(LabelMatcher.all(
                        List.of(LabelMatcher.equal("mount", "/var"), LabelMatcher.regex("alertname", "Disk.*")), DISK))
                .isTrue();
        assertThat(LabelMatcher.all(
                        List.of(LabelMatcher.equal("mount", "/var"), LabelMatcher.notRegex("alertname", "Disk.*")),
                        DISK))
                .isFalse();
    }

    @Test
    void printsInAlertmanagerNotationWithQuotesAndBackslashesEscaped() {
        assertThat(LabelMatcher.notRegex("alertname", "Disk.*")).hasToString("alertname!~\"Disk.*\"");
        assertThat(LabelMatcher.equal("path", "C:\\a \"b\"")).hasToString("path=\"C:\\\\a \\\"b\\\"\"");
    }

    @Test
    void rejectsABlankNameANullValueAndAnInvalidRegexNamingTheMatcher() {
        assertThatThrownBy(() -> LabelMatcher.equal(" ", "x")).hasMessageContaining("name must not be blank");
        assertThatThrownBy(() -> LabelMatcher.equal("mount", null)).hasMessageContaining("'mount' has a null value");
        assertThatThrownBy(() -> LabelMatcher.notRegex("alertname", "("))
                .hasMessageStartingWith("label matcher alertname!~\"(\" has an invalid regular expression");
    }

    @Test
    void anAlternationIsAnchoredAsAWholeAsAlertmanagerDoes() {
        // Alertmanager compiles "^(?:" + regex + ")$": "a|b" matches "a" and "b", never "ab"
        assertThat(LabelMatcher.regex("x", "a|b").matches(Map.of("x", "a"))).isTrue();
        assertThat(LabelMatcher.regex("x", "a|b").matches(Map.of("x", "ab"))).isFalse();
        assertThat(LabelMatcher.regex("x", "a|b").matches(Map.of("x", "xb"))).isFalse();
    }

    @Test
    void aRegexThatOnlyWrappingWouldBalanceIsRefused() {
        assertThatThrownBy(() -> LabelMatcher.regex("x", "a)|(b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x=~");
    }

    @Test
    void backreferencesAndLookaroundAreRefusedAsRe2RefusesThem() {
        assertThatThrownBy(() -> LabelMatcher.regex("x", "(a)\\1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LabelMatcher.regex("x", "a(?=b)")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPathologicalPatternRunsInLinearTime() {
        // (.*a){12} against 29 characters without the final match takes a backtracking engine
        // about a second per call; RE2 takes microseconds
        LabelMatcher hostile = LabelMatcher.regex("instance", "(.*a){12}");
        Map<String, String> labels = Map.of("instance", "aaaaaaaaaaaaaaaaaaaaaaaaaaaab".substring(0, 28) + "!");
        long start = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            assertThat(hostile.matches(labels)).isFalse();
        }
        // a bound far above the expected few milliseconds, far below 1,000 backtracking seconds
        assertThat(System.nanoTime() - start).isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(20));
    }
}

package dev.vigil.alerts;

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
        assertThat(LabelMatcher.all(List.of(LabelMatcher.equal("mount", "/var"),
                LabelMatcher.regex("alertname", "Disk.*")), DISK)).isTrue();
        assertThat(LabelMatcher.all(List.of(LabelMatcher.equal("mount", "/var"),
                LabelMatcher.notRegex("alertname", "Disk.*")), DISK)).isFalse();
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
}

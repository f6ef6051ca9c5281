package dev.vigil.alerts.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NagiosRangeTest {

    /** Every row of the REFERENCE.md table, probed just inside and outside each bound. */
    @ParameterizedTest(name = "range {0} with x = {1} alerts: {2}")
    @CsvSource({
        // 10: x < 0 or x > 10
        "10, -0.001, true",
        "10, 0, false",
        "10, 5, false",
        "10, 10, false",
        "10, 10.001, true",
        // 10: x < 10
        "'10:', 9.999, true",
        "'10:', 10, false",
        "'10:', 1e300, false",
        // ~:10: x > 10
        "'~:10', -1e300, false",
        "'~:10', 10, false",
        "'~:10', 10.001, true",
        // 10:20: x < 10 or x > 20
        "'10:20', 9.99, true",
        "'10:20', 10, false",
        "'10:20', 20, false",
        "'10:20', 20.01, true",
        // @10:20: 10 <= x <= 20
        "'@10:20', 9.99, false",
        "'@10:20', 10, true",
        "'@10:20', 15, true",
        "'@10:20', 20, true",
        "'@10:20', 20.01, false",
    })
    void alertsExactlyWhereTheReferenceTableSays(String range, double x, boolean alerts) {
        assertThat(NagiosRange.parse(range).breached(x)).isEqualTo(alerts);
    }

    @Test
    void parsesBoundsAndInfinities() {
        assertThat(NagiosRange.parse("10")).isEqualTo(new NagiosRange(0, 10, false));
        assertThat(NagiosRange.parse("10:")).isEqualTo(new NagiosRange(10, Double.POSITIVE_INFINITY, false));
        assertThat(NagiosRange.parse("~:10")).isEqualTo(new NagiosRange(Double.NEGATIVE_INFINITY, 10, false));
        assertThat(NagiosRange.parse("@-1.5:2e1")).isEqualTo(new NagiosRange(-1.5, 20, true));
        assertThat(NagiosRange.parse("@~:0")).isEqualTo(new NagiosRange(Double.NEGATIVE_INFINITY, 0, true));
    }

    @Test
    void anEmptyStartIsZeroAsInNagiosNotMinusInfinity() {
        assertThat(NagiosRange.parse(":10")).isEqualTo(new NagiosRange(0, 10, false));
    }

    @Test
    void rendersBackToNagiosSyntax() {
        for (String s : new String[] {"10", "10:", "~:10", "10:20", "@10:20", "@~:0", "-5:5", "0.5:"}) {
            assertThat(NagiosRange.parse(s)).hasToString(s);
            assertThat(NagiosRange.parse(NagiosRange.parse(s).toString())).isEqualTo(NagiosRange.parse(s));
        }
    }

    @Test
    void nanNeverAlertsEvenForAnInvertedRange() {
        assertThat(NagiosRange.parse("@~:").breached(Double.NaN)).isFalse();
        assertThat(NagiosRange.parse("10").breached(Double.NaN)).isFalse();
    }

    @ParameterizedTest(name = "''{0}'' is rejected")
    @ValueSource(
            strings = {
                "",
                " ",
                "@",
                "abc",
                "10:5",
                "1:2:3",
                "~",
                "10~",
                "~10",
                "@@10",
                "10:abc",
                "NaN",
                "Infinity",
                "0x10",
                "1,5",
                "--1",
                "10 : 20"
            })
    void rejectsBadStringsNamingThem(String bad) {
        assertThatThrownBy(() -> NagiosRange.parse(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + bad + "'");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> NagiosRange.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}

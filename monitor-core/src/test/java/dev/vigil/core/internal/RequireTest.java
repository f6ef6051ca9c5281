package dev.vigil.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequireTest {

    @Test
    void aMissingValueIsANullPointerExceptionNamingTheField() {
        assertThatThrownBy(() -> Require.positive("timeout", null))
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("timeout must not be null");
        assertThatThrownBy(() -> Require.nonNegative("groupWait", null))
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("groupWait must not be null");
        assertThatThrownBy(() -> Require.notBlank("name", null))
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("name must not be null");
    }

    @Test
    void aValueOutOfRangeIsAnIllegalArgumentExceptionNamingTheFieldAndTheValue() {
        assertThatThrownBy(() -> Require.positive("timeout", Duration.ZERO))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout must be positive, got PT0S");
        assertThatThrownBy(() -> Require.nonNegative("groupWait", Duration.ofSeconds(-1)))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("groupWait must not be negative, got PT-1S");
        assertThatThrownBy(() -> Require.positive("maxSeries", 0))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxSeries must be positive, got 0");
        assertThatThrownBy(() -> Require.nonNegative("maxBytes", -1L))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBytes must not be negative, got -1");
        assertThatThrownBy(() -> Require.finite("warn threshold", Double.NaN))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("warn threshold must be a finite number, got NaN");
        assertThatThrownBy(() -> Require.notBlank("name", " "))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must not be blank, got ' '");
        assertThatThrownBy(() -> Require.argument(false, "jitter", "be in [0, 1)", 1.5))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("jitter must be in [0, 1), got 1.5");
    }

    @Test
    void aValidValueIsReturnedAsGiven() {
        Duration d = Duration.ofMillis(1);
        assertThat(Require.positive("timeout", d)).isSameAs(d);
        assertThat(Require.nonNegative("groupWait", Duration.ZERO)).isEqualTo(Duration.ZERO);
        assertThat(Require.positive("n", 1)).isEqualTo(1);
        assertThat(Require.nonNegative("n", 0L)).isZero();
        assertThat(Require.finite("x", -2.5)).isEqualTo(-2.5);
        assertThat(Require.notBlank("name", "db")).isEqualTo("db");
        assertThat(Require.nonNull("labels", "x")).isEqualTo("x");
        Require.argument(true, "jitter", "be in [0, 1)", 0.5);
    }
}

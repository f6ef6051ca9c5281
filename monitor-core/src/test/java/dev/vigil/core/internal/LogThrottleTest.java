package dev.vigil.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LogThrottleTest {

    private long nanos = 1_000;
    private final LogThrottle throttle = new LogThrottle(Duration.ofSeconds(10), () -> nanos);

    @Test
    void theFirstEventIsReportedAtOnce() {
        assertThat(throttle.occurred()).isEqualTo(1);
    }

    @Test
    void eventsWithinTheIntervalAreCountedIntoTheNextLine() {
        throttle.occurred();
        nanos += Duration.ofSeconds(3).toNanos();
        assertThat(throttle.occurred()).isZero();
        assertThat(throttle.occurred()).isZero();
        nanos += Duration.ofSeconds(7).toNanos() - 1;
        assertThat(throttle.occurred()).isZero();
        nanos += 1;
        assertThat(throttle.occurred()).as("three held back and this one").isEqualTo(4);
        assertThat(throttle.occurred()).isZero();
    }

    @Test
    void aNegativeStartOfTheNanoClockIsNoSpecialCase() {
        nanos = -5_000_000_000L; // System.nanoTime() may be negative
        assertThat(throttle.occurred()).isEqualTo(1);
        nanos += Duration.ofSeconds(10).toNanos();
        assertThat(throttle.occurred()).isEqualTo(1);
    }

    @Test
    void anIntervalThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> new LogThrottle(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("interval must be positive, got PT0S");
    }
}

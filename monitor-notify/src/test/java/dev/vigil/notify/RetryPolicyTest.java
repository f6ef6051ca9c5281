package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class RetryPolicyTest {

    @Property(tries = 300)
    void backoffGrowsExponentiallyWithinItsJitterAndCap(
            @ForAll @IntRange(min = 1, max = 40) int attempt, @ForAll @LongRange(min = 0, max = 1000) long seed) {
        RetryPolicy policy = RetryPolicy.DEFAULT;
        Duration wait = policy.backoff(attempt, new Random(seed));

        double exponential = Math.min(Math.pow(2, attempt - 1), 60) * 1e9;
        assertThat((double) wait.toNanos()).isBetween(exponential * 0.8 - 1, exponential);
    }

    @Property(tries = 50)
    void withoutJitterTheWaitIsExact(@ForAll @IntRange(min = 1, max = 6) int attempt) {
        Duration wait = RetryPolicy.DEFAULT.withJitter(0).backoff(attempt, new Random(1));

        assertThat(wait).isEqualTo(Duration.ofSeconds(1L << (attempt - 1)));
    }
}

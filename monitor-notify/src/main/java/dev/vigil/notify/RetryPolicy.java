package dev.vigil.notify;

import dev.vigil.core.internal.Require;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How failed deliveries are retried: exponential backoff with jitter, at most
 * {@code maxAttempts} attempts, all within {@code budget} from the first attempt. A receiver's
 * {@code Retry-After} replaces the backoff for that wait.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.DEFAULT.withBudget(Duration.ofMinutes(2)).withMaxAttempts(6);
 * }</pre>
 *
 * @param initialBackoff wait after the first failure
 * @param maxBackoff the longest wait between attempts
 * @param multiplier growth of the wait per attempt, at least 1
 * @param jitter fraction in [0, 1) of each wait drawn at random, so receivers are not hit in step
 * @param maxAttempts attempts in total, at least 1
 * @param budget total time from the first attempt after which no retry starts
 */
public record RetryPolicy(
        Duration initialBackoff,
        Duration maxBackoff,
        double multiplier,
        double jitter,
        int maxAttempts,
        Duration budget) {

    /** 1 s, doubling up to 1 min, 20 % jitter, 10 attempts within 10 min. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(1), 2.0, 0.2, 10, Duration.ofMinutes(10));

    /**
     * The longest wait a receiver's {@code Retry-After} (or a notifier's
     * {@link DeliveryResult#retryAfter}) can ask for: 1 hour. Longer (or absurd) values are
     * clamped to it, so a wait past the budget ends as retries exhausted, never as an overflow.
     */
    public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    public RetryPolicy {
        Require.positive("initialBackoff", initialBackoff);
        Require.positive("maxBackoff", maxBackoff);
        Require.positive("budget", budget);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "maxBackoff must be >= initialBackoff (" + initialBackoff + "): " + maxBackoff);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be a finite number >= 1: " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter < 1.0)) {
            throw new IllegalArgumentException("jitter must be in [0, 1): " + jitter);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
        }
    }

    /** No retries at all. */
    public static RetryPolicy none() {
        return DEFAULT.withMaxAttempts(1);
    }

    /** A copy with {@code initialBackoff}. */
    public RetryPolicy withInitialBackoff(Duration value) {
        return new RetryPolicy(
                value, maxBackoff.compareTo(value) < 0 ? value : maxBackoff, multiplier, jitter, maxAttempts, budget);
    }

    /** A copy with {@code maxBackoff}. */
    public RetryPolicy withMaxBackoff(Duration value) {
        return new RetryPolicy(initialBackoff, value, multiplier, jitter, maxAttempts, budget);
    }

    /** A copy with {@code jitter}. */
    public RetryPolicy withJitter(double value) {
        return new RetryPolicy(initialBackoff, maxBackoff, multiplier, value, maxAttempts, budget);
    }

    /** A copy with {@code maxAttempts}. */
    public RetryPolicy withMaxAttempts(int value) {
        return new RetryPolicy(initialBackoff, maxBackoff, multiplier, jitter, value, budget);
    }

    /** A copy with {@code budget}. */
    public RetryPolicy withBudget(Duration value) {
        return new RetryPolicy(initialBackoff, maxBackoff, multiplier, jitter, maxAttempts, value);
    }

    /**
     * The wait after failed attempt number {@code attempt} (1-based): the exponential value
     * capped at {@code maxBackoff}, of which a {@code jitter} fraction is random.
     */
    public Duration backoff(int attempt, RandomGenerator random) {
        double base = initialBackoff.toNanos() * Math.pow(multiplier, Math.max(0, attempt - 1));
        double capped = Math.min(base, (double) maxBackoff.toNanos());
        double jittered = capped * (1.0 - jitter * random.nextDouble());
        return Duration.ofNanos((long) jittered);
    }
}

package dev.vigil.core.internal;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Argument checks for builders and value constructors, with one message format across Vigil:
 * {@code <field> must <rule>, got <value>}, so that a configuration error names what to fix.
 * A missing value throws {@link NullPointerException} ({@code <field> must not be null}); a value
 * out of range throws {@link IllegalArgumentException}. Not API.
 *
 * <pre>{@code
 * this.timeout = Require.positive("timeout", timeout);
 * }</pre>
 */
public final class Require {

    private Require() {}

    /** {@code value}, or a {@link NullPointerException} naming {@code field}. */
    public static <T> T nonNull(String field, @Nullable T value) {
        if (value == null) {
            throw new NullPointerException(field + " must not be null");
        }
        return value;
    }

    /**
     * Throws {@link IllegalArgumentException} {@code <field> must <rule>, got <value>} unless
     * {@code valid}; for the rules that have no method of their own here.
     */
    public static void argument(boolean valid, String field, String rule, @Nullable Object value) {
        if (!valid) {
            throw new IllegalArgumentException(message(field, rule, value));
        }
    }

    /** The message of a failed check: {@code <field> must <rule>, got <value>}. */
    public static String message(String field, String rule, @Nullable Object value) {
        return field + " must " + rule + ", got " + (value instanceof CharSequence ? "'" + value + "'" : value);
    }

    /** A duration greater than zero. */
    public static Duration positive(String field, @Nullable Duration value) {
        Duration given = nonNull(field, value);
        argument(!given.isNegative() && !given.isZero(), field, "be positive", given);
        return given;
    }

    /** A duration of zero or more. */
    public static Duration nonNegative(String field, @Nullable Duration value) {
        Duration given = nonNull(field, value);
        argument(!given.isNegative(), field, "not be negative", given);
        return given;
    }

    /** A count or size greater than zero. */
    public static long positive(String field, long value) {
        argument(value > 0, field, "be positive", value);
        return value;
    }

    /** A count or size greater than zero. */
    public static int positive(String field, int value) {
        argument(value > 0, field, "be positive", value);
        return value;
    }

    /** A count or size of zero or more. */
    public static long nonNegative(String field, long value) {
        argument(value >= 0, field, "not be negative", value);
        return value;
    }

    /** A count or size of zero or more. */
    public static int nonNegative(String field, int value) {
        argument(value >= 0, field, "not be negative", value);
        return value;
    }

    /** A number that is neither NaN nor infinite. */
    public static double finite(String field, double value) {
        argument(Double.isFinite(value), field, "be a finite number", value);
        return value;
    }

    /** A text with at least one character that is not white space. */
    public static String notBlank(String field, @Nullable String value) {
        String given = nonNull(field, value);
        argument(!given.isBlank(), field, "not be blank", given);
        return given;
    }
}

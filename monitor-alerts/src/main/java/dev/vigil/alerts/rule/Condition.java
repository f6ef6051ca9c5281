package dev.vigil.alerts.rule;

import dev.vigil.core.internal.Require;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.metric.ValueFormat;
import org.jspecify.annotations.Nullable;

/**
 * When a compared value is a problem. A closed set: {@link Above}, {@link Below}, {@link Outside},
 * {@link Inside} and {@link NagiosRange}. {@code NaN} never breaches a condition.
 *
 * <pre>{@code
 * Condition c = new Condition.Above(0.9);
 * c.breached(0.95);        // true
 * c.breached(Double.NaN);  // false
 * }</pre>
 */
public sealed interface Condition
        permits Condition.Above, Condition.Below, Condition.Outside, Condition.Inside, NagiosRange {

    /** Whether {@code value} is a problem; always {@code false} for {@code NaN}. */
    boolean breached(double value);

    /** The threshold for humans, formatted for {@code unit}, e.g. {@code > 90%}. */
    String describe(@Nullable Unit unit);

    /** The number a template shows as {@code {{threshold}}}'s raw value: the nearest bound. */
    double threshold();

    /**
     * Breached when the value is greater than {@code threshold}.
     *
     * @param threshold the limit
     */
    record Above(double threshold) implements Condition {
        public Above {
            Require.finite("above threshold", threshold);
        }

        @Override
        public boolean breached(double value) {
            return value > threshold;
        }

        @Override
        public String describe(@Nullable Unit unit) {
            return "> " + ValueFormat.format(threshold, unit);
        }
    }

    /**
     * Breached when the value is less than {@code threshold}.
     *
     * @param threshold the limit
     */
    record Below(double threshold) implements Condition {
        public Below {
            Require.finite("below threshold", threshold);
        }

        @Override
        public boolean breached(double value) {
            return value < threshold;
        }

        @Override
        public String describe(@Nullable Unit unit) {
            return "< " + ValueFormat.format(threshold, unit);
        }
    }

    /**
     * Breached when the value is below {@code low} or above {@code high}.
     *
     * @param low lowest fine value
     * @param high highest fine value
     */
    record Outside(double low, double high) implements Condition {
        public Outside {
            Thresholds.requireOrdered("outside", low, high);
        }

        @Override
        public boolean breached(double value) {
            return value < low || value > high;
        }

        @Override
        public String describe(@Nullable Unit unit) {
            return "outside " + ValueFormat.format(low, unit) + ".." + ValueFormat.format(high, unit);
        }

        @Override
        public double threshold() {
            return high;
        }
    }

    /**
     * Breached when {@code low <= value <= high}.
     *
     * @param low lowest bad value
     * @param high highest bad value
     */
    record Inside(double low, double high) implements Condition {
        public Inside {
            Thresholds.requireOrdered("inside", low, high);
        }

        @Override
        public boolean breached(double value) {
            return value >= low && value <= high;
        }

        @Override
        public String describe(@Nullable Unit unit) {
            return "inside " + ValueFormat.format(low, unit) + ".." + ValueFormat.format(high, unit);
        }

        @Override
        public double threshold() {
            return low;
        }
    }
}

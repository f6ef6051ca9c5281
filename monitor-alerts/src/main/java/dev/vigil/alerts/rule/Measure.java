package dev.vigil.alerts.rule;

import dev.vigil.core.history.History;
import dev.vigil.core.history.SeriesHistory;
import dev.vigil.core.internal.Require;
import dev.vigil.core.metric.ValueFormat;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a rule compares with its thresholds: the latest value, an aggregate over a window, a rate,
 * a predicted value, or a value the application computes. A closed set.
 *
 * <pre>{@code
 * Measure m = new Measure.Predicted(Duration.ofHours(1), Duration.ofHours(4));
 * }</pre>
 */
public sealed interface Measure
        permits Measure.Latest, Measure.Aggregate, Measure.Rate, Measure.Increase, Measure.Predicted, Measure.Computed {

    /**
     * The value to compare.
     *
     * @param series the series' history ({@code null} when it has none yet)
     * @param history the whole history
     * @param latestThisTick the series' value this tick, {@code NaN} when it has none this tick
     */
    double evaluate(@Nullable SeriesHistory series, History history, double latestThisTick);

    /** Short text for documentation and reports, e.g. {@code avg over 5m}. */
    String describe();

    /** The series' value in the current tick ({@code NaN} when it has none this tick). */
    record Latest() implements Measure {
        @Override
        public double evaluate(@Nullable SeriesHistory series, History history, double latestThisTick) {
            return latestThisTick;
        }

        @Override
        public String describe() {
            return "latest";
        }
    }

    /** Which aggregate of a window. */
    enum Function {
        /** Mean. */
        AVG,
        /** Minimum. */
        MIN,
        /** Maximum. */
        MAX,
        /** A quantile, with linear interpolation. */
        PERCENTILE
    }

    /**
     * An aggregate of the series over {@code (now - window, now]}.
     *
     * @param function which aggregate
     * @param window the window
     * @param quantile the quantile (0..1) for {@link Function#PERCENTILE}, ignored otherwise
     */
    record Aggregate(Function function, Duration window, double quantile) implements Measure {
        public Aggregate {
            Objects.requireNonNull(function, "function");
            Require.positive("window", window);
            if (function == Function.PERCENTILE && !(quantile >= 0 && quantile <= 1)) {
                throw new IllegalArgumentException("percentile quantile must be within 0..1, got " + quantile);
            }
        }

        @Override
        public double evaluate(@Nullable SeriesHistory series, History history, double latestThisTick) {
            if (series == null) {
                return Double.NaN;
            }
            return switch (function) {
                case AVG -> series.avg(window);
                case MIN -> series.min(window);
                case MAX -> series.max(window);
                case PERCENTILE -> series.percentile(quantile, window);
            };
        }

        @Override
        public String describe() {
            String f = function == Function.PERCENTILE
                    ? "p" + ValueFormat.number(quantile * 100, 2)
                    : function.name().toLowerCase(java.util.Locale.ROOT);
            return f + " over " + Durations.text(window);
        }
    }

    /**
     * The per-second rate of a counter over {@code (now - window, now]}, equal to Prometheus'
     * {@code rate()} (resets handled, extrapolated as PromQL does; {@link SeriesHistory#rate}).
     *
     * @param window the window
     */
    record Rate(Duration window) implements Measure {
        public Rate {
            Require.positive("rate window", window);
        }

        @Override
        public double evaluate(@Nullable SeriesHistory series, History history, double latestThisTick) {
            return series == null ? Double.NaN : series.rate(window);
        }

        @Override
        public String describe() {
            return "rate over " + Durations.text(window);
        }
    }

    /**
     * The increase of a counter over {@code (now - window, now]}, equal to Prometheus'
     * {@code increase()} (resets handled, extrapolated as PromQL does; {@link SeriesHistory#increase}).
     *
     * @param window the window
     */
    record Increase(Duration window) implements Measure {
        public Increase {
            Require.positive("increase window", window);
        }

        @Override
        public double evaluate(@Nullable SeriesHistory series, History history, double latestThisTick) {
            return series == null ? Double.NaN : series.increase(window);
        }

        @Override
        public String describe() {
            return "increase over " + Durations.text(window);
        }
    }

    /**
     * The value a least-squares line over {@code window} predicts {@code ahead} from now
     * ({@link SeriesHistory#predict}, Prometheus' {@code predict_linear}).
     *
     * @param window the regression window
     * @param ahead how far ahead
     */
    record Predicted(Duration window, Duration ahead) implements Measure {
        public Predicted {
            Require.positive("predict window", window);
            Require.positive("predict ahead", ahead);
        }

        @Override
        public double evaluate(@Nullable SeriesHistory series, History history, double latestThisTick) {
            return series == null ? Double.NaN : series.predict(window, ahead);
        }

        @Override
        public String describe() {
            return "predicted in " + Durations.text(ahead) + " from " + Durations.text(window);
        }
    }

    /**
     * A value computed by the application.
     *
     * @param function the computation
     * @param description what it computes, for documentation and reports
     */
    record Computed(SeriesFunction function, String description) implements Measure {
        public Computed {
            Objects.requireNonNull(function, "function");
            description = description == null ? "custom" : description;
        }

        @Override
        public double evaluate(@Nullable SeriesHistory series, History history, double latestThisTick) {
            return series == null ? Double.NaN : function.apply(series, history);
        }

        @Override
        public String describe() {
            return description;
        }
    }
}

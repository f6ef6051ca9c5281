package dev.vigil.alerts.rulefile;

import dev.vigil.alerts.rule.SeriesFunction;
import dev.vigil.core.history.History;
import dev.vigil.core.history.SeriesHistory;
import java.time.Duration;

/**
 * The value a Prometheus-form rule compares for one series: a PromQL expression of Vigil's subset,
 * evaluated over the series' history at the history's latest tick. Values, so that a reloaded
 * rule with the same expression equals the rule it replaces and keeps its alerts.
 */
sealed interface PromQuery extends SeriesFunction {

    /** Prometheus' default lookback of an instant selector. */
    Duration LOOKBACK = Duration.ofMinutes(5);

    /**
     * An instant selector: the latest sample within the lookback {@code (now - lookback, now]}.
     *
     * @param lookback how far back a sample still counts
     */
    record Instant(Duration lookback) implements PromQuery {
        @Override
        public double apply(SeriesHistory series, History history) {
            if (series == null || series.latestTimeMillis() == Long.MIN_VALUE) {
                return Double.NaN;
            }
            return history.nowMillis() - series.latestTimeMillis() < lookback.toMillis() ? series.latest() : Double.NaN;
        }
    }

    /** A PromQL function over a range vector. */
    enum Function {
        AVG_OVER_TIME,
        MIN_OVER_TIME,
        MAX_OVER_TIME,
        SUM_OVER_TIME,
        COUNT_OVER_TIME,
        QUANTILE_OVER_TIME,
        RATE,
        INCREASE,
        DERIV,
        PREDICT_LINEAR
    }

    /**
     * A function over the window {@code (now - window, now]}.
     *
     * @param function which function
     * @param window the range
     * @param parameter the quantile of {@code quantile_over_time}, the seconds ahead of
     *                  {@code predict_linear}, else 0
     */
    record OverTime(Function function, Duration window, double parameter) implements PromQuery {
        @Override
        public double apply(SeriesHistory s, History history) {
            if (s == null) {
                return Double.NaN;
            }
            return switch (function) {
                case AVG_OVER_TIME -> s.avg(window);
                case MIN_OVER_TIME -> s.min(window);
                case MAX_OVER_TIME -> s.max(window);
                case SUM_OVER_TIME -> s.count(window) == 0 ? Double.NaN : s.sum(window);
                // PromQL returns no series for an empty window, not 0
                case COUNT_OVER_TIME -> {
                    long n = s.count(window);
                    yield n == 0 ? Double.NaN : n;
                }
                case QUANTILE_OVER_TIME -> s.percentile(parameter, window);
                case RATE -> s.rate(window);
                case INCREASE -> s.increase(window);
                case DERIV -> s.slope(window);
                case PREDICT_LINEAR -> s.predict(window, Duration.ofMillis(Math.round(parameter * 1000)));
            };
        }
    }

    /**
     * Arithmetic between a series' value and a number, as PromQL's float arithmetic does it.
     *
     * @param inner the series' value
     * @param operator one of {@code + - * / % ^}
     * @param scalar the number
     * @param scalarFirst whether the number is the left operand
     */
    record Arithmetic(PromQuery inner, String operator, double scalar, boolean scalarFirst) implements PromQuery {
        @Override
        public double apply(SeriesHistory series, History history) {
            double v = inner.apply(series, history);
            if (Double.isNaN(v)) {
                return Double.NaN; // no sample: PromQL has no series to compute with (NaN ^ 0 would be 1)
            }
            double l = scalarFirst ? scalar : v;
            double r = scalarFirst ? v : scalar;
            return apply(operator, l, r);
        }

        static double apply(String operator, double l, double r) {
            return switch (operator) {
                case "+" -> l + r;
                case "-" -> l - r;
                case "*" -> l * r;
                case "/" -> l / r;
                case "%" -> l % r;
                case "^" -> Math.pow(l, r);
                default -> throw new IllegalStateException("not an arithmetic operator: " + operator);
            };
        }
    }

    /** {@code absent()}: the series' presence is watched by the rule's no-data setting; its value never breaches. */
    record NoValue() implements PromQuery {
        @Override
        public double apply(SeriesHistory series, History history) {
            return Double.NaN;
        }
    }
}

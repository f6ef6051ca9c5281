package dev.vigil.alerts.rule;

import dev.vigil.core.history.History;
import dev.vigil.core.history.SeriesHistory;

/**
 * A value computed by the application from one series' history (and, for ratios of two series,
 * the whole history). Called on the sampling thread: be quick. Return {@code NaN} when the value
 * cannot be computed; a throw makes the alert UNKNOWN for that evaluation.
 *
 * <pre>{@code
 * SeriesFunction loadPerCore = (load, all) ->
 *         load.latest() / all.series(MetricId.of("system.cpu.count")).latest();
 * }</pre>
 */
@FunctionalInterface
public interface SeriesFunction {

    /** The value to compare for the series. */
    double apply(SeriesHistory series, History history);
}

package dev.vigil.alerts.rule;

import dev.vigil.core.history.History;
import dev.vigil.core.history.SeriesHistory;

/**
 * A custom condition over one series' history: {@code true} is a problem. Called on the sampling
 * thread: be quick.
 *
 * <pre>{@code
 * SeriesPredicate stuck = (s, all) -> s.count(Duration.ofMinutes(5)) > 10
 *         && s.min(Duration.ofMinutes(5)) == s.max(Duration.ofMinutes(5));
 * }</pre>
 */
@FunctionalInterface
public interface SeriesPredicate {

    /** Whether the series is in trouble now. */
    boolean test(SeriesHistory series, History history);
}

package dev.vigil.alerts;

import dev.vigil.core.history.SeriesHistory;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;

/** What the engine knows of one series: its latest sample and the alert instances watching it. */
final class SeriesEntry {

    static final long NONE = Long.MIN_VALUE;

    final MetricId id;
    Unit unit = Unit.NONE;
    long lastSeenMillis = NONE;
    double value = Double.NaN;
    long unknownAtMillis = NONE;
    SeriesHistory history;
    /** When the engine started watching: the reference for absence before a first sample. */
    final long watchedSinceMillis;

    SeriesEntry(MetricId id, long watchedSinceMillis) {
        this.id = id;
        this.watchedSinceMillis = watchedSinceMillis;
    }
}

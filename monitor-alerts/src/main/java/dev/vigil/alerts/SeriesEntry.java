package dev.vigil.alerts;

import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;

/** What the engine knows of one series: its latest sample, and whether it was UNKNOWN. */
final class SeriesEntry {

    static final long NONE = Long.MIN_VALUE;

    final MetricId id;
    Unit unit = Unit.NONE;
    long lastSeenMillis = NONE;
    double value = Double.NaN;
    long unknownAtMillis = NONE;
    /** When the engine started watching: the reference for absence before a first sample. */
    final long watchedSinceMillis;

    SeriesEntry(MetricId id, long watchedSinceMillis) {
        this.id = id;
        this.watchedSinceMillis = watchedSinceMillis;
    }
}

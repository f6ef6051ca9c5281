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
    /** Alert instances watching this series. */
    int instanceCount;
    /** Some of its alerts were forgotten: match the rules again when the series comes back. */
    boolean rematch;
    /** When the engine started watching: the reference for absence before a first sample. */
    final long watchedSinceMillis;

    SeriesEntry(MetricId id, long watchedSinceMillis) {
        this.id = id;
        this.watchedSinceMillis = watchedSinceMillis;
    }

    /** The last time the series was heard of: a sample, an UNKNOWN, or the start of watching. */
    long lastHeardOfMillis() {
        return Math.max(Math.max(lastSeenMillis, unknownAtMillis), watchedSinceMillis);
    }
}

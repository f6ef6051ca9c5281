package dev.vigil.core.metric;

/**
 * How a source reports a series.
 *
 * <ul>
 *   <li>{@link #GAUGE}: the value as it is now; recorded as is.</li>
 *   <li>{@link #COUNTER}: a cumulative total; the monitor records the per-second rate computed
 *       from two successive readings (a decrease is taken as a counter reset).</li>
 * </ul>
 */
public enum MetricKind {
    /** A value recorded as it is read. */
    GAUGE,
    /** A cumulative total recorded as a per-second rate. */
    COUNTER
}

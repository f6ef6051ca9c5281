package dev.vigil.core;

import dev.vigil.core.metric.MetricId;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Turns cumulative counter readings into per-second rates, as the difference between two
 * successive readings over the time between them. A reading lower than the previous one is a
 * counter reset: the counter restarted from zero, so the increase is the new reading itself
 * (Prometheus' rule). Used by the sampling thread only.
 */
final class CounterRates {

    private static final class Last {
        double total;
        long timeMillis;
    }

    private final Map<MetricId, Last> last = new HashMap<>();

    /**
     * Rate since the previous reading of {@code id}, or {@code NaN} for the first reading (or a
     * reading that is not later than the previous one).
     */
    double rate(MetricId id, double total, long timeMillis) {
        Last previous = last.get(id);
        if (previous == null) {
            previous = new Last();
            previous.total = total;
            previous.timeMillis = timeMillis;
            last.put(id, previous);
            return Double.NaN;
        }
        long elapsed = timeMillis - previous.timeMillis;
        if (elapsed <= 0) {
            return Double.NaN;
        }
        double increase = total >= previous.total ? total - previous.total : total;
        previous.total = total;
        previous.timeMillis = timeMillis;
        return increase * 1000.0 / elapsed;
    }

    /** Forgets counters not seen since {@code olderThanMillis}, so removed series do not leak. */
    void evictBefore(long olderThanMillis) {
        // a loop, not removeIf with a lambda: linking a lambda on its first call (here, at the
        // 64th tick) allocates tens of KB on the sampling thread
        for (Iterator<Last> it = last.values().iterator(); it.hasNext(); ) {
            if (it.next().timeMillis < olderThanMillis) {
                it.remove();
            }
        }
    }
}

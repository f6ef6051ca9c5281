package dev.vigil.benchmarks.rules;

import dev.vigil.core.Tick;
import dev.vigil.core.history.History;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Sample;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tick the benchmark moves forward itself: a fixed set of samples and a history, stamped with
 * the next interval on every {@link #advance}, so that what is timed is the engine's pass alone,
 * not the sampling of 1,000 series.
 */
final class BenchTick implements Tick {

    private final Duration interval;
    private final History history;
    private final Map<MetricId, Double> byId = new HashMap<>();
    private List<Sample> samples;
    private long sequence;
    private long timeMillis;

    BenchTick(Duration interval, History history, long startMillis) {
        this.interval = interval;
        this.history = history;
        this.timeMillis = startMillis;
    }

    /** Moves to the next tick with these samples. */
    BenchTick advance(List<Sample> next) {
        samples = next;
        sequence++;
        timeMillis += interval.toMillis();
        return this;
    }

    @Override
    public long sequence() {
        return sequence;
    }

    @Override
    public long timeMillis() {
        return timeMillis;
    }

    @Override
    public Duration interval() {
        return interval;
    }

    @Override
    public List<Sample> samples() {
        return samples;
    }

    @Override
    public Set<MetricId> unknown() {
        return Set.of();
    }

    @Override
    public double value(MetricId id) {
        if (byId.isEmpty()) {
            for (Sample s : samples) {
                byId.put(s.id(), s.value());
            }
        }
        return byId.getOrDefault(id, Double.NaN);
    }

    @Override
    public History history() {
        return history;
    }
}

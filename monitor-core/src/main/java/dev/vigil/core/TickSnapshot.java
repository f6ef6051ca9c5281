package dev.vigil.core;

import dev.vigil.core.history.History;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Sample;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The immutable {@link Tick} a monitor hands its listeners. */
final class TickSnapshot implements Tick {

    private final long sequence;
    private final long timeMillis;
    private final Duration interval;
    private final List<Sample> samples;
    private final List<Sample> sourceStatus;
    private final Set<MetricId> unknown;
    private final History history;
    private @Nullable Map<MetricId, Sample> byId;

    TickSnapshot(
            long sequence,
            long timeMillis,
            Duration interval,
            List<Sample> samples,
            List<Sample> sourceStatus,
            Set<MetricId> unknown,
            History history) {
        this.sequence = sequence;
        this.timeMillis = timeMillis;
        this.interval = interval;
        this.samples = Collections.unmodifiableList(samples);
        this.sourceStatus = Collections.unmodifiableList(sourceStatus);
        this.unknown = Collections.unmodifiableSet(unknown);
        this.history = history;
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
    public List<Sample> sourceStatus() {
        return sourceStatus;
    }

    @Override
    public Set<MetricId> unknown() {
        return unknown;
    }

    @Override
    public synchronized double value(MetricId id) {
        if (byId == null) {
            byId = new HashMap<>(samples.size() * 2);
            for (Sample s : samples) {
                byId.put(s.id(), s);
            }
            for (Sample s : sourceStatus) {
                byId.put(s.id(), s);
            }
        }
        Sample s = byId.get(id);
        return s == null ? Double.NaN : s.value();
    }

    @Override
    public History history() {
        return history;
    }

    @Override
    public String toString() {
        return "Tick[#" + sequence + " at " + time() + ", " + samples.size() + " samples, " + unknown.size()
                + " unknown]";
    }
}

package dev.vigil.alerts.rulefile;

import dev.vigil.core.Tick;
import dev.vigil.core.TickListener;
import dev.vigil.core.history.History;
import dev.vigil.core.history.HistoryConfig;
import dev.vigil.core.history.HistoryStore;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Sample;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ticks on a manual clock at a fixed interval, recording samples in a real history store: the
 * first tick is at the clock's start, each further one an interval later.
 */
final class RuleFeed {

    final ManualClock clock = ManualClock.create();
    final Duration interval;
    final HistoryStore store;
    private final long start = clock.wallMillis();
    private TickListener listener = tick -> { };
    private long sequence;

    RuleFeed(Duration interval) {
        this.interval = interval;
        this.store = new HistoryStore(HistoryConfig.defaults(), interval);
    }

    RuleFeed attach(TickListener l) {
        this.listener = l;
        return this;
    }

    /** Time of evaluation {@code index}. */
    long timeOf(int index) {
        return start + index * interval.toMillis();
    }

    /** The tick of evaluation {@code index} (moving the clock there) with these samples. */
    void tick(int index, Map<MetricId, Double> values) {
        long now = timeOf(index);
        clock.advance(Duration.ofMillis(now - clock.wallMillis()));
        List<Sample> samples = new ArrayList<>();
        values.forEach((id, v) -> {
            samples.add(new Sample(id, Unit.NONE, now, v));
            store.record(id, Unit.NONE, now, v);
        });
        store.advanceTo(now);
        listener.onTick(new FeedTick(++sequence, now, List.copyOf(samples), store, interval));
    }

    private record FeedTick(long sequence, long timeMillis, List<Sample> samples, History history, Duration interval)
            implements Tick {
        @Override
        public Set<MetricId> unknown() {
            return Set.of();
        }

        @Override
        public double value(MetricId id) {
            return samples.stream().filter(s -> s.id().equals(id)).mapToDouble(Sample::value).findFirst()
                    .orElse(Double.NaN);
        }
    }
}

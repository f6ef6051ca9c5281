package dev.vigil.alerts;

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
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Feeds hand-made ticks to a listener, recording the samples in a real history store. Each tick
 * first moves the manual clock forward by the interval; {@link #tick(int, Map)} places a tick at
 * evaluation {@code index} instead (the first at the clock's start), as promtool's test steps.
 * The one tick fake of monitor-alerts' tests (vigil-test's TickFeed is the public one, which these
 * tests cannot depend on).
 */
public final class TickFeed {

    public static final Duration INTERVAL = Duration.ofSeconds(10);

    public final ManualClock clock = ManualClock.create();
    public final HistoryStore store;
    private final Duration interval;
    private final long start = clock.wallMillis();
    private final Map<MetricId, Unit> units = new HashMap<>();
    private TickListener listener;
    private History history;
    private long sequence;

    public TickFeed(TickListener listener) {
        this(INTERVAL);
        this.listener = listener;
    }

    /** A feed ticking every {@code interval}, its listener attached later. */
    public TickFeed(Duration interval) {
        this.interval = interval;
        this.store = new HistoryStore(HistoryConfig.defaults(), interval);
        this.history = store;
        this.listener = tick -> {};
    }

    /** A feed whose listener is attached later (when it needs the feed's clock first). */
    public TickFeed() {
        this(tick -> {});
    }

    /** Sends the following ticks to {@code l}. */
    public TickFeed attach(TickListener l) {
        this.listener = l;
        return this;
    }

    /** Ticks read this history instead of the recording store (for fakes of rate/predict). */
    public TickFeed history(History fake) {
        this.history = fake;
        return this;
    }

    public TickFeed unit(MetricId id, Unit unit) {
        units.put(id, unit);
        return this;
    }

    /** Moves time without a tick. */
    public TickFeed skip(Duration d) {
        clock.advance(d);
        return this;
    }

    public long now() {
        return clock.wallMillis();
    }

    /** A tick with alternating MetricId, value pairs. */
    public Tick tick(Object... idValues) {
        Map<MetricId, Double> values = new java.util.LinkedHashMap<>();
        for (int i = 0; i < idValues.length; i += 2) {
            values.put((MetricId) idValues[i], ((Number) idValues[i + 1]).doubleValue());
        }
        return tick(values, Set.of());
    }

    /** A tick where these series are UNKNOWN. */
    public Tick tickUnknown(MetricId... ids) {
        return tick(Map.of(), new LinkedHashSet<>(List.of(ids)));
    }

    /** Wall time of evaluation {@code index}: the clock's start plus {@code index} intervals. */
    public long timeOf(int index) {
        return start + index * interval.toMillis();
    }

    /** The tick of evaluation {@code index} (moving the clock there) with these samples. */
    public Tick tick(int index, Map<MetricId, Double> values) {
        clock.advance(Duration.ofMillis(timeOf(index) - clock.wallMillis()));
        return emit(values, Set.of());
    }

    public Tick tick(Map<MetricId, Double> values, Set<MetricId> unknown) {
        clock.advance(interval);
        return emit(values, unknown);
    }

    private Tick emit(Map<MetricId, Double> values, Set<MetricId> unknown) {
        long now = clock.wallMillis();
        List<Sample> samples = new ArrayList<>();
        for (Map.Entry<MetricId, Double> e : values.entrySet()) {
            Unit unit = units.getOrDefault(e.getKey(), Unit.NONE);
            samples.add(new Sample(e.getKey(), unit, now, e.getValue()));
            if (!Double.isNaN(e.getValue())) {
                store.record(e.getKey(), unit, now, e.getValue());
            }
        }
        store.advanceTo(now);
        Tick tick = new FakeTick(++sequence, now, interval, List.copyOf(samples), Set.copyOf(unknown), history);
        listener.onTick(tick);
        return tick;
    }

    record FakeTick(
            long sequence,
            long timeMillis,
            Duration interval,
            List<Sample> samples,
            Set<MetricId> unknown,
            History history)
            implements Tick {
        @Override
        public double value(MetricId id) {
            for (Sample s : samples) {
                if (s.id().equals(id)) {
                    return s.value();
                }
            }
            return Double.NaN;
        }
    }
}

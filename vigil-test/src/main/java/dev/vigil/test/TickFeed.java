package dev.vigil.test;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Hand-made ticks for a {@link TickListener} (an alert engine, a listener of your own), without a
 * monitor or sources: each tick moves a manual clock forward by the interval, records its values
 * in a real {@link HistoryStore} (so rates, windows and predictions read them) and is handed to
 * the listener on the calling thread. Not thread-safe: one test thread drives it.
 *
 * <pre>{@code
 * MetricId cpu = MetricId.of("system.cpu.usage");
 * TickFeed feed = TickFeed.create();
 * AlertEngine engine = AlertEngine.builder().clock(feed.clock()).synchronousListeners()
 *         .rule(Rule.threshold("cpu-busy").metric("system.cpu.usage").critAbove(0.9))
 *         .build();
 * feed.attach(engine);
 * feed.tick(cpu, 0.95);          // 10 s later, cpu at 95 %
 * feed.tickUnknown(cpu);         // the source could not read it
 * feed.skip(Duration.ofMinutes(5));
 * }</pre>
 */
public final class TickFeed {

    /** The interval of {@link #create()}: the monitor's default. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private final ManualClock clock;
    private final Duration interval;
    private final HistoryStore store;
    private final Map<MetricId, Unit> units = new HashMap<>();
    private TickListener listener = tick -> {};
    private History history;
    private long sequence;

    private TickFeed(ManualClock clock, Duration interval, HistoryConfig historyConfig) {
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        this.interval = interval;
        this.store = new HistoryStore(Objects.requireNonNull(historyConfig, "historyConfig"), interval);
        this.history = store;
    }

    /** A feed on a new {@link ManualClock#create() manual clock}, ticking every 10 s. */
    public static TickFeed create() {
        return on(ManualClock.create(), DEFAULT_INTERVAL);
    }

    /** A feed on a new manual clock reading {@code start}, ticking every {@code interval}. */
    public static TickFeed startingAt(Instant start, Duration interval) {
        return on(ManualClock.at(start), interval);
    }

    /** A feed that moves {@code clock} (shared with the components under test) every {@code interval}. */
    public static TickFeed on(ManualClock clock, Duration interval) {
        return on(clock, interval, HistoryConfig.defaults());
    }

    /** As {@link #on(ManualClock, Duration)}, recording into a history shaped by {@code historyConfig}. */
    public static TickFeed on(ManualClock clock, Duration interval, HistoryConfig historyConfig) {
        return new TickFeed(clock, interval, historyConfig);
    }

    /** Sends the following ticks to {@code l} (replacing the previous listener). */
    public TickFeed attach(TickListener l) {
        this.listener = Objects.requireNonNull(l, "listener");
        return this;
    }

    /** Ticks carry {@code fake} as their history instead of the recording store (for fakes of rates or predictions). */
    public TickFeed history(History fake) {
        this.history = Objects.requireNonNull(fake, "history");
        return this;
    }

    /** The unit samples of {@code id} carry (default {@link Unit#NONE}). */
    public TickFeed unit(MetricId id, Unit unit) {
        units.put(Objects.requireNonNull(id, "id"), Objects.requireNonNull(unit, "unit"));
        return this;
    }

    /** Moves time forward without a tick, as when ticks were skipped or the process was stopped. */
    public TickFeed skip(Duration d) {
        clock.advance(d);
        return this;
    }

    /** The clock this feed moves. */
    public ManualClock clock() {
        return clock;
    }

    /** The interval between ticks. */
    public Duration interval() {
        return interval;
    }

    /** The history the feed records into. */
    public HistoryStore store() {
        return store;
    }

    /** The clock's wall time in epoch milliseconds. */
    public long now() {
        return clock.wallMillis();
    }

    /**
     * One interval later, a tick with alternating {@link MetricId} and {@link Number} arguments,
     * e.g. {@code tick(cpu, 0.5, load, 2)}. A NaN value is a sample the history does not record.
     */
    public Tick tick(Object... idValues) {
        if (idValues.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "idValues must alternate MetricId and Number, got " + idValues.length + " arguments");
        }
        Map<MetricId, Double> values = new LinkedHashMap<>();
        for (int i = 0; i < idValues.length; i += 2) {
            if (!(idValues[i] instanceof MetricId id) || !(idValues[i + 1] instanceof Number value)) {
                throw new IllegalArgumentException("idValues[" + i + "] must be a MetricId and idValues[" + (i + 1)
                        + "] a Number: " + idValues[i] + ", " + idValues[i + 1]);
            }
            values.put(id, value.doubleValue());
        }
        return tick(values, Set.of());
    }

    /** One interval later, a tick where these series are UNKNOWN and nothing has a value. */
    public Tick tickUnknown(MetricId... ids) {
        return tick(Map.of(), new LinkedHashSet<>(List.of(ids)));
    }

    /** One interval later, a tick with {@code values} and the {@code unknown} series. */
    public Tick tick(Map<MetricId, Double> values, Set<MetricId> unknown) {
        clock.advance(interval);
        return tickNow(values, unknown);
    }

    /** A tick at the clock's current time (the clock does not move), for ticks placed with {@link #skip}. */
    public Tick tickNow(Map<MetricId, Double> values, Set<MetricId> unknown) {
        long now = clock.wallMillis();
        List<Sample> samples = new ArrayList<>(values.size());
        for (Map.Entry<MetricId, Double> e : values.entrySet()) {
            Unit unit = units.getOrDefault(e.getKey(), Unit.NONE);
            samples.add(new Sample(e.getKey(), unit, now, e.getValue()));
            if (Double.isFinite(e.getValue())) {
                store.record(e.getKey(), unit, now, e.getValue());
            }
        }
        store.advanceTo(now);
        Tick tick = new FeedTick(++sequence, now, interval, List.copyOf(samples), Set.copyOf(unknown), history);
        listener.onTick(tick);
        return tick;
    }

    private record FeedTick(
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

        @Override
        public String toString() {
            return "Tick[#" + sequence + " at " + time() + ", " + samples.size() + " samples, " + unknown.size()
                    + " unknown]";
        }
    }
}

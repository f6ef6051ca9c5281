package dev.vigil.core.history;

import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The writable history a monitor owns; everyone else reads it through {@link History}.
 * Written by one thread (the sampling thread), read safely by any.
 *
 * <p>Each series keeps a raw tier of {@link HistoryConfig#rawCapacity} samples in Gorilla-compressed
 * chunks (about 1.5 bytes a sample on real series, measured in docs/performance.md, against 16
 * uncompressed; a chunk of up to 240 samples beyond the capacity may be held) and, per
 * consolidated tier, a ring of {@link HistoryConfig.Tier#capacity()} + 2 buckets (28 bytes each:
 * min, max and sum as doubles and an int count; a bucket's time follows from its position). With
 * the defaults and a 10 s interval the buckets take 1,442 one-minute and 722 one-hour slots
 * (<b>60,592 bytes per series</b>) and the raw tier about 1 KB, plus well under 1 KB of object
 * headers — about 62 KiB, or 125 MB at the default
 * {@link HistoryConfig#DEFAULT_MAX_SERIES 2,000 series} once every tier is full. The rings start small and grow by
 * doubling to their capacity, so a series only pays for the history it has lived; they never
 * grow beyond it. A series that has not been written for longer than the longest retention is
 * evicted (checked at most once a minute, in {@link #advanceTo}).
 *
 * <pre>{@code
 * HistoryStore store = new HistoryStore(HistoryConfig.defaults(), Duration.ofSeconds(10));
 * store.record(MetricId.of("system.cpu.usage"), Unit.RATIO, nowMillis, 0.42);
 * store.advanceTo(nowMillis);
 * }</pre>
 */
public final class HistoryStore implements History {

    /** How often {@link #advanceTo} looks for series to evict. */
    static final long EVICTION_CHECK_MILLIS = 60_000;

    private final HistoryConfig config;
    private final Duration interval;
    private final long longestRetentionMillis;
    private final ConcurrentHashMap<MetricId, RingSeries> series = new ConcurrentHashMap<>();
    private volatile long nowMillis = Long.MIN_VALUE;
    /** Written by the writer thread only; volatile so any thread reads it fresh. */
    private volatile long droppedSeries;
    private long nextEvictionCheck = Long.MIN_VALUE;

    /** A store for ticks every {@code interval}. */
    public HistoryStore(HistoryConfig config, Duration interval) {
        this.config = Objects.requireNonNull(config, "config");
        this.interval = Objects.requireNonNull(interval, "interval");
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("interval must be at least 1ms, got " + interval);
        }
        long longest = config.rawRetention().toMillis();
        for (HistoryConfig.Tier tier : config.tiers()) {
            longest = Math.max(longest, tier.retention().toMillis());
        }
        this.longestRetentionMillis = longest;
    }

    /**
     * Appends one value; times of one series must not go backwards (a value not newer than the
     * series' latest is ignored, as is a value that is not finite).
     * Returns {@code false} when the series is new and the store already holds
     * {@link HistoryConfig#maxSeries()} series.
     */
    public boolean record(MetricId id, Unit unit, long timeMillis, double value) {
        RingSeries s = series.get(Objects.requireNonNull(id, "id"));
        if (s == null) {
            Objects.requireNonNull(unit, "unit");
            if (series.size() >= config.maxSeries()) {
                droppedSeries++;
                return false;
            }
            s = series.computeIfAbsent(id, k -> new RingSeries(k, unit, config, interval, this));
        }
        s.append(timeMillis, value);
        return true;
    }

    /**
     * Marks the end of a tick: queries' windows end at {@code timeMillis}. Also evicts the series
     * not written for longer than the longest retention, so removed disks or interfaces do not
     * hold memory forever.
     */
    public void advanceTo(long timeMillis) {
        if (timeMillis > nowMillis) {
            nowMillis = timeMillis;
        }
        if (timeMillis >= nextEvictionCheck) {
            nextEvictionCheck = timeMillis + EVICTION_CHECK_MILLIS;
            long horizon = timeMillis - longestRetentionMillis;
            series.values().removeIf(s -> s.latestTimeMillis() <= horizon);
        }
    }

    /** New series refused because {@link HistoryConfig#maxSeries()} was reached. */
    public long droppedSeries() {
        return droppedSeries;
    }

    /** Bytes of the buckets one series holds once its consolidated rings are full. */
    static long tierBytesPerSeries(HistoryConfig config, Duration interval) {
        long bytes = 0;
        for (HistoryConfig.Tier tier : config.tiers()) {
            bytes += (long) (tier.capacity() + 2) * BucketRing.BYTES_PER_BUCKET;
        }
        return bytes;
    }

    @Override
    public SeriesHistory series(MetricId id) {
        return series.get(id);
    }

    @Override
    public Collection<MetricId> ids() {
        return Collections.unmodifiableSet(series.keySet());
    }

    @Override
    public List<SeriesHistory> byName(String name) {
        List<SeriesHistory> out = new ArrayList<>();
        for (RingSeries s : series.values()) {
            if (s.id().name().equals(name)) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public long nowMillis() {
        return nowMillis;
    }

    @Override
    public HistoryConfig config() {
        return config;
    }
}

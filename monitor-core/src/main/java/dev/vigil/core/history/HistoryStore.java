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
 * <pre>{@code
 * HistoryStore store = new HistoryStore(HistoryConfig.defaults(), Duration.ofSeconds(10));
 * store.record(MetricId.of("system.cpu.usage"), Unit.RATIO, nowMillis, 0.42);
 * store.advanceTo(nowMillis);
 * }</pre>
 */
public final class HistoryStore implements History {

    private final HistoryConfig config;
    private final Duration interval;
    private final ConcurrentHashMap<MetricId, RingSeries> series = new ConcurrentHashMap<>();
    private volatile long nowMillis = Long.MIN_VALUE;
    private long droppedSeries;

    /** A store for ticks every {@code interval}. */
    public HistoryStore(HistoryConfig config, Duration interval) {
        this.config = Objects.requireNonNull(config, "config");
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    /**
     * Appends one value; times of one series must not go backwards (an older value is ignored).
     * Returns {@code false} when the series is new and the store already holds
     * {@link HistoryConfig#maxSeries()} series.
     */
    public boolean record(MetricId id, Unit unit, long timeMillis, double value) {
        RingSeries s = series.get(id);
        if (s == null) {
            if (series.size() >= config.maxSeries()) {
                droppedSeries++;
                return false;
            }
            s = series.computeIfAbsent(id, k -> new RingSeries(k, unit, config, interval, this));
        }
        s.append(timeMillis, value);
        return true;
    }

    /** Marks the end of a tick: queries' windows end at {@code timeMillis}. */
    public void advanceTo(long timeMillis) {
        if (timeMillis > nowMillis) {
            nowMillis = timeMillis;
        }
    }

    /** New series refused because {@link HistoryConfig#maxSeries()} was reached. */
    public long droppedSeries() {
        return droppedSeries;
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

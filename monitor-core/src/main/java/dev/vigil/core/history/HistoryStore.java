package dev.vigil.core.history;

import dev.vigil.core.internal.FailureLog;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * {@link HistoryConfig#DEFAULT_MAX_SERIES 2,000 series} once every tier is full. The rings start small and grow to
 * their capacity (a tier by pages of 64 buckets, never copied), so a series only pays for the
 * history it has lived; they never grow beyond it. A series that has not been written for longer than the longest retention is
 * evicted (checked at most once a minute, in {@link #advanceTo}).
 *
 * <p>{@link #open} keeps the history in a directory as well (docs/storage.md): what the files
 * hold is loaded when the store opens, written at a checkpoint every
 * {@link HistoryConfig#checkpointInterval()} of tick time (on the writer thread, in
 * {@link #advanceTo}) and on {@link #close()}.
 *
 * <pre>{@code
 * HistoryStore store = new HistoryStore(HistoryConfig.defaults(), Duration.ofSeconds(10));
 * store.record(MetricId.of("system.cpu.usage"), Unit.RATIO, nowMillis, 0.42);
 * store.advanceTo(nowMillis);
 * }</pre>
 */
public final class HistoryStore implements History, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HistoryStore.class);

    /** How often {@link #advanceTo} looks for series to evict. */
    static final long EVICTION_CHECK_MILLIS = 60_000;

    private final HistoryConfig config;
    private final Duration interval;
    private final long longestRetentionMillis;
    private final ConcurrentHashMap<MetricId, RingSeries> series = new ConcurrentHashMap<>();
    private volatile long nowMillis = Long.MIN_VALUE;
    /** Written by the writer thread only; atomic so any thread reads it fresh. */
    private final AtomicLong droppedSeries = new AtomicLong();

    private long nextEvictionCheck = Long.MIN_VALUE;
    /** Null when the history is in memory only. */
    private final @Nullable HistoryDisk disk;

    private final long checkpointMillis;
    private long nextCheckpoint = Long.MIN_VALUE;
    private final FailureLog checkpointFailures = new FailureLog(log);

    /** A store in memory only, for ticks every {@code interval}. */
    public HistoryStore(HistoryConfig config, Duration interval) {
        this(config, interval, null, null);
    }

    /**
     * A store kept in {@code directory} (normally a {@link dev.vigil.core.storage.Storage}'s
     * {@code directory("history")}), restored from what it holds; docs/storage.md has the
     * format and the guarantees. The caller makes sure no other store uses the directory (the
     * storage's lock) and {@link #close() closes} this one.
     *
     * @throws UncheckedIOException when the directory cannot be read or written
     */
    public static HistoryStore open(HistoryConfig config, Duration interval, Path directory) {
        return open(config, interval, directory, null);
    }

    /**
     * As {@link #open(HistoryConfig, Duration, Path)}, its writer thread from {@code threadFactory}
     * (null: a daemon thread named {@code vigil-history-io}).
     */
    public static HistoryStore open(
            HistoryConfig config, Duration interval, Path directory, @Nullable ThreadFactory threadFactory) {
        return new HistoryStore(config, interval, Objects.requireNonNull(directory, "directory"), threadFactory);
    }

    private HistoryStore(
            HistoryConfig config, Duration interval, @Nullable Path directory, @Nullable ThreadFactory threadFactory) {
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
        this.checkpointMillis = config.checkpointInterval().toMillis();
        if (directory == null) {
            this.disk = null;
            return;
        }
        this.disk = new HistoryDisk(directory, config, interval.toMillis(), threadFactory);
        try {
            disk.restore(this::durableSeries, series);
        } catch (IOException | RuntimeException e) {
            try {
                disk.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof IOException io
                    ? new UncheckedIOException(
                            "cannot restore the history in " + directory + ": " + io.getMessage(), io)
                    : (RuntimeException) e;
        }
        long latest = Long.MIN_VALUE;
        for (RingSeries s : series.values()) {
            latest = Math.max(latest, s.latestTimeMillis());
        }
        this.nowMillis = latest;
    }

    private RingSeries durableSeries(int no, MetricId id, Unit unit) {
        return new RingSeries(id, unit, config, interval, this, chunk -> disk.chunkSealed(no, chunk));
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
                droppedSeries.incrementAndGet();
                return false;
            }
            s = series.computeIfAbsent(id, k -> newSeries(k, unit));
        }
        s.append(timeMillis, value);
        return true;
    }

    private RingSeries newSeries(MetricId id, Unit unit) {
        if (disk != null) {
            HistoryDisk.Persisted p = disk.admit(id, unit, this::durableSeries);
            if (p != null) {
                return p.series;
            }
        }
        return new RingSeries(id, unit, config, interval, this);
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
            for (Iterator<RingSeries> it = series.values().iterator(); it.hasNext(); ) {
                RingSeries s = it.next();
                if (s.latestTimeMillis() <= horizon) {
                    if (disk != null) {
                        disk.evicted(s);
                    }
                    it.remove();
                }
            }
        }
        if (disk != null && timeMillis >= nextCheckpoint) {
            checkpoint(false);
        }
    }

    /**
     * Writes what the history on disk lacks and fsyncs it (see docs/storage.md), and returns once
     * it is on disk. Also taken by itself every {@link HistoryConfig#checkpointInterval()} of
     * tick time in {@link #advanceTo}, where it is written on the {@code vigil-history-io}
     * thread so that the tick does not wait for the disk. Call it from the writer thread only.
     * A failure is logged (once until a checkpoint succeeds again); the history in memory goes on.
     *
     * @return whether the files are up to date (always true in memory)
     */
    public boolean checkpoint() {
        return checkpoint(true);
    }

    private boolean checkpoint(boolean wait) {
        if (disk == null) {
            return true;
        }
        if (nowMillis != Long.MIN_VALUE) {
            nextCheckpoint = nowMillis + checkpointMillis;
        }
        try {
            disk.checkpoint(nowMillis, wait);
            checkpointFailures.succeeded("Vigil history checkpoint succeeded again");
            return true;
        } catch (IOException | RuntimeException e) {
            checkpointFailures.failed("Vigil history checkpoint failed; retried at the next one", e);
            return false;
        }
    }

    /** Bytes the history's files took on disk at the latest checkpoint; 0 in memory. Safe from any thread. */
    public long diskBytes() {
        return disk == null ? 0 : disk.diskBytesAtCheckpoint();
    }

    /**
     * New series kept in memory only because their tier rings would not fit
     * {@link HistoryConfig#maxDiskBytes()}; 0 in memory.
     */
    public long unpersistedSeries() {
        return disk == null ? 0 : disk.unpersistedSeries();
    }

    /** Bytes written to disk since this store was opened; 0 in memory. */
    public long bytesWritten() {
        return disk == null ? 0 : disk.bytesWritten();
    }

    /** A last checkpoint, then the files are closed; the history stays readable in memory. Idempotent. */
    @Override
    public void close() {
        if (disk == null) {
            return;
        }
        checkpoint();
        try {
            disk.close();
        } catch (IOException e) {
            log.warn("Vigil history files failed to close", e);
        }
    }

    /** New series refused because {@link HistoryConfig#maxSeries()} was reached. */
    public long droppedSeries() {
        return droppedSeries.get();
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
    public @Nullable SeriesHistory series(MetricId id) {
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

package dev.vigil.core.history;

import dev.vigil.core.internal.Require;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The history of one series: a {@link RawRing} and one {@link BucketRing} per consolidated tier,
 * each sample going into all of them. Written by one thread; every read and write holds a
 * private per-series lock, so a reader never sees a half-written sample (uncontended, as it is
 * almost always, the lock costs a few nanoseconds).
 */
final class RingSeries implements SeriesHistory {

    /** Scratch for {@link RawRing#aggregate}, per reading thread. */
    private static final ThreadLocal<double[]> AGGREGATES = ThreadLocal.withInitial(() -> new double[4]);

    private final MetricId id;
    private final Unit unit;
    private final History owner;
    private final Object lock = new Object();
    private final RawRing raw;
    private final long rawRetentionMillis;
    private final BucketRing[] tiers;
    private final long[] tierRetentionMillis;
    private final long intervalMillis;
    private final double xff;
    private long latestTime = Long.MIN_VALUE;
    private double latestValue = Double.NaN;

    RingSeries(MetricId id, Unit unit, HistoryConfig config, Duration interval, History owner) {
        this(id, unit, config, interval, owner, null);
    }

    RingSeries(
            MetricId id,
            Unit unit,
            HistoryConfig config,
            Duration interval,
            History owner,
            RawRing.@Nullable ChunkSink sink) {
        this.id = id;
        this.unit = unit;
        this.owner = owner;
        this.raw = new RawRing(config.rawCapacity(interval), sink);
        this.rawRetentionMillis = config.rawRetention().toMillis();
        this.intervalMillis = interval.toMillis();
        this.xff = config.xff();
        List<HistoryConfig.Tier> configured = config.tiers();
        this.tiers = new BucketRing[configured.size()];
        this.tierRetentionMillis = new long[configured.size()];
        for (int i = 0; i < tiers.length; i++) {
            HistoryConfig.Tier tier = configured.get(i);
            tiers[i] = new BucketRing(tier.resolution().toMillis(), tier.capacity() + 2, interval.toMillis());
            tierRetentionMillis[i] = tier.retention().toMillis();
        }
    }

    /** Appends a sample; one not newer than the latest, or not finite, is ignored. */
    void append(long t, double v) {
        if (!Double.isFinite(v)) {
            return;
        }
        synchronized (lock) {
            if (t <= latestTime) {
                return;
            }
            latestTime = t;
            latestValue = v;
            raw.append(t, v);
            for (BucketRing tier : tiers) {
                tier.add(t, v);
            }
        }
    }

    @Override
    public MetricId id() {
        return id;
    }

    @Override
    public Unit unit() {
        return unit;
    }

    @Override
    public double latest() {
        synchronized (lock) {
            return latestValue;
        }
    }

    @Override
    public long latestTimeMillis() {
        synchronized (lock) {
            return latestTime;
        }
    }

    @Override
    public int rawSize() {
        synchronized (lock) {
            return raw.size();
        }
    }

    @Override
    public double avg(Duration window) {
        return query(window, Aggregate.AVG, 0);
    }

    @Override
    public double min(Duration window) {
        return query(window, Aggregate.MIN, 0);
    }

    @Override
    public double max(Duration window) {
        return query(window, Aggregate.MAX, 0);
    }

    @Override
    public double sum(Duration window) {
        return query(window, Aggregate.SUM, 0);
    }

    @Override
    public long count(Duration window) {
        return (long) query(window, Aggregate.COUNT, 0);
    }

    @Override
    public double percentile(double q, Duration window) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("percentile q must be within 0..1, got " + q);
        }
        long w = millis(window, "window");
        double[] values;
        synchronized (lock) {
            long now = owner.nowMillis();
            if (now == Long.MIN_VALUE) {
                return Double.NaN;
            }
            Archive a = archiveFor(w, windowStart(now, w));
            values = WindowStats.values(a, a.select(windowStart(now, w), now));
        }
        // Sorting outside the lock: a long raw tier must not stall the writer.
        return WindowStats.percentile(values, q);
    }

    @Override
    public double increase(Duration window) {
        return query(window, Aggregate.INCREASE, 0);
    }

    @Override
    public double rate(Duration window) {
        return query(window, Aggregate.RATE, 0);
    }

    @Override
    public double slope(Duration window) {
        return query(window, Aggregate.SLOPE, 0);
    }

    @Override
    public double predict(Duration window, Duration ahead) {
        Objects.requireNonNull(ahead, "ahead");
        return query(window, Aggregate.PREDICT, ahead.getSeconds() + ahead.getNano() / 1e9);
    }

    @Override
    public List<Point> range(long fromMillis, long toMillis) {
        if (fromMillis > toMillis) {
            throw new IllegalArgumentException("range fromMillis " + fromMillis + " is after toMillis " + toMillis);
        }
        synchronized (lock) {
            long now = owner.nowMillis();
            // The archive a window reaching back to fromMillis would use: a span equal to a
            // tier's retention is served by that tier.
            long span = 0;
            if (now != Long.MIN_VALUE && fromMillis <= now) {
                long back = now - fromMillis;
                span = back < 0 ? Long.MAX_VALUE : back; // negative: overflowed
            }
            long fromExclusive = fromMillis == Long.MIN_VALUE ? fromMillis : fromMillis - 1;
            Archive a = archiveFor(span, fromExclusive);
            long selection = a.select(fromExclusive, toMillis);
            int first = Archive.first(selection);
            int end = first + Archive.count(selection);
            List<Point> points = new ArrayList<>(end - first);
            if (a instanceof BucketRing tier) {
                for (int i = first; i < end; i++) {
                    int c = tier.countAt(i);
                    if (c >= (1 - xff) * tier.expectedAt(i, now) && c > 0) {
                        points.add(new Point(tier.timeAt(i), tier.minAt(i), tier.valueAt(i), tier.maxAt(i), c));
                    } else {
                        points.add(Point.unknown(tier.timeAt(i), c));
                    }
                }
            } else {
                // A sample stands for the tick after it; past two ticks without one (Munin's
                // heartbeat) the chart gets a gap instead of a line across the outage.
                for (int i = first; i < end; i++) {
                    long t = a.timeAt(i);
                    if (i > first && t - a.timeAt(i - 1) > 2 * intervalMillis) {
                        points.add(Point.unknown(a.timeAt(i - 1) + intervalMillis, 0));
                    }
                    double v = a.valueAt(i);
                    points.add(new Point(t, v, v, v, 1));
                }
            }
            return points;
        }
    }

    private double query(Duration window, Aggregate call, double parameter) {
        long w = millis(window, "window");
        synchronized (lock) {
            long now = owner.nowMillis();
            if (now == Long.MIN_VALUE) {
                return call == Aggregate.COUNT ? 0 : Double.NaN;
            }
            long from = windowStart(now, w);
            boolean fromRaw = w <= rawRetentionMillis || tiers.length == 0;
            if (fromRaw && call.fromChunks) {
                // sums and extremes straight from the chunks: whole chunks are not decoded
                double[] agg = AGGREGATES.get();
                raw.aggregate(from, now, agg);
                // a sum that overflowed (values near the double's maximum) leaves the mean to the
                // overflow-safe incremental mean of the general path, as Prometheus' avg_over_time
                if (call != Aggregate.AVG
                        || !Double.isInfinite(agg[1])
                        || Double.isInfinite(agg[2])
                        || Double.isInfinite(agg[3])) {
                    return switch (call) {
                        case AVG -> agg[1] / agg[0];
                        case MIN -> agg[2];
                        case MAX -> agg[3];
                        case SUM -> agg[1];
                        default -> agg[0];
                    };
                }
            }
            if (fromRaw && (call == Aggregate.SLOPE || call == Aggregate.PREDICT)) {
                // from the chunks' least-squares terms: only the part before the window of the chunk
                // its start cuts is decoded
                return raw.regression(from, now, now, call == Aggregate.SLOPE ? Double.NaN : parameter);
            }
            Archive a = archiveFor(w, from);
            long selection = a.select(from, now);
            return switch (call) {
                case AVG -> WindowStats.avg(a, selection);
                case MIN -> WindowStats.min(a, selection);
                case MAX -> WindowStats.max(a, selection);
                case SUM -> WindowStats.sum(a, selection);
                case COUNT -> WindowStats.count(a, selection);
                case INCREASE -> WindowStats.increase(a, selection, from, now);
                case RATE -> WindowStats.rate(a, selection, from, now);
                case SLOPE -> WindowStats.slope(a, selection, now);
                case PREDICT -> WindowStats.predict(a, selection, now, parameter);
            };
        }
    }

    /**
     * Raw samples (those after {@code fromExclusive} decoded) for windows within raw retention,
     * else the finest tier whose retention covers it.
     */
    private Archive archiveFor(long windowMillis, long fromExclusive) {
        if (windowMillis <= rawRetentionMillis || tiers.length == 0) {
            return raw.view(fromExclusive);
        }
        for (int i = 0; i < tiers.length; i++) {
            if (windowMillis <= tierRetentionMillis[i]) {
                return tiers[i];
            }
        }
        return tiers[tiers.length - 1];
    }

    private static long windowStart(long now, long windowMillis) {
        long from = now - windowMillis;
        return from > now ? Long.MIN_VALUE : from; // overflowed
    }

    private static long millis(Duration d, String name) {
        Require.nonNegative(name, d);
        return d.toSeconds() >= Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : d.toMillis();
    }

    /** The lock every read and write of this series holds; the disk holds it while it copies. */
    Object lock() {
        return lock;
    }

    /** After a restore: the latest sample, so appends continue after it. */
    void restoreLatest(long t, double v) {
        synchronized (lock) {
            if (t > latestTime) {
                latestTime = t;
                latestValue = v;
            }
        }
    }

    // Package-private views for tests of the memory bound and for the disk.

    RawRing rawTier() {
        return raw;
    }

    List<BucketRing> consolidatedTiers() {
        return List.of(tiers);
    }

    BucketRing tier(int i) {
        return tiers[i];
    }

    int tierCount() {
        return tiers.length;
    }

    /** The aggregates a window query can ask for; a constant, so a query allocates nothing. */
    private enum Aggregate {
        AVG(true),
        MIN(true),
        MAX(true),
        SUM(true),
        COUNT(true),
        INCREASE(false),
        RATE(false),
        SLOPE(false),
        PREDICT(false);

        /** Whether the raw chunks' sums and extremes answer it, without decoding whole chunks. */
        final boolean fromChunks;

        Aggregate(boolean fromChunks) {
            this.fromChunks = fromChunks;
        }
    }

    /**
     * After a restore: the samples the raw tier has and a tier's restored buckets do not (written after
     * their checkpoint, through {@code through[k]}) go into the tier.
     */
    void replayRawIntoTiers(long[] through) {
        RingSeries s = this;
        RawView view = s.rawTier().view(Long.MIN_VALUE);
        long latest = Long.MIN_VALUE;
        for (int k = 0; k < through.length; k++) {
            BucketRing tier = s.tier(k);
            long from = Math.max(through[k], tier.lastBucket() == Long.MIN_VALUE ? Long.MIN_VALUE : tier.lastTime());
            for (int i = 0; i < view.size(); i++) {
                if (view.timeAt(i) > from) {
                    tier.add(view.timeAt(i), view.valueAt(i));
                }
            }
            if (tier.lastBucket() != Long.MIN_VALUE) {
                latest = Math.max(latest, tier.lastTime());
            }
        }
        if (view.size() > 0) {
            long rawLast = view.timeAt(view.size() - 1);
            s.restoreLatest(Math.max(rawLast, latest), view.valueAt(view.size() - 1));
        } else if (latest != Long.MIN_VALUE) {
            s.restoreLatest(latest, Double.NaN);
        }
    }
}

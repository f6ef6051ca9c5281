package dev.vigil.core.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * How much history to keep: the raw tier at tick resolution and consolidated min/avg/max tiers
 * for longer spans (Munin's round-robin archives). Immutable; validated when built.
 *
 * <pre>{@code
 * HistoryConfig config = HistoryConfig.builder()
 *     .raw(Duration.ofMinutes(30))
 *     .tier(Duration.ofMinutes(5), Duration.ofDays(2))
 *     .maxSeries(5_000)
 *     .build();
 * }</pre>
 */
public final class HistoryConfig {

    /** Default raw retention: one hour at tick resolution. */
    public static final Duration DEFAULT_RAW_RETENTION = Duration.ofHours(1);
    /** Default consolidated tiers: 1-minute points for 24 h, 1-hour points for 30 days. */
    public static final List<Tier> DEFAULT_TIERS = List.of(
            new Tier(Duration.ofMinutes(1), Duration.ofHours(24)), new Tier(Duration.ofHours(1), Duration.ofDays(30)));
    /** Default bound on the number of series held; further new series are dropped and counted. */
    public static final int DEFAULT_MAX_SERIES = 2_000;
    /**
     * Default xff: a consolidated point missing more than half of its expected samples is
     * unknown (Munin's setting).
     */
    public static final double DEFAULT_XFF = 0.5;

    /** Default bound on the history's files in a storage directory: 512 MiB. */
    public static final long DEFAULT_MAX_DISK_BYTES = 512L << 20;
    /** Default size at which a segment file is closed and the next begun: 1 MiB. */
    public static final long DEFAULT_SEGMENT_BYTES = 1L << 20;
    /** Default checkpoint (and fsync) cadence of the history on disk: 60 s of tick time. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(60);

    private static final HistoryConfig DEFAULT = builder().build();

    private final Duration rawRetention;
    private final List<Tier> tiers;
    private final int maxSeries;
    private final double xff;
    private final long maxDiskBytes;
    private final long segmentBytes;
    private final Duration checkpointInterval;

    private HistoryConfig(Builder b) {
        this.rawRetention = b.rawRetention;
        this.tiers = Collections.unmodifiableList(new ArrayList<>(b.tiers));
        this.maxSeries = b.maxSeries;
        this.xff = b.xff;
        this.maxDiskBytes = b.maxDiskBytes;
        this.segmentBytes = b.segmentBytes;
        this.checkpointInterval = b.checkpointInterval;
        if (segmentBytes > maxDiskBytes / 4) {
            throw new IllegalArgumentException(
                    "segmentBytes " + segmentBytes + " must be at most a quarter of maxDiskBytes " + maxDiskBytes);
        }
    }

    /** The defaults: raw for 1 h, 1-minute points for 24 h, 1-hour points for 30 days. */
    public static HistoryConfig defaults() {
        return DEFAULT;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from {@code base}. */
    public static Builder from(HistoryConfig base) {
        Builder b = new Builder();
        b.rawRetention = base.rawRetention;
        b.tiers.clear();
        b.tiers.addAll(base.tiers);
        b.maxSeries = base.maxSeries;
        b.xff = base.xff;
        b.maxDiskBytes = base.maxDiskBytes;
        b.segmentBytes = base.segmentBytes;
        b.checkpointInterval = base.checkpointInterval;
        return b;
    }

    /** How long raw samples are kept. */
    public Duration rawRetention() {
        return rawRetention;
    }

    /** Number of raw samples kept per series at tick {@code interval}. */
    public int rawCapacity(Duration interval) {
        long n = ceilDiv(rawRetention.toMillis(), interval.toMillis());
        return (int) Math.max(2, Math.min(n, 1_000_000));
    }

    /** The consolidated tiers, finest first. */
    public List<Tier> tiers() {
        return tiers;
    }

    /** Most series held at once. */
    public int maxSeries() {
        return maxSeries;
    }

    /**
     * RRDtool's xfiles factor: the largest share of a consolidated point's expected samples
     * that may be missing before the point is unknown (a gap in {@link SeriesHistory#range}).
     */
    public double xff() {
        return xff;
    }

    /**
     * Most bytes the history's files take in a storage directory; exceeded by at most one
     * segment ({@link #segmentBytes()}), the one being written.
     */
    public long maxDiskBytes() {
        return maxDiskBytes;
    }

    /** Size at which a segment file of raw chunks is closed and the next one begun. */
    public long segmentBytes() {
        return segmentBytes;
    }

    /**
     * How often, in tick time, the history on disk is brought up to date and fsynced: the most
     * history a crash loses.
     */
    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    @Override
    public String toString() {
        return "HistoryConfig[raw=" + rawRetention + ", tiers=" + tiers + ", maxSeries=" + maxSeries + ", xff=" + xff
                + "]";
    }

    /**
     * One consolidated tier: points of {@code resolution} kept for {@code retention}.
     *
     * @param resolution width of one point
     * @param retention how long points are kept
     */
    public record Tier(Duration resolution, Duration retention) {
        public Tier {
            Objects.requireNonNull(resolution, "resolution");
            Objects.requireNonNull(retention, "retention");
            if (resolution.toMillis() < 1000) {
                throw new IllegalArgumentException("tier resolution must be at least 1s, got " + resolution);
            }
            if (retention.compareTo(resolution) < 0) {
                throw new IllegalArgumentException(
                        "tier retention " + retention + " must be at least its resolution " + resolution);
            }
            if (retention.toMillis() / resolution.toMillis() > 1_000_000) {
                throw new IllegalArgumentException("tier retention " + retention + " at resolution " + resolution
                        + " holds more than 1,000,000 points");
            }
        }

        /**
         * Number of complete points this tier's retention spans; the tier holds two more slots,
         * one for the point still filling and one for a point straddling the start of a window
         * as long as the retention, so it always covers its full retention.
         */
        public int capacity() {
            return (int) ((retention.toMillis() + resolution.toMillis() - 1) / resolution.toMillis());
        }
    }

    /** Builder of {@link HistoryConfig}. */
    public static final class Builder {
        private Duration rawRetention = DEFAULT_RAW_RETENTION;
        private final List<Tier> tiers = new ArrayList<>(DEFAULT_TIERS);
        private boolean tiersTouched;
        private int maxSeries = DEFAULT_MAX_SERIES;
        private double xff = DEFAULT_XFF;
        private long maxDiskBytes = DEFAULT_MAX_DISK_BYTES;
        private long segmentBytes = DEFAULT_SEGMENT_BYTES;
        private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;

        private Builder() {}

        /** How long raw samples are kept; at least 1 s. */
        public Builder raw(Duration retention) {
            Objects.requireNonNull(retention, "raw retention");
            if (retention.toMillis() < 1000) {
                throw new IllegalArgumentException("raw retention must be at least 1s, got " + retention);
            }
            this.rawRetention = retention;
            return this;
        }

        /**
         * Adds a consolidated tier. The first call replaces the default tiers; tiers must be
         * given finest first, each resolution a multiple of the previous one.
         */
        public Builder tier(Duration resolution, Duration retention) {
            Tier tier = new Tier(resolution, retention);
            if (!tiersTouched) {
                tiers.clear();
                tiersTouched = true;
            }
            if (!tiers.isEmpty()) {
                Tier previous = tiers.get(tiers.size() - 1);
                if (resolution.toMillis() <= previous.resolution().toMillis()
                        || resolution.toMillis() % previous.resolution().toMillis() != 0) {
                    throw new IllegalArgumentException("tier resolution " + resolution
                            + " must be a multiple of, and coarser than, the previous tier's "
                            + previous.resolution());
                }
            }
            tiers.add(tier);
            return this;
        }

        /** Keeps no consolidated tier at all, only raw samples. */
        public Builder noTiers() {
            tiers.clear();
            tiersTouched = true;
            return this;
        }

        /** Most series held; at least 1. */
        public Builder maxSeries(int maxSeries) {
            if (maxSeries < 1) {
                throw new IllegalArgumentException("maxSeries must be at least 1, got " + maxSeries);
            }
            this.maxSeries = maxSeries;
            return this;
        }

        /**
         * The largest share (0 inclusive to 1 exclusive) of a consolidated point's expected
         * samples that may be missing before a range read shows the point as a gap; default
         * {@link #DEFAULT_XFF}. 0 shows every incomplete point as a gap.
         */
        public Builder xff(double xff) {
            if (!(xff >= 0 && xff < 1)) {
                throw new IllegalArgumentException("xff must be within [0, 1), got " + xff);
            }
            this.xff = xff;
            return this;
        }

        /**
         * Most bytes the history's files may take in a storage directory (at least 64 KiB);
         * default {@link #DEFAULT_MAX_DISK_BYTES}. The oldest segments are deleted to stay
         * within it; a new series whose tier rings would not fit is kept in memory only.
         */
        public Builder maxDiskBytes(long bytes) {
            if (bytes < 64 * 1024) {
                throw new IllegalArgumentException("maxDiskBytes must be at least 65536, got " + bytes);
            }
            this.maxDiskBytes = bytes;
            return this;
        }

        /** Size of a segment file (at least 4 KiB); default {@link #DEFAULT_SEGMENT_BYTES}. */
        public Builder segmentBytes(long bytes) {
            if (bytes < 4096) {
                throw new IllegalArgumentException("segmentBytes must be at least 4096, got " + bytes);
            }
            this.segmentBytes = bytes;
            return this;
        }

        /**
         * Checkpoint and fsync cadence of the history on disk (at least 1 s); default
         * {@link #DEFAULT_CHECKPOINT_INTERVAL}.
         */
        public Builder checkpointEvery(Duration interval) {
            Objects.requireNonNull(interval, "checkpoint interval");
            if (interval.toMillis() < 1000) {
                throw new IllegalArgumentException("checkpoint interval must be at least 1s, got " + interval);
            }
            this.checkpointInterval = interval;
            return this;
        }

        /** The config. */
        public HistoryConfig build() {
            return new HistoryConfig(this);
        }
    }
}

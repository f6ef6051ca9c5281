package dev.vigil.core.history;

import java.util.Arrays;

/**
 * One consolidated tier of a series: min, max, sum and count per bucket of {@code resolution},
 * buckets aligned to multiples of the resolution since the epoch. A bucket's time is not stored:
 * it follows from its slot, the slot of the first bucket ever written being 0. Like
 * {@link RawRing}, the arrays grow by doubling up to the capacity and then stay put.
 */
final class BucketRing implements Archive {

    static final int INITIAL_SLOTS = 16;
    /** min, max and sum as doubles, and an int count. */
    static final int BYTES_PER_BUCKET = 3 * Double.BYTES + Integer.BYTES;

    private static final long NONE = Long.MIN_VALUE;

    private final long resolution;
    private final long intervalMillis;
    private final int capacity;
    /** min, max, sum of each slot, side by side. */
    private double[] stats;
    /** Samples in each slot; 0 marks an empty (or expired) bucket. */
    private int[] counts;
    /** The bucket held in slot 0. */
    private long base = NONE;
    /** The latest bucket written. */
    private long last = NONE;
    private int lastSlot;
    /** Exclusive end of bucket {@code last}: until a sample reaches it, no division is needed. */
    private long lastEnd;
    /** Time of the latest sample added. */
    private long lastTime;
    /** The oldest bucket still held, and its slot. */
    private long oldest;
    private int oldestSlot;

    BucketRing(long resolutionMillis, int capacity, long intervalMillis) {
        this.resolution = resolutionMillis;
        this.intervalMillis = intervalMillis;
        this.capacity = capacity;
        int initial = Math.min(capacity, INITIAL_SLOTS);
        this.stats = new double[3 * initial];
        this.counts = new int[initial];
    }

    /** Adds a sample to its bucket; the caller guarantees times increase. */
    void add(long t, double v) {
        if (last == NONE || t >= lastEnd) {
            roll(Math.floorDiv(t, resolution));
        }
        int s = lastSlot;
        int j = 3 * s;
        int c = counts[s];
        if (c == 0) {
            stats[j] = v;
            stats[j + 1] = v;
            stats[j + 2] = v;
        } else {
            if (v < stats[j]) {
                stats[j] = v;
            }
            if (v > stats[j + 1]) {
                stats[j + 1] = v;
            }
            stats[j + 2] += v;
        }
        counts[s] = c + 1;
        lastTime = t;
    }

    /** Makes {@code bucket} the latest, emptying the slots of the buckets skipped on the way. */
    private void roll(long bucket) {
        if (last == NONE) {
            base = bucket;
        } else {
            long needed = bucket - base + 1;
            if (counts.length < capacity && needed > counts.length) {
                grow((int) Math.min(capacity, Math.max(2L * counts.length, needed)));
            }
            long skipped = Math.min(bucket - last, counts.length);
            for (long k = bucket - skipped + 1; k <= bucket; k++) {
                counts[slot(k)] = 0;
            }
        }
        last = bucket;
        lastSlot = slot(bucket);
        lastEnd = (bucket + 1) * resolution;
        oldest = Math.max(base, last - counts.length + 1);
        oldestSlot = slot(oldest);
    }

    private void grow(int length) {
        // Until the arrays reach capacity no slot has wrapped: bucket k sits in slot k - base,
        // which a plain copy keeps.
        stats = Arrays.copyOf(stats, 3 * length);
        counts = Arrays.copyOf(counts, length);
    }

    private int slot(long bucket) {
        return (int) Math.floorMod(bucket - base, (long) counts.length);
    }

    private int physical(int i) {
        int p = oldestSlot + i;
        return p >= counts.length ? p - counts.length : p;
    }

    long resolution() {
        return resolution;
    }

    int capacity() {
        return capacity;
    }

    int allocated() {
        return counts.length;
    }

    /**
     * Samples a complete bucket is expected to hold at ticks every {@code intervalMillis}; for
     * the bucket still filling, the ticks up to {@code nowMillis}.
     */
    int expectedAt(int i, long nowMillis) {
        long start = (oldest + i) * resolution;
        long full = Math.max(1, resolution / intervalMillis);
        if (oldest + i != last || nowMillis >= start + resolution) {
            return (int) full;
        }
        return (int) Math.max(1, Math.min(full, (nowMillis - start) / intervalMillis + 1));
    }

    @Override
    public long select(long fromExclusive, long toInclusive) {
        if (last == NONE || toInclusive <= fromExclusive) {
            return Archive.selection(0, 0);
        }
        // Every bucket holding a moment of the window, the one straddling its start included: a
        // longer window then never sees fewer samples than a shorter one served by a finer tier.
        long lo = Math.max(Math.floorDiv(fromExclusive + 1, resolution), oldest);
        long hi = Math.min(Math.floorDiv(toInclusive, resolution), last);
        if (hi < lo) {
            return Archive.selection(0, 0);
        }
        return Archive.selection((int) (lo - oldest), (int) (hi - lo + 1));
    }

    // Persistence: buckets by absolute number, for the tier files.

    /** The latest bucket written, or {@link Long#MIN_VALUE}. */
    long lastBucket() {
        return last;
    }

    /** The oldest bucket held, or {@link Long#MIN_VALUE}. */
    long oldestBucket() {
        return last == NONE ? NONE : oldest;
    }

    /** Time of the latest sample added. */
    long lastTime() {
        return lastTime;
    }

    int countOf(long bucket) {
        return counts[slot(bucket)];
    }

    double minOf(long bucket) {
        return stats[3 * slot(bucket)];
    }

    double maxOf(long bucket) {
        return stats[3 * slot(bucket) + 1];
    }

    double sumOf(long bucket) {
        return stats[3 * slot(bucket) + 2];
    }

    /**
     * Puts back a bucket read from disk; buckets must come in increasing order and after any
     * sample added. {@code latestTime} is the time of its latest sample.
     */
    void restore(long bucket, double min, double max, double sum, int count, long latestTime) {
        if (last != NONE && bucket <= last) {
            throw new IllegalStateException("bucket " + bucket + " restored after " + last);
        }
        roll(bucket);
        int j = 3 * lastSlot;
        stats[j] = min;
        stats[j + 1] = max;
        stats[j + 2] = sum;
        counts[lastSlot] = count;
        lastTime = latestTime;
    }

    @Override
    public long timeAt(int i) {
        return (oldest + i) * resolution;
    }

    /**
     * The middle of the time the bucket's samples stand for, a sample standing for the tick
     * interval after it: the bucket's centre, or for the latest bucket, still filling, the
     * middle of its start and one interval after its latest sample. For evenly spaced samples
     * every point then sits half an interval after its samples' mean time, so slopes are exact.
     */
    @Override
    public double secondsAfter(long originMillis, int i) {
        long bucket = oldest + i;
        long start = bucket * resolution - originMillis;
        if (bucket != last) {
            return (start + resolution / 2.0) / 1000.0;
        }
        long end = Math.min(lastTime + intervalMillis, (bucket + 1) * resolution) - originMillis;
        return (start + end) / 2000.0;
    }

    @Override
    public int countAt(int i) {
        return counts[physical(i)];
    }

    @Override
    public double valueAt(int i) {
        int s = physical(i);
        return stats[3 * s + 2] / counts[s];
    }

    @Override
    public double minAt(int i) {
        return stats[3 * physical(i)];
    }

    @Override
    public double maxAt(int i) {
        return stats[3 * physical(i) + 1];
    }

    @Override
    public double sumAt(int i) {
        return stats[3 * physical(i) + 2];
    }
}

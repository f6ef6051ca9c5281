package dev.vigil.core.history;

import java.util.Arrays;

/**
 * One consolidated tier of a series: min, max, sum and count per bucket of {@code resolution},
 * buckets aligned to multiples of the resolution since the epoch. A bucket's time is not stored:
 * it follows from its slot, the slot of the first bucket ever written being 0. The ring grows with
 * the series up to its capacity and then stays put: its first page doubles from
 * {@link #INITIAL_SLOTS} to {@link #PAGE_SLOTS} slots (a short-lived series keeps small rings),
 * then whole pages are added. Growing never copies the buckets held, so it allocates only what it
 * adds: doubling arrays allocated about twice the full ring over its first day (the minute tier)
 * and month (the hour tier), the last step 40 KB a series in one tick.
 */
final class BucketRing implements Archive {

    static final int INITIAL_SLOTS = 16;
    /** Slots per page; a power of two. */
    static final int PAGE_SLOTS = 64;

    private static final int PAGE_SHIFT = 6;
    private static final int PAGE_MASK = PAGE_SLOTS - 1;
    /** min, max and sum as doubles, and an int count. */
    static final int BYTES_PER_BUCKET = 3 * Double.BYTES + Integer.BYTES;

    private static final long NONE = Long.MIN_VALUE;

    private final long resolution;
    private final long intervalMillis;
    private final int capacity;
    /** Per page, min, max, sum of each of its slots, side by side. */
    private double[][] stats;
    /** Per page, samples in each of its slots; 0 marks an empty (or expired) bucket. */
    private int[][] counts;
    /** Slots allocated, the ring's length: every page full but the last. */
    private int allocated;
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
        this.stats = new double[][] {new double[3 * initial]};
        this.counts = new int[][] {new int[initial]};
        this.allocated = initial;
    }

    /** Adds a sample to its bucket; the caller guarantees times increase. */
    void add(long t, double v) {
        if (last == NONE || t >= lastEnd) {
            roll(Math.floorDiv(t, resolution));
        }
        int s = lastSlot;
        double[] st = stats[s >>> PAGE_SHIFT];
        int[] ct = counts[s >>> PAGE_SHIFT];
        int o = s & PAGE_MASK;
        int j = 3 * o;
        int c = ct[o];
        if (c == 0) {
            st[j] = v;
            st[j + 1] = v;
            st[j + 2] = v;
        } else {
            if (v < st[j]) {
                st[j] = v;
            }
            if (v > st[j + 1]) {
                st[j + 1] = v;
            }
            st[j + 2] += v;
        }
        ct[o] = c + 1;
        lastTime = t;
    }

    /** Makes {@code bucket} the latest, emptying the slots of the buckets skipped on the way. */
    private void roll(long bucket) {
        if (last == NONE) {
            base = bucket;
        } else {
            long needed = bucket - base + 1;
            if (allocated < capacity && needed > allocated) {
                grow((int) Math.min(capacity, needed));
            }
            long skipped = Math.min(bucket - last, allocated);
            for (long k = bucket - skipped + 1; k <= bucket; k++) {
                setCount(slot(k), 0);
            }
        }
        last = bucket;
        lastSlot = slot(bucket);
        lastEnd = (bucket + 1) * resolution;
        oldest = Math.max(base, last - allocated + 1);
        oldestSlot = slot(oldest);
    }

    /** Grows the ring to at least {@code needed} slots (at most the capacity). */
    private void grow(int needed) {
        // Until the ring reaches capacity no slot has wrapped: bucket k sits in slot k - base,
        // which growing keeps (the first page's copy, and pages added after the others).
        int[] first = counts[0];
        if (first.length < PAGE_SLOTS) {
            int size = (int) Math.min(Math.min(capacity, PAGE_SLOTS), Math.max(2L * first.length, needed));
            counts[0] = Arrays.copyOf(first, size);
            stats[0] = Arrays.copyOf(stats[0], 3 * size);
            allocated = size;
        }
        while (allocated < needed) { // the first page is full: whole pages, the last cut at the capacity
            int size = Math.min(PAGE_SLOTS, capacity - allocated);
            int page = allocated >>> PAGE_SHIFT;
            if (page == counts.length) {
                counts = Arrays.copyOf(counts, 2 * page);
                stats = Arrays.copyOf(stats, 2 * page);
            }
            counts[page] = new int[size];
            stats[page] = new double[3 * size];
            allocated += size;
        }
    }

    private int slot(long bucket) {
        return (int) Math.floorMod(bucket - base, (long) allocated);
    }

    private int physical(int i) {
        int p = oldestSlot + i;
        return p >= allocated ? p - allocated : p;
    }

    private int count(int slot) {
        return counts[slot >>> PAGE_SHIFT][slot & PAGE_MASK];
    }

    private void setCount(int slot, int count) {
        counts[slot >>> PAGE_SHIFT][slot & PAGE_MASK] = count;
    }

    /** Statistic {@code k} (0 min, 1 max, 2 sum) of {@code slot}. */
    private double stat(int slot, int k) {
        return stats[slot >>> PAGE_SHIFT][3 * (slot & PAGE_MASK) + k];
    }

    long resolution() {
        return resolution;
    }

    int capacity() {
        return capacity;
    }

    int allocated() {
        return allocated;
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
        return count(slot(bucket));
    }

    double minOf(long bucket) {
        return stat(slot(bucket), 0);
    }

    double maxOf(long bucket) {
        return stat(slot(bucket), 1);
    }

    double sumOf(long bucket) {
        return stat(slot(bucket), 2);
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
        double[] st = stats[lastSlot >>> PAGE_SHIFT];
        int j = 3 * (lastSlot & PAGE_MASK);
        st[j] = min;
        st[j + 1] = max;
        st[j + 2] = sum;
        setCount(lastSlot, count);
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
        return count(physical(i));
    }

    @Override
    public double valueAt(int i) {
        int s = physical(i);
        return stat(s, 2) / count(s);
    }

    @Override
    public double minAt(int i) {
        return stat(physical(i), 0);
    }

    @Override
    public double maxAt(int i) {
        return stat(physical(i), 1);
    }

    @Override
    public double sumAt(int i) {
        return stat(physical(i), 2);
    }
}

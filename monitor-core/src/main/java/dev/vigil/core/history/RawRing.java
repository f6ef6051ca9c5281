package dev.vigil.core.history;

import java.util.Arrays;

/**
 * The raw tier of one series: the latest samples at tick resolution in a ring buffer. The
 * arrays start small and double up to the capacity, so a short-lived series does not pay for an
 * hour of samples; once at capacity they never change again.
 */
final class RawRing implements Archive {

    static final int INITIAL_SLOTS = 32;
    /** A time and a value per sample. */
    static final int BYTES_PER_SAMPLE = Long.BYTES + Double.BYTES;

    private final int capacity;
    private long[] times;
    private double[] values;
    /** Next physical slot to write. */
    private int head;
    private int size;

    RawRing(int capacity) {
        this.capacity = capacity;
        int initial = Math.min(capacity, INITIAL_SLOTS);
        this.times = new long[initial];
        this.values = new double[initial];
    }

    /** Appends a sample; the caller guarantees times increase. */
    void append(long t, double v) {
        if (size == times.length && size < capacity) {
            grow();
        }
        times[head] = t;
        values[head] = v;
        if (++head == times.length) {
            head = 0;
        }
        if (size < times.length) {
            size++;
        }
    }

    private void grow() {
        // Before the arrays reach capacity nothing has been overwritten: the samples sit in
        // slots 0..size-1 in time order, so a plain copy keeps every position.
        int length = (int) Math.min(capacity, 2L * times.length);
        times = Arrays.copyOf(times, length);
        values = Arrays.copyOf(values, length);
        head = size;
    }

    int size() {
        return size;
    }

    int capacity() {
        return capacity;
    }

    int allocated() {
        return times.length;
    }

    private int slot(int i) {
        int p = head - size + i;
        return p < 0 ? p + times.length : p;
    }

    /** The first logical index whose time is greater than {@code t}. */
    private int upperBound(long t) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[slot(mid)] <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public long select(long fromExclusive, long toInclusive) {
        if (size == 0 || toInclusive <= fromExclusive) {
            return Archive.selection(0, 0);
        }
        int first = upperBound(fromExclusive);
        int end = upperBound(toInclusive);
        return Archive.selection(first, Math.max(0, end - first));
    }

    @Override
    public long timeAt(int i) {
        return times[slot(i)];
    }

    @Override
    public double secondsAfter(long originMillis, int i) {
        return (times[slot(i)] - originMillis) / 1000.0;
    }

    @Override
    public int countAt(int i) {
        return 1;
    }

    @Override
    public double valueAt(int i) {
        return values[slot(i)];
    }

    @Override
    public double minAt(int i) {
        return values[slot(i)];
    }

    @Override
    public double maxAt(int i) {
        return values[slot(i)];
    }

    @Override
    public double sumAt(int i) {
        return values[slot(i)];
    }

    /**
     * Sum of {@code count} samples from logical index {@code first}, straight over the (at most
     * two) contiguous slices of the array. Long windows at short intervals hold thousands of
     * samples: four independent partial sums let the CPU overlap the additions instead of
     * waiting on one chain, which makes an hour at 1 s ticks several times faster.
     */
    double sum(int first, int count) {
        int start = slot(first);
        int tail = Math.min(count, values.length - start);
        return sum(values, start, tail) + sum(values, 0, count - tail);
    }

    private static double sum(double[] v, int from, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        int end = from + n;
        for (; i + 3 < end; i += 4) {
            s0 += v[i];
            s1 += v[i + 1];
            s2 += v[i + 2];
            s3 += v[i + 3];
        }
        for (; i < end; i++) {
            s0 += v[i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}

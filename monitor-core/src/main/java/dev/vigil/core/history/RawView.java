package dev.vigil.core.history;

import java.util.Arrays;

/**
 * Raw samples decoded from a {@link RawRing}'s chunks for one query: a thread's scratch arrays,
 * grown as needed and reused, so a query allocates nothing once they have grown.
 */
final class RawView implements Archive {

    private final GorillaChunk.Decoder decoder = new GorillaChunk.Decoder();
    private final LineFit fit = new LineFit();
    private long[] times = new long[64];
    private double[] values = new double[64];
    private int size;

    void clear() {
        size = 0;
    }

    GorillaChunk.Decoder decoder() {
        return decoder;
    }

    /** This thread's scratch for {@link RawRing#regression}. */
    LineFit fit() {
        return fit;
    }

    /** Appends the decoder's samples, the first {@code skip} left out; returns the skip left. */
    long decode(GorillaChunk.Decoder d, long skip) {
        while (d.hasNext()) {
            d.next();
            if (skip > 0) {
                skip--;
                continue;
            }
            if (size == times.length) {
                times = Arrays.copyOf(times, 2 * size);
                values = Arrays.copyOf(values, 2 * size);
            }
            times[size] = d.time();
            values[size] = d.value();
            size++;
        }
        return skip;
    }

    int size() {
        return size;
    }

    /** The first index whose time is greater than {@code t}. */
    private int upperBound(long t) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] <= t) {
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
        return times[i];
    }

    @Override
    public double secondsAfter(long originMillis, int i) {
        return (times[i] - originMillis) / 1000.0;
    }

    @Override
    public int countAt(int i) {
        return 1;
    }

    @Override
    public double valueAt(int i) {
        return values[i];
    }

    @Override
    public double minAt(int i) {
        return values[i];
    }

    @Override
    public double maxAt(int i) {
        return values[i];
    }

    @Override
    public double sumAt(int i) {
        return values[i];
    }

    /**
     * {@code WindowStats.regression} over samples {@code first} to {@code end}, the same arithmetic
     * in the same order (so the same result to the bit) on the arrays instead of through {@link
     * Archive}'s per-point calls. Window queries fit raw samples with {@link RawRing#regression}
     * instead, from per-chunk terms; this two-pass fit over the decoded samples is the baseline it
     * is measured against (monitor-benchmarks' {@code RawFitBenchmark}).
     */
    double regression(int first, int end, long nowMillis, double atSeconds) {
        int n = end - first;
        if (n < 2) {
            return Double.NaN;
        }
        double sumX = 0;
        double sumY = 0;
        for (int i = first; i < end; i++) {
            sumX += (times[i] - nowMillis) / 1000.0;
            sumY += values[i];
        }
        double meanX = sumX / n;
        double meanY = sumY / n;
        double sxy = 0;
        double sxx = 0;
        for (int i = first; i < end; i++) {
            double dx = (times[i] - nowMillis) / 1000.0 - meanX;
            sxy += dx * (values[i] - meanY);
            sxx += dx * dx;
        }
        double slope = sxy / sxx;
        return Double.isNaN(atSeconds) ? slope : meanY + slope * (atSeconds - meanX);
    }

    /**
     * Sum of {@code count} samples from index {@code first}. Long windows at short intervals hold
     * thousands of samples: four independent partial sums let the CPU overlap the additions
     * instead of waiting on one chain.
     */
    double sum(int first, int count) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = first;
        int end = first + count;
        for (; i + 3 < end; i += 4) {
            s0 += values[i];
            s1 += values[i + 1];
            s2 += values[i + 2];
            s3 += values[i + 3];
        }
        for (; i < end; i++) {
            s0 += values[i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}

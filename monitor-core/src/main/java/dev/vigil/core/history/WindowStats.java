package dev.vigil.core.history;

import java.util.Arrays;

/**
 * The window aggregates over a selection of an {@link Archive}. Every aggregate but
 * {@link #values} walks the selection in place and allocates nothing; empty buckets are skipped.
 * A selection with no sample gives {@code NaN} (0 for {@link #count}).
 */
final class WindowStats {

    private WindowStats() {}

    static double count(Archive a, long selection) {
        int first = Archive.first(selection);
        int end = first + Archive.count(selection);
        long n = 0;
        for (int i = first; i < end; i++) {
            n += a.countAt(i);
        }
        return n;
    }

    static double sum(Archive a, long selection) {
        return total(a, selection, false);
    }

    /** The mean of the samples (not of the bucket means: a bucket weighs by its count). */
    static double avg(Archive a, long selection) {
        return total(a, selection, true);
    }

    private static double total(Archive a, long selection, boolean mean) {
        int first = Archive.first(selection);
        int end = first + Archive.count(selection);
        if (a instanceof RawView raw) { // every raw point is one sample: no per-point checks
            int n = end - first;
            if (n == 0) {
                return Double.NaN;
            }
            double sum = raw.sum(first, n);
            if (mean && Double.isInfinite(sum)) {
                return incrementalMean(a, first, end);
            }
            return mean ? sum / n : sum;
        }
        double sum = 0;
        long n = 0;
        for (int i = first; i < end; i++) {
            int c = a.countAt(i);
            if (c > 0) {
                sum += a.sumAt(i);
                n += c;
            }
        }
        if (n == 0) {
            return Double.NaN;
        }
        if (mean && Double.isInfinite(sum)) {
            return incrementalMean(a, first, end);
        }
        return mean ? sum / n : sum;
    }

    /**
     * The mean without a running sum, for when the sum overflows although every sample is finite
     * (values near the double maximum): Prometheus' {@code avg_over_time} switches to the same
     * incremental mean, so the answer stays finite. Each point weighs by its sample count.
     */
    private static double incrementalMean(Archive a, int first, int end) {
        double mean = 0;
        long n = 0;
        for (int i = first; i < end; i++) {
            int c = a.countAt(i);
            if (c > 0) {
                n += c;
                double weight = (double) c / n;
                mean += a.valueAt(i) * weight - mean * weight;
            }
        }
        return mean;
    }

    static double min(Archive a, long selection) {
        int first = Archive.first(selection);
        int end = first + Archive.count(selection);
        double min = Double.NaN;
        for (int i = first; i < end; i++) {
            if (a.countAt(i) > 0) {
                double v = a.minAt(i);
                if (!(v >= min)) { // also true while min is still NaN
                    min = v;
                }
            }
        }
        return min;
    }

    static double max(Archive a, long selection) {
        int first = Archive.first(selection);
        int end = first + Archive.count(selection);
        double max = Double.NaN;
        for (int i = first; i < end; i++) {
            if (a.countAt(i) > 0) {
                double v = a.maxAt(i);
                if (!(v <= max)) {
                    max = v;
                }
            }
        }
        return max;
    }

    /** The points' values (bucket means for a consolidated tier), in time order. */
    static double[] values(Archive a, long selection) {
        int first = Archive.first(selection);
        int end = first + Archive.count(selection);
        double[] out = new double[end - first];
        int n = 0;
        for (int i = first; i < end; i++) {
            if (a.countAt(i) > 0) {
                out[n++] = a.valueAt(i);
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** The {@code q}-quantile of {@code values}, interpolating linearly between closest ranks; sorts them. */
    static double percentile(double[] values, double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(values);
        double rank = q * (values.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, values.length - 1);
        return values[lo] + (values[hi] - values[lo]) * (rank - lo);
    }

    /**
     * Prometheus' {@code increase()} over the window {@code (windowStart, now]}, extrapolated exactly
     * as PromQL's {@code extrapolatedRate} does (Prometheus 3): the raw increase adds back every
     * counter reset (a point lower than its predecessor); it is then extrapolated towards each end
     * of the window by the gap to that end, unless the gap is at least 1.1 average intervals, when
     * half an interval is used instead; towards the start never below the counter's zero.
     * {@code NaN} below two points.
     */
    static double increase(Archive a, long selection, long windowStartMillis, long nowMillis) {
        int first = Archive.first(selection);
        int end = first + Archive.count(selection);
        double raw = 0;
        double previous = Double.NaN;
        double firstValue = Double.NaN;
        int firstPoint = -1;
        int lastPoint = -1;
        int points = 0;
        for (int i = first; i < end; i++) {
            if (a.countAt(i) > 0) {
                double v = a.valueAt(i);
                if (points++ == 0) {
                    firstPoint = i;
                    firstValue = v;
                } else {
                    raw += v >= previous ? v - previous : v;
                }
                previous = v;
                lastPoint = i;
            }
        }
        if (points < 2) {
            return Double.NaN;
        }
        double firstSeconds = a.secondsAfter(windowStartMillis, firstPoint);
        double lastSeconds = a.secondsAfter(windowStartMillis, lastPoint);
        double sampled = lastSeconds - firstSeconds;
        if (!(sampled > 0)) {
            return Double.NaN;
        }
        double windowSeconds = (nowMillis - windowStartMillis) / 1000.0;
        double average = sampled / (points - 1);
        double toStart = firstSeconds;
        double toEnd = windowSeconds - lastSeconds; // a last bucket's middle may lie after now
        double threshold = average * 1.1;
        if (toStart >= threshold) {
            toStart = average / 2;
        }
        if (raw > 0 && firstValue >= 0) {
            // a counter starts at zero: do not extrapolate to before it could have been zero
            double toZero = sampled * (firstValue / raw);
            if (toZero < toStart) {
                toStart = toZero;
            }
        }
        if (toEnd >= threshold) {
            toEnd = average / 2;
        }
        return raw * (sampled + toStart + toEnd) / sampled;
    }

    /** Prometheus' {@code rate()}: {@link #increase} divided by the window's length in seconds. */
    static double rate(Archive a, long selection, long windowStartMillis, long nowMillis) {
        double windowSeconds = (nowMillis - windowStartMillis) / 1000.0;
        return increase(a, selection, windowStartMillis, nowMillis) / windowSeconds;
    }

    /** Least-squares slope in units per second; {@code NaN} below two points. */
    static double slope(Archive a, long selection, long nowMillis) {
        return regression(a, selection, nowMillis, Double.NaN);
    }

    /**
     * The least-squares line's value {@code aheadSeconds} after {@code nowMillis}
     * (Prometheus' {@code predict_linear}); {@code NaN} below two points.
     */
    static double predict(Archive a, long selection, long nowMillis, double aheadSeconds) {
        return regression(a, selection, nowMillis, aheadSeconds);
    }

    /**
     * Fits the points by least squares, with times in seconds relative to {@code nowMillis} as
     * Prometheus does; returns the slope when {@code atSeconds} is NaN, else the line's value there.
     * Two passes (means, then centred sums) rather than one: the one-pass formula loses every
     * digit to cancellation once times are epoch-sized.
     */
    private static double regression(Archive a, long selection, long nowMillis, double atSeconds) {
        int first = Archive.first(selection);
        int end = first + Archive.count(selection);
        if (a instanceof RawView raw) {
            return raw.regression(first, end, nowMillis, atSeconds);
        }
        return perPointRegression(a, first, end, nowMillis, atSeconds);
    }

    /** {@link #regression} through {@link Archive}'s per-point calls, for any archive. */
    static double perPointRegression(Archive a, int first, int end, long nowMillis, double atSeconds) {
        int n = 0;
        double sumX = 0;
        double sumY = 0;
        for (int i = first; i < end; i++) {
            if (a.countAt(i) > 0) {
                n++;
                sumX += a.secondsAfter(nowMillis, i);
                sumY += a.valueAt(i);
            }
        }
        if (n < 2) {
            return Double.NaN;
        }
        double meanX = sumX / n;
        double meanY = sumY / n;
        double sxy = 0;
        double sxx = 0;
        for (int i = first; i < end; i++) {
            if (a.countAt(i) > 0) {
                double dx = a.secondsAfter(nowMillis, i) - meanX;
                sxy += dx * (a.valueAt(i) - meanY);
                sxx += dx * dx;
            }
        }
        double slope = sxy / sxx;
        return Double.isNaN(atSeconds) ? slope : meanY + slope * (atSeconds - meanX);
    }
}

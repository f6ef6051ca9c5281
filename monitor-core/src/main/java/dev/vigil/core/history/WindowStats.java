package dev.vigil.core.history;

import java.util.Arrays;

/**
 * The window aggregates over a selection of an {@link Archive}. Every aggregate but
 * {@link #values} walks the selection in place and allocates nothing; empty buckets are skipped.
 * A selection with no sample gives {@code NaN} (0 for {@link #count}).
 */
final class WindowStats {

    private WindowStats() {
    }

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
        return mean ? sum / n : sum;
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
     * Prometheus' {@code increase()} without extrapolation: the sum of the rises between
     * consecutive points, a drop counting as a reset to zero. {@code NaN} below two points.
     */
    static double increase(Archive a, long selection) {
        int first = Archive.first(selection);
        int end = first + Archive.count(selection);
        double increase = 0;
        double previous = Double.NaN;
        int points = 0;
        for (int i = first; i < end; i++) {
            if (a.countAt(i) > 0) {
                double v = a.valueAt(i);
                if (points++ > 0) {
                    increase += v >= previous ? v - previous : v;
                }
                previous = v;
            }
        }
        return points < 2 ? Double.NaN : increase;
    }

    /** {@link #increase} per second between the first and the last point. */
    static double rate(Archive a, long selection) {
        double increase = increase(a, selection);
        if (Double.isNaN(increase)) {
            return Double.NaN;
        }
        int first = Archive.first(selection);
        int end = first + Archive.count(selection);
        int firstPoint = first;
        while (a.countAt(firstPoint) == 0) {
            firstPoint++;
        }
        int lastPoint = end - 1;
        while (a.countAt(lastPoint) == 0) {
            lastPoint--;
        }
        long origin = a.timeAt(firstPoint);
        return increase / (a.secondsAfter(origin, lastPoint) - a.secondsAfter(origin, firstPoint));
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

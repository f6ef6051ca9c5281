package dev.vigil.core.history;

/**
 * A least-squares line fitted to groups of raw samples (whole chunks, or the part of a chunk
 * inside a window), each given by its fit terms: its count and the sums Σx, Σy, Σxx and Σxy, with
 * x the seconds after the chunk's first time and y the value minus the chunk's first value. The
 * terms of a whole chunk are kept beside it, so a fit over an hour of samples decodes only the
 * chunks an edge of the window cuts.
 *
 * <p>Why these origins: the one-pass formula {@code Σxx - (Σx)²/n} loses every digit once times
 * are epoch-sized and values large; measured from a sample of their own chunk, x stays within a
 * chunk's span and y within the chunk's range of values (and is exactly 0 for a constant series).
 * The groups are then merged as Chan, Golub and LeVeque's pairwise update does (centred sums
 * plus the spread of the group means), so nothing is cancelled across the window either.
 *
 * <p>Used as: {@code clear()}, then {@code merge(...)} once per group of points (a whole chunk's
 * stored terms, or the sums of a chunk's decoded part), then {@code result(Double.NaN)} for the
 * slope or {@code result(seconds)} for the line's value that many seconds after the evaluation
 * time.
 *
 * One per reading thread (in its {@link RawView}); not thread-safe.
 */
final class LineFit {

    /** Sum terms per group, in this order: Σx, Σy, Σxx, Σxy. */
    static final int TERMS = 4;

    static final int SX = 0;
    static final int SY = 1;
    static final int SXX = 2;
    static final int SXY = 3;

    private long n;
    /** The first merged group's first value: every y is measured from it. */
    private double anchor;
    /** Mean of x, in seconds relative to the evaluation time. */
    private double meanX;
    /** Mean of y, relative to {@link #anchor}. */
    private double meanY;

    private double sxx;
    private double sxy;

    /** The scratch sums of a partly decoded group. */
    final double[] part = new double[TERMS];

    /** Seconds of {@code t} after {@code originMillis}, as every term is computed. */
    static double seconds(long t, long originMillis) {
        return (t - originMillis) / 1000.0;
    }

    /** Adds one point to the sums at {@code at}. */
    static void add(double[] terms, int at, double x, double y) {
        terms[at + SX] += x;
        terms[at + SY] += y;
        terms[at + SXX] += x * x;
        terms[at + SXY] += x * y;
    }

    void clear() {
        n = 0;
        anchor = 0;
        meanX = 0;
        meanY = 0;
        sxx = 0;
        sxy = 0;
    }

    /**
     * Merges a group of {@code count} points whose x are seconds after {@code originMillis} and
     * whose y are values minus {@code groupAnchor}.
     */
    void merge(
            long count,
            long originMillis,
            double groupAnchor,
            double sx,
            double sy,
            double gxx,
            double gxy,
            long nowMillis) {
        if (count <= 0) {
            return;
        }
        // the group's own means and centred sums, in its own origin and anchor
        double gMeanX = sx / count;
        double gMeanY = sy / count;
        double cxx = gxx - sx * gMeanX;
        double cxy = gxy - sx * gMeanY;
        double mx = seconds(originMillis, nowMillis) + gMeanX;
        if (n == 0) {
            anchor = groupAnchor;
            meanX = mx;
            meanY = gMeanY;
            sxx = cxx;
            sxy = cxy;
            n = count;
            return;
        }
        // its means in the common frame
        double my = (groupAnchor - anchor) + gMeanY;
        long total = n + count;
        double dx = mx - meanX;
        double dy = my - meanY;
        double weight = (double) n * count / total;
        sxx += cxx + dx * dx * weight;
        sxy += cxy + dx * dy * weight;
        meanX += dx * count / total;
        meanY += dy * count / total;
        n = total;
    }

    /**
     * The slope in units per second when {@code atSeconds} is NaN, else the line's value {@code
     * atSeconds} after {@code nowMillis} (the time x is measured from); NaN below two points.
     */
    double result(double atSeconds) {
        if (n < 2) {
            return Double.NaN;
        }
        double slope = sxy / sxx;
        return Double.isNaN(atSeconds) ? slope : anchor + (meanY + slope * (atSeconds - meanX));
    }
}

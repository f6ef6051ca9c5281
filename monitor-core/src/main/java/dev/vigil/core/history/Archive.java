package dev.vigil.core.history;

/**
 * One tier of a series' history seen as a time-ordered sequence of points, so the window
 * arithmetic in {@link WindowStats} is written once for raw samples and consolidated buckets.
 *
 * <p>Points are addressed by a logical index, 0 being the oldest point held. A selection is a
 * run of consecutive logical indexes, packed into a {@code long} so selecting a window allocates
 * nothing. Callers hold the owning series' lock.
 */
sealed interface Archive permits RawView, BucketRing {

    /** The points whose {@link #timeAt time} lies in {@code (fromExclusive, toInclusive]}. */
    long select(long fromExclusive, long toInclusive);

    /** Sample time, or bucket start; the time a chart shows. */
    long timeAt(int i);

    /**
     * Seconds from {@code originMillis} to the time a regression or a rate places the point at;
     * computed from the difference so epoch-sized times lose no precision.
     */
    double secondsAfter(long originMillis, int i);

    /** Number of samples behind the point; 0 for an empty bucket, which every query skips. */
    int countAt(int i);

    /** The sample, or the bucket's mean. */
    double valueAt(int i);

    double minAt(int i);

    double maxAt(int i);

    double sumAt(int i);

    static long selection(int first, int count) {
        return ((long) first << 32) | (count & 0xffff_ffffL);
    }

    static int first(long selection) {
        return (int) (selection >>> 32);
    }

    static int count(long selection) {
        return (int) selection;
    }
}

package dev.vigil.core.history;

import org.jspecify.annotations.Nullable;

/**
 * A decoder left in the sealed chunk where the last least-squares fit's window started, with the
 * fit terms of the samples before that start. A rule fits the same window every tick, and each
 * tick the window's start moves on by about one sample: resuming here decodes that sample
 * instead of every sample from the chunk's start. The terms are summed in the same order as
 * from the chunk's start, so a resumed fit gives the very bits of a fresh one.
 *
 * <p>One per {@link RawRing}, created on its first fit; used under the series' lock.
 *
 * <p>Used as: when {@code resumes(...)} says the cut chunk is the
 * one it stopped in and the window did not move back, the regression goes on from its sums;
 * otherwise {@code start(...)} decodes the chunk from its first sample.
 */
final class FitCursor {

    final GorillaChunk.Decoder decoder = new GorillaChunk.Decoder();
    /** The sealed chunk read (by identity: a dropped chunk's array is reused), or null. */
    private long @Nullable [] chunk;

    private long chunkFirstTime;
    /** Samples read from the decoder. */
    int read;
    /** Whether the last sample read is not summed (it was inside the window). */
    boolean pending;
    /** Samples summed: the first {@code summed} of the chunk. */
    int summed;

    private long lastSummedTime;
    double sx;
    double sy;
    double sxx;
    double sxy;

    /**
     * Starts on {@code count} samples of the stream at word {@code offset} of {@code words};
     * {@code sealed} is the chunk when it is sealed (the cursor may then be resumed), else null.
     */
    void start(long[] words, int offset, int count, long @Nullable [] sealed, long firstTime) {
        decoder.start(words, offset, count);
        chunk = sealed;
        chunkFirstTime = firstTime;
        read = 0;
        pending = false;
        clearSums();
    }

    /** Forgets the sums, to sum other samples with the decoder where it is. */
    void clearSums() {
        summed = 0;
        sx = 0;
        sy = 0;
        sxx = 0;
        sxy = 0;
    }

    /**
     * Whether the cursor reads {@code sealed} and every sample it summed is still before the
     * window (left out by the capacity, or not after {@code fromExclusive}).
     */
    boolean resumes(long[] sealed, long firstTime, long chunkSkip, long fromExclusive) {
        return chunk == sealed
                && chunkFirstTime == firstTime
                && (summed == 0 || summed - 1 < chunkSkip || lastSummedTime <= fromExclusive);
    }

    /** Sums the pending sample (x after {@code origin}, y from {@code anchor}). */
    void sumPending(long origin, double anchor) {
        double x = LineFit.seconds(decoder.time(), origin);
        double y = decoder.value() - anchor;
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
        summed++;
        lastSummedTime = decoder.time();
        pending = false;
    }

    /** Reads the next sample as pending; false when the chunk has none left. */
    boolean readNext() {
        if (!decoder.hasNext()) {
            return false;
        }
        decoder.next();
        read++;
        pending = true;
        return true;
    }

    /** Forgets the chunk: the decoder is about to be moved past the window's start. */
    void release() {
        chunk = null;
    }
}

package dev.vigil.core.history;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The raw tier of one series: its latest {@code capacity} samples at tick resolution, in
 * {@link GorillaChunk Gorilla-compressed chunks}. The open chunk is appended to in place; once it
 * holds {@link #chunkSamples} samples it is sealed into an array of exactly its size, and the
 * oldest sealed chunk is dropped once the newer ones hold the capacity on their own. So between
 * {@code capacity} and {@code capacity + chunkSamples} samples are held, of which queries see the
 * latest {@code capacity} (the same samples an uncompressed ring of that capacity would hold).
 *
 * <p>Queries read a {@link RawView}: the chunks overlapping their window decoded into the
 * calling thread's scratch arrays, so reading allocates nothing once those are grown. Sums,
 * extremes ({@link #aggregate}) and least-squares fits ({@link #regression}) take the chunks wholly
 * inside their window from figures kept per chunk, in memory only, and decode only the chunks an
 * edge cuts. Appends allocate nothing in steady state either: a dropped chunk's array is reused
 * for the next seal when it is large enough.
 */
final class RawRing {

    /** Samples per chunk when the capacity allows: the per-chunk overhead (about 40 bytes) is then a sixth of a byte per sample. */
    static final int MAX_CHUNK_SAMPLES = 240;

    static final int MIN_CHUNK_SAMPLES = 16;

    private static final ThreadLocal<RawView> VIEWS = ThreadLocal.withInitial(RawView::new);

    private final int capacity;
    private final int chunkSamples;
    private final GorillaChunk.Encoder open;
    /** Sealed chunks, oldest first, as a ring. */
    private long[][] sealed = new long[4][];
    /**
     * Each sealed chunk's least-squares terms ({@link LineFit#TERMS} per slot of {@link #sealed}),
     * in memory only: from the encoder's running terms at seal, or by decoding a restored chunk.
     */
    private double[] fits = new double[LineFit.TERMS * 4];

    private int firstSealed;
    private int sealedCount;
    private long sealedSamples;
    /** The last dropped chunk's array, reused for the next seal. */
    private long @Nullable [] spare;
    /** Where the last fit's window started, created by the first fit; see {@link FitCursor}. */
    private @Nullable FitCursor cursor;
    /** Called with every chunk sealed (for the disk), or null. */
    private final @Nullable ChunkSink sink;

    /** Receives each chunk as it is sealed. */
    interface ChunkSink {
        void sealed(long[] chunk);
    }

    RawRing(int capacity) {
        this(capacity, null);
    }

    RawRing(int capacity, @Nullable ChunkSink sink) {
        this.capacity = capacity;
        this.chunkSamples = Math.max(MIN_CHUNK_SAMPLES, Math.min(MAX_CHUNK_SAMPLES, capacity));
        this.open = new GorillaChunk.Encoder(8);
        this.sink = sink;
    }

    /** Appends a sample; the caller guarantees times increase. */
    void append(long t, double v) {
        open.append(t, v);
        if (open.count() == chunkSamples) {
            seal();
        }
    }

    private void seal() {
        long[] chunk = open.seal(spareFor(GorillaChunk.words(open.bits())));
        int slot = add(chunk);
        open.fitTerms(fits, LineFit.TERMS * slot);
        open.reset();
        if (sink != null) {
            sink.sealed(chunk);
        }
        trim();
    }

    /** Puts a sealed chunk after the newest, growing the ring when full; returns its slot. */
    private int add(long[] chunk) {
        if (sealedCount == sealed.length) {
            long[][] grown = new long[2 * sealed.length][];
            double[] grownFits = new double[LineFit.TERMS * grown.length];
            for (int i = 0; i < sealedCount; i++) {
                int slot = (firstSealed + i) % sealed.length;
                grown[i] = sealed[slot];
                System.arraycopy(fits, LineFit.TERMS * slot, grownFits, LineFit.TERMS * i, LineFit.TERMS);
            }
            sealed = grown;
            fits = grownFits;
            firstSealed = 0;
        }
        int slot = (firstSealed + sealedCount) % sealed.length;
        sealed[slot] = chunk;
        sealedCount++;
        sealedSamples += GorillaChunk.count(chunk);
        return slot;
    }

    /** Drops the oldest chunks the newer ones no longer need. */
    private void trim() {
        while (sealedCount > 0) {
            long[] oldest = sealed[firstSealed];
            if (held() - GorillaChunk.count(oldest) < capacity) {
                return;
            }
            sealed[firstSealed] = null;
            firstSealed = (firstSealed + 1) % sealed.length;
            sealedCount--;
            sealedSamples -= GorillaChunk.count(oldest);
            spare = oldest;
        }
    }

    /**
     * The spare array when it fits {@code words} with at most a quarter to spare, else a new
     * array rounded up to four words, so that chunks of nearly the same size share arrays.
     */
    private long[] spareFor(int words) {
        long[] s = spare;
        spare = null;
        if (s != null && s.length >= words && s.length - words <= words / 4 + 4) {
            return s;
        }
        return new long[(words + 3) & ~3];
    }

    /**
     * Adds an already sealed chunk read back from disk; its samples must follow the ones held. Its
     * fit terms are not on disk: they are computed by decoding it once.
     */
    void restore(long[] chunk) {
        if (open.count() > 0) {
            throw new IllegalStateException("restore before appending");
        }
        int slot = add(chunk);
        int at = LineFit.TERMS * slot;
        Arrays.fill(fits, at, at + LineFit.TERMS, 0.0);
        GorillaChunk.Decoder d = new GorillaChunk.Decoder().start(chunk);
        long origin = GorillaChunk.firstTime(chunk);
        double anchor = GorillaChunk.firstValue(chunk);
        while (d.hasNext()) {
            d.next();
            LineFit.add(fits, at, LineFit.seconds(d.time(), origin), d.value() - anchor);
        }
        trim();
    }

    private long held() {
        return sealedSamples + open.count();
    }

    /** Samples visible to queries. */
    int size() {
        return (int) Math.min(held(), capacity);
    }

    int capacity() {
        return capacity;
    }

    int chunkSamples() {
        return chunkSamples;
    }

    /** Latest time appended, or {@link Long#MIN_VALUE}. */
    long lastTime() {
        if (open.count() > 0) {
            return open.lastTime();
        }
        return sealedCount == 0
                ? Long.MIN_VALUE
                : GorillaChunk.lastTime(sealed[(firstSealed + sealedCount - 1) % sealed.length]);
    }

    /** Heap bytes of the chunks held, their fit terms and the open chunk's buffer (array headers included). */
    long allocatedBytes() {
        long bytes = open.allocatedBytes() + 16L + 4L * sealed.length + 16L + 8L * fits.length;
        for (int i = 0; i < sealedCount; i++) {
            bytes += 16L + 8L * sealed[(firstSealed + i) % sealed.length].length;
        }
        return bytes;
    }

    /** The sealed chunks, oldest first (shared arrays: do not modify). */
    long[][] sealedChunks() {
        long[][] out = new long[sealedCount][];
        for (int i = 0; i < sealedCount; i++) {
            out[i] = sealed[(firstSealed + i) % sealed.length];
        }
        return out;
    }

    /** The open chunk, sealed into a new array; null when it is empty. */
    long @Nullable [] openChunk() {
        return open.count() == 0 ? null : open.seal(null);
    }

    /**
     * The visible samples newer than {@code fromExclusive} (and possibly a few older), decoded
     * into this thread's scratch view. Valid until this thread's next call; callers hold the
     * series' lock while they read it.
     */
    RawView view(long fromExclusive) {
        RawView view = VIEWS.get();
        view.clear();
        // The samples beyond the capacity are the oldest held: skip those the chunks left unread
        // do not account for.
        long skip = Math.max(0, held() - capacity);
        int start = sealedCount;
        while (start > 0 && GorillaChunk.lastTime(sealed[(firstSealed + start - 1) % sealed.length]) > fromExclusive) {
            start--;
        }
        for (int i = 0; i < start && skip > 0; i++) {
            skip -= GorillaChunk.count(sealed[(firstSealed + i) % sealed.length]);
        }
        skip = Math.max(0, skip);
        GorillaChunk.Decoder decoder = view.decoder();
        for (int i = start; i < sealedCount; i++) {
            skip = view.decode(decoder.start(sealed[(firstSealed + i) % sealed.length]), skip);
        }
        if (open.count() > 0) {
            view.decode(decoder.start(openWords(), 0, open.count()), skip);
        }
        return view;
    }

    private long[] openWords() {
        return open.words();
    }

    /** {@link #overlap}: no visible sample of the chunk is in the window. */
    private static final int OUTSIDE = 0;
    /** {@link #overlap}: every sample of the chunk is visible and in the window. */
    private static final int WHOLE = 1;
    /** {@link #overlap}: an edge of the window (or the capacity) cuts the chunk. */
    private static final int CUT = 2;

    /** Chunk {@code i} held, oldest first; {@code i == sealedCount} is the open chunk, null. */
    private long @Nullable [] chunkAt(int i) {
        return i == sealedCount ? null : sealed[(firstSealed + i) % sealed.length];
    }

    private int countOf(long @Nullable [] chunk) {
        return chunk == null ? open.count() : GorillaChunk.count(chunk);
    }

    private long firstTimeOf(long @Nullable [] chunk) {
        return chunk == null ? open.firstTime() : GorillaChunk.firstTime(chunk);
    }

    private long lastTimeOf(long @Nullable [] chunk) {
        return chunk == null ? open.lastTime() : GorillaChunk.lastTime(chunk);
    }

    /**
     * How the window {@code (fromExclusive, toInclusive]} holds a chunk of {@code n} samples whose
     * first {@code chunkSkip} are beyond the capacity: {@link #OUTSIDE}, {@link #WHOLE} or {@link #CUT}.
     */
    private int overlap(long @Nullable [] chunk, int n, long chunkSkip, long fromExclusive, long toInclusive) {
        if (n == 0 || chunkSkip == n) {
            return OUTSIDE;
        }
        long first = firstTimeOf(chunk);
        long last = lastTimeOf(chunk);
        if (last <= fromExclusive || first > toInclusive) {
            return OUTSIDE;
        }
        return chunkSkip == 0 && first > fromExclusive && last <= toInclusive ? WHOLE : CUT;
    }

    /**
     * Count, sum, minimum and maximum of the visible samples in {@code (fromExclusive,
     * toInclusive]} into {@code out} (NaN sum, min and max when there is none). A chunk wholly
     * inside the window is taken from its header (the open chunk from the encoder's running
     * figures) without decoding; only the chunks straddling an edge are decoded. The sum of a
     * chunk is its samples' sum in order, so a whole-chunk sum may differ in the last bits from
     * one computed sample by sample across the window.
     */
    void aggregate(long fromExclusive, long toInclusive, double[] out) {
        long skip = Math.max(0, held() - capacity);
        double count = 0;
        double sum = 0;
        double min = Double.NaN;
        double max = Double.NaN;
        GorillaChunk.Decoder d = VIEWS.get().decoder();
        for (int i = 0; i <= sealedCount; i++) {
            long[] chunk = chunkAt(i);
            boolean isOpen = chunk == null;
            int n = countOf(chunk);
            long chunkSkip = Math.min(skip, n);
            skip -= chunkSkip;
            int overlap = overlap(chunk, n, chunkSkip, fromExclusive, toInclusive);
            if (overlap == OUTSIDE) {
                continue;
            }
            if (overlap == WHOLE) {
                double cMin = isOpen ? open.min() : GorillaChunk.min(chunk);
                double cMax = isOpen ? open.max() : GorillaChunk.max(chunk);
                count += n;
                sum += isOpen ? open.sum() : GorillaChunk.sum(chunk);
                if (!(cMin >= min)) {
                    min = cMin;
                }
                if (!(cMax <= max)) {
                    max = cMax;
                }
                continue;
            }
            if (isOpen) {
                d.start(openWords(), 0, n);
            } else {
                d.start(chunk);
            }
            for (int k = 0; k < n; k++) {
                d.next();
                long t = d.time();
                if (k < chunkSkip || t <= fromExclusive) {
                    continue;
                }
                if (t > toInclusive) {
                    break;
                }
                double v = d.value();
                count++;
                sum += v;
                if (!(v >= min)) {
                    min = v;
                }
                if (!(v <= max)) {
                    max = v;
                }
            }
        }
        out[0] = count;
        out[1] = count == 0 ? Double.NaN : sum;
        out[2] = min;
        out[3] = max;
    }

    /**
     * The least-squares line through the visible samples in {@code (fromExclusive, toInclusive]},
     * with times in seconds relative to {@code nowMillis}: its slope in units per second when
     * {@code atSeconds} is NaN, else its value {@code atSeconds} after {@code nowMillis}
     * (Prometheus' {@code deriv} and {@code predict_linear}); NaN below two samples.
     *
     * <p>A chunk wholly inside the window is taken from its fit terms (the open chunk from the
     * encoder's running terms) without decoding; how a chunk an edge cuts is read, see {@link
     * #mergeCut}. The result is not the two-pass fit's over the decoded samples ({@link
     * WindowStats#perPointRegression}) to the bit, but within about 1e-13 of the range of the
     * values in the chunks the window touches. Callers hold the series' lock: the fit moves the
     * ring's {@link FitCursor}.
     */
    double regression(long fromExclusive, long toInclusive, long nowMillis, double atSeconds) {
        RawView scratch = VIEWS.get();
        LineFit fit = scratch.fit();
        fit.clear();
        double[] part = fit.part;
        long skip = Math.max(0, held() - capacity);
        long windowEnd = Math.min(toInclusive, lastTime()); // the time of the window's latest sample, at most
        for (int i = 0; i <= sealedCount; i++) {
            long[] chunk = chunkAt(i);
            boolean isOpen = chunk == null;
            int n = countOf(chunk);
            long chunkSkip = Math.min(skip, n);
            skip -= chunkSkip;
            int overlap = overlap(chunk, n, chunkSkip, fromExclusive, toInclusive);
            if (overlap == OUTSIDE) {
                continue;
            }
            long first = firstTimeOf(chunk);
            double anchor = isOpen ? open.firstValue() : GorillaChunk.firstValue(chunk);
            double[] terms = fits;
            int at = LineFit.TERMS * ((firstSealed + i) % sealed.length);
            if (isOpen) {
                terms = part;
                at = 0;
                open.fitTerms(part, 0);
            }
            if (overlap == WHOLE) {
                fit.merge(
                        n,
                        first,
                        anchor,
                        terms[at + LineFit.SX],
                        terms[at + LineFit.SY],
                        terms[at + LineFit.SXX],
                        terms[at + LineFit.SXY],
                        nowMillis);
                continue;
            }
            boolean cutAtStartOnly = lastTimeOf(chunk) <= toInclusive;
            mergeCut(
                    fit,
                    chunk,
                    n,
                    chunkSkip,
                    first,
                    anchor,
                    terms,
                    at,
                    fromExclusive,
                    toInclusive,
                    cutAtStartOnly,
                    windowEnd,
                    nowMillis);
        }
        return fit.result(atSeconds);
    }

    /**
     * Merges the samples of a chunk (null: the open chunk) an edge of the window cuts. When only
     * the window's start cuts it, and the window reaches at least as far past its first sample
     * inside as that sample lies past the chunk's start, the samples before the window are decoded
     * and their terms subtracted from the chunk's: what the subtraction cancels is then within a few
     * hundred ulps of the window's own spread of times (the chunk's count times the square of a span
     * at most twice the window's). A sealed chunk's decoding resumes where the last fit's window
     * started ({@link FitCursor}), so a window moving on by a sample a tick decodes about one
     * sample. Otherwise the samples inside are decoded and summed from the first of them.
     */
    private void mergeCut(
            LineFit fit,
            long @Nullable [] chunk,
            int n,
            long chunkSkip,
            long first,
            double anchor,
            double[] terms,
            int at,
            long fromExclusive,
            long toInclusive,
            boolean cutAtStartOnly,
            long windowEnd,
            long nowMillis) {
        FitCursor c = cursor;
        if (c == null) {
            c = new FitCursor();
            cursor = c;
        }
        boolean subtract = cutAtStartOnly && fromExclusive - first <= windowEnd - fromExclusive;
        if (!subtract || chunk == null || !c.resumes(chunk, first, chunkSkip, fromExclusive)) {
            if (chunk == null) {
                c.start(openWords(), 0, n, null, first);
            } else {
                c.start(chunk, GorillaChunk.HEADER_WORDS, n, chunk, first);
            }
        }
        GorillaChunk.Decoder d = c.decoder;
        if (subtract) {
            // sum the samples before the window; the first inside is left pending
            while (c.pending || c.readNext()) {
                long t = d.time();
                if (c.read - 1 < chunkSkip || t <= fromExclusive) {
                    c.sumPending(first, anchor);
                    continue;
                }
                if (t - first <= windowEnd - t) {
                    fit.merge(
                            n - c.summed,
                            first,
                            anchor,
                            terms[at + LineFit.SX] - c.sx,
                            terms[at + LineFit.SY] - c.sy,
                            terms[at + LineFit.SXX] - c.sxx,
                            terms[at + LineFit.SXY] - c.sxy,
                            nowMillis);
                    if (chunk == null) {
                        c.release(); // the open chunk's stream may move when it grows
                    }
                    return;
                }
                break; // the window is short beside the chunk
            }
        }
        // Summed from the first sample inside, so they are not far from their origin; the
        // decoder then moves past the window's start and cannot be resumed.
        c.release();
        c.clearSums();
        long origin = 0;
        double base = 0;
        while (c.pending || c.readNext()) {
            long t = d.time();
            if (c.read - 1 < chunkSkip || t <= fromExclusive) {
                c.pending = false;
                continue;
            }
            if (t > toInclusive) {
                break;
            }
            if (c.summed == 0) {
                origin = t;
                base = d.value();
            }
            c.sumPending(origin, base);
        }
        fit.merge(c.summed, origin, base, c.sx, c.sy, c.sxx, c.sxy, nowMillis);
    }
}

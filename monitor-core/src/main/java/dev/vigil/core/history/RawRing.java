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
 * calling thread's scratch arrays, so reading allocates nothing once those are grown. Appends
 * allocate nothing in steady state either: a dropped chunk's array is reused for the next seal
 * when it is large enough.
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

    private int firstSealed;
    private int sealedCount;
    private long sealedSamples;
    /** The last dropped chunk's array, reused for the next seal. */
    private long @Nullable [] spare;
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
        open.reset();
        if (sealedCount == sealed.length) {
            long[][] grown = new long[2 * sealed.length][];
            for (int i = 0; i < sealedCount; i++) {
                grown[i] = sealed[(firstSealed + i) % sealed.length];
            }
            sealed = grown;
            firstSealed = 0;
        }
        sealed[(firstSealed + sealedCount) % sealed.length] = chunk;
        sealedCount++;
        sealedSamples += GorillaChunk.count(chunk);
        if (sink != null) {
            sink.sealed(chunk);
        }
        trim();
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

    /** Adds an already sealed chunk read back from disk; its samples must follow the ones held. */
    void restore(long[] chunk) {
        if (open.count() > 0) {
            throw new IllegalStateException("restore before appending");
        }
        if (sealedCount == sealed.length) {
            sealed = Arrays.copyOf(unrolled(), 2 * sealed.length);
            firstSealed = 0;
        }
        sealed[(firstSealed + sealedCount) % sealed.length] = chunk;
        sealedCount++;
        sealedSamples += GorillaChunk.count(chunk);
        trim();
    }

    private long[][] unrolled() {
        long[][] out = new long[sealed.length][];
        for (int i = 0; i < sealedCount; i++) {
            out[i] = sealed[(firstSealed + i) % sealed.length];
        }
        return out;
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

    /** Heap bytes of the chunks held and the open chunk's buffer (array headers included). */
    long allocatedBytes() {
        long bytes = open.allocatedBytes() + 16L + 4L * sealed.length;
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
            boolean isOpen = i == sealedCount;
            long[] chunk = isOpen ? null : sealed[(firstSealed + i) % sealed.length];
            int n = isOpen ? open.count() : GorillaChunk.count(chunk);
            if (n == 0) {
                continue;
            }
            long chunkSkip = Math.min(skip, n);
            skip -= chunkSkip;
            long first = isOpen ? open.firstTime() : GorillaChunk.firstTime(chunk);
            long last = isOpen ? open.lastTime() : GorillaChunk.lastTime(chunk);
            if (last <= fromExclusive || first > toInclusive || chunkSkip == n) {
                continue;
            }
            if (chunkSkip == 0 && first > fromExclusive && last <= toInclusive) {
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
}

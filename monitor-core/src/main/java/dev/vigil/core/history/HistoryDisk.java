package dev.vigil.core.history;

import dev.vigil.core.internal.Threads;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history's files in its storage directory (docs/storage.md has the format):
 * <ul>
 *   <li>{@value #CATALOG}: one record per series (number, id, unit), appended;</li>
 *   <li>{@code segment-N.log}: the raw tier's sealed Gorilla chunks, appended, one file after
 *   another, deleted when older than the raw retention or to stay within the disk cap;</li>
 *   <li>{@code tier-Rms-S-cB.ring}: per consolidated tier of resolution R ms, a fixed-size ring of
 *   S bucket positions per series in checksummed blocks ({@link TierLayout}), a block rewritten
 *   whole in place;</li>
 *   <li>{@value #HEAD}: the raw tier's open chunks, replaced whole (temporary file, fsync,
 *   atomic rename) at each checkpoint.</li>
 * </ul>
 * Checkpoints are taken on the writer thread, every {@link HistoryConfig#checkpointInterval()}
 * of tick time, and written by the {@code vigil-history-io} thread: catalog, segment, tier blocks
 * and head are written and fsynced in that order, so what a record refers to is always on disk
 * before it. A crash loses at most what came after the last checkpoint written.
 */
final class HistoryDisk implements AutoCloseable {

    static final String CATALOG = "series.log";
    static final String HEAD = "head.dat";
    /** Bytes of a slot in the ring files before 0.2.0 ({@code tier-Rms-S.ring}), read once to migrate them. */
    static final byte SERIES_RECORD = 1;

    static final byte CHUNK_RECORD = 2;

    private static final Logger log = LoggerFactory.getLogger(HistoryDisk.class);

    private final Path dir;
    private final HistoryConfig config;
    private final long rawRetentionMillis;
    private final long[] resolutions;
    private final int[] slots;
    private final TierLayout[] layouts;
    private final FileChannel catalog;
    private final FileChannel[] tierFiles;
    /** Per tier, a ring file of the format before 0.2.0 still to migrate, or null; deleted once migrated. */
    private final @Nullable Path[] oldTierFiles;

    private boolean migrated;
    private final AtomicLong cappedCounts = new AtomicLong();
    /** Closed segments by number: their greatest chunk time and size. */
    private final TreeMap<Long, long[]> closedSegments = new TreeMap<>();

    private @Nullable FileChannel segment;
    private long segmentNumber;
    private long segmentSize;
    private long segmentMaxTime = Long.MIN_VALUE;
    private final List<Persisted> series = new ArrayList<>();
    private final ExecutorService io;
    /** The checkpoint being written; touched by the writer thread only. */
    private @Nullable Future<?> inFlight;
    // I/O thread only (after the restore): what a failed checkpoint could not write
    private long catalogEnd;
    private @Nullable ByteBuffer retryCatalog;
    private @Nullable ByteBuffer retryChunks;
    private long retryChunksMaxTime = Long.MIN_VALUE;
    private ByteBuffer pendingCatalog = ByteBuffer.allocate(4096);
    private ByteBuffer pendingChunks = ByteBuffer.allocate(16384);
    private long pendingChunksMaxTime = Long.MIN_VALUE;
    private int nextSeriesNo;
    private final AtomicLong unpersistedSeries = new AtomicLong();
    /** Written by the writer thread only; atomic and volatile so that any thread reads them fresh. */
    private final AtomicLong bytesWritten = new AtomicLong();

    private volatile long diskBytesAtCheckpoint;
    private boolean closed;

    /** Makes the series of a catalog record. */
    interface SeriesFactory {
        RingSeries create(int no, MetricId id, Unit unit);
    }

    /** A series written to disk: its number and how far its tier slots are written. */
    static final class Persisted {
        final int no;
        final RingSeries series;
        final long[] writtenThrough;
        /** Per tier, the latest sample time when {@link #writtenThrough} was written. */
        final long[] writtenTime;

        boolean evicted;

        Persisted(int no, RingSeries series, int tiers) {
            this.no = no;
            this.series = series;
            this.writtenThrough = new long[tiers];
            this.writtenTime = new long[tiers];
            java.util.Arrays.fill(writtenThrough, Long.MIN_VALUE);
            java.util.Arrays.fill(writtenTime, Long.MIN_VALUE);
        }
    }

    HistoryDisk(Path dir, HistoryConfig config, long intervalMillis, ThreadFactory threadFactory) {
        this.io = Executors.newSingleThreadExecutor(Threads.factory(threadFactory, "vigil-history-io"));
        this.dir = dir;
        this.config = config;
        this.rawRetentionMillis = config.rawRetention().toMillis();
        List<HistoryConfig.Tier> tiers = config.tiers();
        this.resolutions = new long[tiers.size()];
        this.slots = new int[tiers.size()];
        this.layouts = new TierLayout[tiers.size()];
        this.oldTierFiles = new Path[tiers.size()];
        for (int i = 0; i < resolutions.length; i++) {
            resolutions[i] = tiers.get(i).resolution().toMillis();
            slots[i] = tiers.get(i).capacity() + 2;
        }
        try {
            Files.createDirectories(dir);
            this.catalog = FileChannel.open(
                    dir.resolve(CATALOG), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            this.tierFiles = new FileChannel[resolutions.length];
            for (int i = 0; i < resolutions.length; i++) {
                int bits = existingCountBits(dir, resolutions[i], slots[i]);
                if (bits == 0) {
                    bits = TierLayout.countBitsFor(resolutions[i], intervalMillis);
                }
                layouts[i] = new TierLayout(resolutions[i], slots[i], bits);
                tierFiles[i] = FileChannel.open(
                        tierFile(dir, resolutions[i], slots[i], bits),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                Path old = oldTierFile(dir, resolutions[i], slots[i]);
                if (Files.exists(old)) {
                    oldTierFiles[i] = old;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the history files in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The ring file of a tier: its resolution, slots per series and bits per count are in the
     * name, so a changed configuration starts a new file instead of misreading the old one.
     */
    static Path tierFile(Path dir, long resolutionMillis, int slotsPerSeries, int countBits) {
        return dir.resolve("tier-" + resolutionMillis + "ms-" + slotsPerSeries + "-c" + countBits + ".ring");
    }

    /** A tier's ring file in the format before 0.2.0: 48-byte slots. */
    static Path oldTierFile(Path dir, long resolutionMillis, int slotsPerSeries) {
        return dir.resolve("tier-" + resolutionMillis + "ms-" + slotsPerSeries + ".ring");
    }

    /**
     * The bits per count of the tier's ring file already in the directory, 0 when there is none:
     * a changed tick interval keeps the file (and its history) rather than starting another.
     */
    private static int existingCountBits(Path dir, long resolutionMillis, int slotsPerSeries) throws IOException {
        String prefix = "tier-" + resolutionMillis + "ms-" + slotsPerSeries + "-c";
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, prefix + "*.ring")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                String bits = name.substring(prefix.length(), name.length() - ".ring".length());
                if (bits.matches("[0-9]{1,2}") && Integer.parseInt(bits) >= 1 && Integer.parseInt(bits) <= 31) {
                    return Integer.parseInt(bits);
                }
            }
        }
        return 0;
    }

    static Path segmentFile(Path dir, long number) {
        return dir.resolve(String.format("segment-%012d.log", number));
    }

    /** Bytes of tier blocks one series takes on disk. */
    long tierBytesPerSeries() {
        long bytes = 0;
        for (TierLayout l : layouts) {
            bytes += l.regionBytes;
        }
        return bytes;
    }

    // ---------------------------------------------------------------- restore

    /**
     * Reads the directory back: every series of the catalog with its tiers, sealed chunks and
     * open chunk, the tiers brought up to the raw samples that are newer than their slots.
     * {@code create} makes a series (with this disk as its chunk sink).
     */
    void restore(SeriesFactory create, Map<MetricId, RingSeries> into) throws IOException {
        Map<Integer, Persisted> byNo = new TreeMap<>();
        long catalogEnd = Records.read(dir.resolve(CATALOG), new Records.Visitor() {
            @Override
            public void record(long offset, ByteBuffer p) {
                if (p.get() != SERIES_RECORD) {
                    return;
                }
                int no = p.getInt();
                MetricId id = IdCodec.readId(p);
                Unit unit = Unit.valueOf(IdCodec.readString(p));
                RingSeries s = create.create(no, id, unit);
                Persisted persisted = new Persisted(no, s, resolutions.length);
                byNo.put(no, persisted);
                nextSeriesNo = Math.max(nextSeriesNo, no + 1);
                into.put(id, s);
            }

            @Override
            public void corrupt(long offset, String why) {
                log.warn("Vigil history {}: record at byte {} skipped: {}", dir.resolve(CATALOG), offset, why);
            }
        });
        catalog.truncate(catalogEnd); // a torn tail must not hide the records appended after it
        catalog.position(catalogEnd);
        this.catalogEnd = catalogEnd;
        long[][] restoredThrough = new long[byNo.size() == 0 ? 0 : nextSeriesNo][];
        for (Persisted p : byNo.values()) {
            restoredThrough[p.no] = restoreTiers(p);
        }
        List<Path> segmentFiles = listSegments();
        for (Path file : segmentFiles) {
            long number = segmentNumber(file);
            long[] maxTime = {Long.MIN_VALUE};
            Records.read(file, chunkVisitor(file, byNo, maxTime, false));
            closedSegments.put(number, new long[] {maxTime[0], Files.size(file)});
            segmentNumber = Math.max(segmentNumber, number);
        }
        Path head = dir.resolve(HEAD);
        if (Files.exists(head)) {
            Records.read(head, chunkVisitor(head, byNo, new long[] {Long.MIN_VALUE}, true));
        }
        for (Persisted p : byNo.values()) {
            p.series.replayRawIntoTiers(restoredThrough[p.no]);
            series.add(p);
        }
        openSegment(segmentNumber + 1);
    }

    private Records.Visitor chunkVisitor(Path file, Map<Integer, Persisted> byNo, long[] maxTime, boolean fromHead) {
        return new Records.Visitor() {
            @Override
            public void record(long offset, ByteBuffer p) {
                if (p.get() != CHUNK_RECORD) {
                    return;
                }
                Persisted s = byNo.get(p.getInt());
                long[] chunk = new long[p.getInt()];
                for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = p.getLong();
                }
                maxTime[0] = Math.max(maxTime[0], GorillaChunk.lastTime(chunk));
                if (s == null) {
                    return; // its series' catalog record was lost: nothing to attach it to
                }
                RawRing raw = s.series.rawTier();
                if (GorillaChunk.firstTime(chunk) <= raw.lastTime()) {
                    return; // already held: a head chunk that was sealed into a segment since
                }
                raw.restore(chunk);
                if (fromHead) {
                    // Only in memory now, as a sealed chunk: it must reach a segment.
                    queueChunk(s.no, chunk);
                }
            }

            @Override
            public void corrupt(long offset, String why) {
                log.warn("Vigil history {}: record at byte {} skipped: {}", file, offset, why);
            }
        };
    }

    /** Restores the series' tier buckets; returns per tier the latest sample time they include. */
    private long[] restoreTiers(Persisted p) throws IOException {
        long[] through = new long[resolutions.length];
        for (int k = 0; k < resolutions.length; k++) {
            through[k] = Long.MIN_VALUE;
            TierLayout layout = layouts[k];
            TreeMap<Long, TierLayout.Bucket> valid = new TreeMap<>();
            for (int i = 0; i < layout.blocks(); i++) {
                ByteBuffer block = ByteBuffer.allocate(layout.blockBytes(i));
                long at = layout.blockOffset(p.no, i);
                while (block.hasRemaining()) {
                    if (tierFiles[k].read(block, at + block.position()) < 0) {
                        break;
                    }
                }
                if (block.hasRemaining()) {
                    continue; // never written
                }
                block.flip();
                if (TierLayout.valid(block)) {
                    layout.decode(block, i, valid);
                } else if (!TierLayout.blank(block)) {
                    log.warn(
                            "Vigil history {}: block {} of series {} skipped: checksum mismatch",
                            tierFile(dir, resolutions[k], slots[k], layout.countBits),
                            i,
                            p.no);
                }
            }
            if (valid.isEmpty() && oldTierFiles[k] != null) {
                TierLayout.readOldSlots(oldTierFiles[k], slots[k], p.no, valid);
            }
            if (valid.isEmpty()) {
                continue;
            }
            long newest = valid.lastKey();
            BucketRing tier = p.series.tier(k);
            for (TierLayout.Bucket b : valid.tailMap(newest - slots[k] + 1).values()) {
                tier.restore(b.bucket(), b.min(), b.max(), b.sum(), b.count(), b.latestTime());
                through[k] = Math.max(through[k], b.latestTime());
            }
            // Written through the newest bucket only if it came from this file: migrated buckets
            // are all rewritten at the next checkpoint.
            p.writtenThrough[k] = oldTierFiles[k] == null ? newest : Long.MIN_VALUE;
        }
        return through;
    }

    private List<Path> listSegments() throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "segment-*.log")) {
            for (Path f : files) {
                out.add(f);
            }
        }
        out.sort(null);
        return out;
    }

    private static long segmentNumber(Path file) {
        String name = file.getFileName().toString();
        return Long.parseLong(name.substring("segment-".length(), name.length() - ".log".length()));
    }

    // ---------------------------------------------------------------- writing

    /**
     * Admits a new series to the disk; {@code null} when its tier slots would not fit the disk
     * cap (the series is then kept in memory only).
     */
    @Nullable
    Persisted admit(MetricId id, Unit unit, SeriesFactory create) {
        long fixed = tierBytesPerSeries() * (nextSeriesNo + 1L) + 64L * 1024;
        if (fixed + 2 * config.segmentBytes() > config.maxDiskBytes()) {
            if (unpersistedSeries.getAndIncrement() == 0) {
                log.warn(
                        "Vigil history on disk is at its cap of {} bytes: new series such as {} are kept in memory only "
                                + "(raise HistoryConfig.maxDiskBytes)",
                        config.maxDiskBytes(),
                        id);
            }
            return null;
        }
        int no = nextSeriesNo++;
        Persisted p = new Persisted(no, create.create(no, id, unit), resolutions.length);
        byte[] name = id.name().getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(64 + name.length + 64 * id.tagCount() + estimateTags(id));
        payload.put(SERIES_RECORD).putInt(p.no);
        IdCodec.writeId(payload, id);
        IdCodec.writeString(payload, unit.name());
        payload.flip();
        pendingCatalog = ensure(pendingCatalog, Records.HEADER + payload.remaining());
        Records.frame(payload, pendingCatalog);
        series.add(p);
        return p;
    }

    private static int estimateTags(MetricId id) {
        int n = 0;
        for (int i = 0; i < id.tagCount(); i++) {
            n += 3 * (id.tagKey(i).length() + id.tagValue(i).length());
        }
        return n;
    }

    /** Called (by the raw tier, under the series' lock) with each chunk sealed. */
    void chunkSealed(int no, long[] chunk) {
        queueChunk(no, chunk);
    }

    private void queueChunk(int no, long[] chunk) {
        int words = GorillaChunk.words(GorillaChunk.bitLength(chunk));
        int payload = 1 + 4 + 4 + 8 * words;
        pendingChunks = ensure(pendingChunks, Records.HEADER + payload);
        int start = pendingChunks.position();
        pendingChunks.position(start + Records.HEADER);
        pendingChunks.put(CHUNK_RECORD).putInt(no).putInt(words);
        for (int i = 0; i < words; i++) {
            pendingChunks.putLong(chunk[i]);
        }
        ByteBuffer body = pendingChunks.slice(start + Records.HEADER, payload);
        pendingChunks.putInt(start, payload).putInt(start + 4, Records.crc(body));
        pendingChunksMaxTime = Math.max(pendingChunksMaxTime, GorillaChunk.lastTime(chunk));
    }

    private static ByteBuffer ensure(ByteBuffer b, int more) {
        if (b.remaining() >= more) {
            return b;
        }
        ByteBuffer grown = ByteBuffer.allocate(Math.max(2 * b.capacity(), b.position() + more));
        b.flip();
        grown.put(b);
        return grown;
    }

    /** The series no longer written (evicted from memory): its slots stay, its writes stop. */
    void evicted(RingSeries s) {
        series.removeIf(p -> p.series == s);
    }

    /**
     * Brings the files up to date and fsyncs them: catalog, sealed chunks, tier slots, then the
     * open chunks. What to write is copied on the calling (writer) thread, which holds each
     * series' lock only while its bytes are copied; the writes and fsyncs run on the
     * {@code vigil-history-io} thread, one checkpoint at a time, so the sampling thread does not
     * wait for the disk. A checkpoint asked for while the previous one is still writing waits
     * for it first. With {@code wait}, returns once this checkpoint is on disk.
     *
     * @throws IOException when {@code wait} and this checkpoint failed, or when the previous one failed
     */
    void checkpoint(long nowMillis, boolean wait) throws IOException {
        if (closed) {
            return;
        }
        awaitInFlight();
        Batch batch = snapshot(nowMillis);
        inFlight = io.submit(() -> {
            write(batch);
            return null;
        });
        if (wait) {
            awaitInFlight();
        }
    }

    private void awaitInFlight() throws IOException {
        Future<?> f = inFlight;
        if (f == null) {
            return;
        }
        inFlight = null;
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the history checkpoint was writing", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause);
        }
    }

    /** What one checkpoint writes, copied on the writer thread. */
    @SuppressWarnings("ArrayRecordComponent") // a carrier from the tick to the writer thread, never compared or hashed
    private record Batch(
            long nowMillis,
            ByteBuffer catalog,
            ByteBuffer chunks,
            long chunksMaxTime,
            ByteBuffer[] slots,
            long[][] slotOffsets,
            ByteBuffer head) {}

    private Batch snapshot(long nowMillis) {
        ByteBuffer catalogBytes = pendingCatalog.flip();
        pendingCatalog = ByteBuffer.allocate(Math.max(4096, catalogBytes.capacity() / 2));
        ByteBuffer chunkBytes = pendingChunks.flip();
        pendingChunks = ByteBuffer.allocate(Math.max(16384, chunkBytes.limit() + chunkBytes.limit() / 4));
        long chunksMaxTime = pendingChunksMaxTime;
        pendingChunksMaxTime = Long.MIN_VALUE;
        ByteBuffer[] slotBytes = new ByteBuffer[resolutions.length];
        long[][] slotOffsets = new long[resolutions.length][];
        snapshotTierSlots(slotBytes, slotOffsets);
        return new Batch(nowMillis, catalogBytes, chunkBytes, chunksMaxTime, slotBytes, slotOffsets, snapshotHead());
    }

    /**
     * Runs on the I/O thread. Catalog records and sealed chunks exist nowhere else on disk: when
     * writing them fails (a full disk, say), they are kept and written first by the next
     * checkpoint, the catalog cut back to its last good end and the chunks into a new segment, so
     * that no half-written record sits before them.
     */
    private void write(Batch b) throws IOException {
        ByteBuffer catalogBytes = concat(retryCatalog, b.catalog());
        retryCatalog = null;
        if (catalogBytes.hasRemaining()) {
            try {
                catalog.truncate(catalogEnd);
                catalog.position(catalogEnd);
                int n = writeFully(catalog, catalogBytes.duplicate());
                catalog.force(false);
                catalogEnd += n;
                bytesWritten.addAndGet(n);
            } catch (IOException e) {
                retryCatalog = catalogBytes;
                throw e;
            }
        }
        ByteBuffer chunkBytes = concat(retryChunks, b.chunks());
        long chunksMaxTime = Math.max(retryChunksMaxTime, b.chunksMaxTime());
        boolean retrying = retryChunks != null;
        retryChunks = null;
        retryChunksMaxTime = Long.MIN_VALUE;
        if (chunkBytes.hasRemaining()) {
            try {
                if (retrying || (segmentSize > 0 && segmentSize + chunkBytes.remaining() > config.segmentBytes())) {
                    rollSegment();
                }
                int n = writeFully(segment, chunkBytes.duplicate());
                segment.force(false);
                bytesWritten.addAndGet(n);
                segmentSize += n;
                segmentMaxTime = Math.max(segmentMaxTime, chunksMaxTime);
            } catch (IOException e) {
                retryChunks = chunkBytes;
                retryChunksMaxTime = chunksMaxTime;
                throw e;
            }
        }
        for (int k = 0; k < resolutions.length; k++) {
            ByteBuffer all = b.slots()[k];
            long[] offsets = b.slotOffsets()[k];
            TierLayout layout = layouts[k];
            int pos = 0;
            for (long offset : offsets) {
                int length = layout.blockBytes(layout.blockAt(offset));
                ByteBuffer one = all.slice(pos, length);
                pos += length;
                long at = offset;
                while (one.hasRemaining()) {
                    at += tierFiles[k].write(one, at);
                }
            }
            if (offsets.length > 0) {
                bytesWritten.addAndGet(pos);
                tierFiles[k].force(false);
            }
        }
        if (!migrated) {
            migrated = true;
            for (int k = 0; k < oldTierFiles.length; k++) {
                if (oldTierFiles[k] != null) {
                    // its buckets are all in the new file now (restored series were written whole)
                    Files.deleteIfExists(oldTierFiles[k]);
                    log.info(
                            "Vigil history {}: tier ring migrated to the 0.2.0 format, {} deleted",
                            dir,
                            oldTierFiles[k]);
                }
            }
        }
        writeHead(b.head());
        enforceBounds(b.nowMillis());
        diskBytesAtCheckpoint = diskBytes();
    }

    /** {@link #diskBytes()} as of the latest checkpoint; safe from any thread. */
    long diskBytesAtCheckpoint() {
        return diskBytesAtCheckpoint;
    }

    private static ByteBuffer concat(ByteBuffer first, ByteBuffer second) {
        if (first == null || !first.hasRemaining()) {
            return second;
        }
        ByteBuffer both = ByteBuffer.allocate(first.remaining() + second.remaining());
        both.put(first.duplicate()).put(second.duplicate());
        return both.flip();
    }

    /**
     * The blocks holding a bucket changed since the last checkpoint (or a position a newer bucket,
     * empty or not, has reached), with their file offsets; the blocks of a tier one after another.
     */
    private void snapshotTierSlots(ByteBuffer[] bytes, long[][] offsets) {
        for (int k = 0; k < resolutions.length; k++) {
            TierLayout layout = layouts[k];
            int blockBytes = layout.blockBytes(0);
            ByteBuffer out = ByteBuffer.allocate(blockBytes * Math.max(4, 2 * series.size()));
            long[] at = new long[Math.max(4, 2 * series.size())];
            int n = 0;
            int blocks = layout.blocks();
            boolean[] dirty = new boolean[blocks];
            for (Persisted p : series) {
                synchronized (p.series.lock()) {
                    BucketRing tier = p.series.tier(k);
                    long last = tier.lastBucket();
                    if (last == Long.MIN_VALUE
                            || (last == p.writtenThrough[k] && tier.lastTime() == p.writtenTime[k])) {
                        continue;
                    }
                    long from = p.writtenThrough[k];
                    boolean all = from == Long.MIN_VALUE || last - from + 1 >= slots[k];
                    java.util.Arrays.fill(dirty, all);
                    if (!all) {
                        for (long bucket = Math.max(from, last - slots[k] + 1); bucket <= last; bucket++) {
                            dirty[layout.blockOf(bucket)] = true;
                        }
                    }
                    for (int i = 0; i < blocks; i++) {
                        if (!dirty[i]) {
                            continue;
                        }
                        if (n == at.length) {
                            at = java.util.Arrays.copyOf(at, 2 * n);
                        }
                        if (out.remaining() < blockBytes) {
                            ByteBuffer grown = ByteBuffer.allocate(2 * out.capacity());
                            out.flip();
                            grown.put(out);
                            out = grown;
                        }
                        long capped = layout.encode(tier, i, out);
                        if (capped > 0 && cappedCounts.getAndAdd(capped) == 0) {
                            log.warn(
                                    "Vigil history {}: a {} ms bucket of {} holds more samples than its count field "
                                            + "({} bits) holds: stored with {} samples and its mean",
                                    dir,
                                    resolutions[k],
                                    p.series.id(),
                                    layout.countBits,
                                    layout.maxCount);
                        }
                        at[n++] = layout.blockOffset(p.no, i);
                    }
                    p.writtenThrough[k] = last;
                    p.writtenTime[k] = tier.lastTime();
                }
            }
            bytes[k] = out.flip();
            offsets[k] = java.util.Arrays.copyOf(at, n);
        }
    }

    private ByteBuffer snapshotHead() {
        ByteBuffer out = ByteBuffer.allocate(4096);
        for (Persisted p : series) {
            long[] chunk;
            synchronized (p.series.lock()) {
                chunk = p.series.rawTier().openChunk();
            }
            if (chunk == null) {
                continue;
            }
            int words = GorillaChunk.words(GorillaChunk.bitLength(chunk));
            ByteBuffer payload = ByteBuffer.allocate(9 + 8 * words);
            payload.put(CHUNK_RECORD).putInt(p.no).putInt(words);
            for (int i = 0; i < words; i++) {
                payload.putLong(chunk[i]);
            }
            payload.flip();
            out = ensure(out, Records.HEADER + payload.remaining());
            Records.frame(payload, out);
        }
        return out.flip();
    }

    private void writeHead(ByteBuffer head) throws IOException {
        Path tmp = dir.resolve(HEAD + ".tmp");
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            bytesWritten.addAndGet(writeFully(ch, head));
            ch.force(true);
        }
        try {
            Files.move(tmp, dir.resolve(HEAD), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve(HEAD), StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory();
    }

    private void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can fsync a directory (Windows): the rename is then as durable as the OS makes it
        }
    }

    /** Deletes closed segments older than the raw retention, then the oldest ones while over the cap. */
    private void enforceBounds(long nowMillis) throws IOException {
        long horizon = nowMillis - rawRetentionMillis;
        while (!closedSegments.isEmpty() && closedSegments.firstEntry().getValue()[0] < horizon) {
            deleteOldestSegment();
        }
        while (!closedSegments.isEmpty() && diskBytes() > config.maxDiskBytes()) {
            deleteOldestSegment();
        }
    }

    private void deleteOldestSegment() throws IOException {
        Map.Entry<Long, long[]> oldest = closedSegments.pollFirstEntry();
        Files.deleteIfExists(segmentFile(dir, oldest.getKey()));
    }

    /** Bytes the history's files take (tier files by their length, sparse or not); writer thread only. */
    long diskBytes() throws IOException {
        long bytes = catalog.size() + segmentSize;
        for (FileChannel t : tierFiles) {
            bytes += t.size();
        }
        for (long[] s : closedSegments.values()) {
            bytes += s[1];
        }
        Path head = dir.resolve(HEAD);
        return bytes + (Files.exists(head) ? Files.size(head) : 0);
    }

    long bytesWritten() {
        return bytesWritten.get();
    }

    long unpersistedSeries() {
        return unpersistedSeries.get();
    }

    private void rollSegment() throws IOException {
        segment.close();
        closedSegments.put(segmentNumber, new long[] {segmentMaxTime, segmentSize});
        openSegment(segmentNumber + 1);
    }

    private void openSegment(long number) throws IOException {
        segmentNumber = number;
        segmentSize = 0;
        segmentMaxTime = Long.MIN_VALUE;
        segment = FileChannel.open(
                segmentFile(dir, number),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static int writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        int n = 0;
        while (b.hasRemaining()) {
            n += ch.write(b);
        }
        return n;
    }

    /** Waits for the checkpoint in flight, then closes the files; call {@link #checkpoint} first to write the last state. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            awaitInFlight();
        } finally {
            io.shutdown();
        }
        try {
            segment.close();
            if (segmentSize == 0) {
                Files.deleteIfExists(segmentFile(dir, segmentNumber));
            }
        } finally {
            catalog.close();
            for (FileChannel t : tierFiles) {
                t.close();
            }
        }
    }
}

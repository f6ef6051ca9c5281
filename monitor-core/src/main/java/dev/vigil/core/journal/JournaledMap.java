package dev.vigil.core.journal;

import dev.vigil.core.internal.Require;
import dev.vigil.core.internal.Threads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A string-to-string map kept durable in one directory as a checksummed append-only journal of
 * changes ({@code NAME.journal-G}) plus a snapshot ({@code NAME.snapshot}), written to a temporary
 * file, fsynced and renamed over the old one. Every {@link #put} and {@link #remove} is handed to
 * the operating system before it returns, so it survives the process being killed (SIGKILL); the
 * journal is fsynced every {@code fsyncInterval}, so a power loss or kernel crash loses at most
 * that much. A record whose CRC32C does not match (a torn write, a flipped bit) is skipped and
 * counted, never read as data.
 *
 * <p>The files are locked ({@code NAME.lock}) against a second process: opening a map another
 * process holds fails with an error naming the directory.
 *
 * <pre>{@code
 * try (JournaledMap state = JournaledMap.open(dir, "alerts", Duration.ofSeconds(1))) {
 *     state.put("alert/abc", "FIRING ...");
 *     Map<String, String> loaded = state.entries();
 * }
 * }</pre>
 */
public final class JournaledMap implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JournaledMap.class);

    /** Default fsync cadence of the journal: the bound on what a power loss can take. */
    public static final Duration DEFAULT_FSYNC_INTERVAL = Duration.ofSeconds(1);
    /** Marks the start of every record, so reading can find the next record after a bad one. */
    static final int MAGIC = 0x56474c31; // "VGL1"

    static final byte PUT = 'P';
    static final byte REMOVE = 'R';
    static final byte GENERATION = 'G';
    private static final int HEADER = 12; // magic, length, crc
    /** No record is larger: a larger length read back is garbage. */
    static final int MAX_RECORD = 1 << 20;

    private static final long MIN_COMPACT_BYTES = 1 << 20;

    private final Path directory;
    private final String name;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Map<String, String> entries = new LinkedHashMap<>();
    private final @Nullable ScheduledExecutorService syncer;
    private final long skipped;
    private FileChannel journal;
    private long generation;
    private long journalBytes;
    private long snapshotBytes;
    private boolean dirty;
    private boolean closed;

    @SuppressWarnings("FutureReturnValueIgnored") // the fsync task catches its own failures; close() stops it
    private JournaledMap(Path directory, String name, Duration fsyncInterval, @Nullable ThreadFactory threadFactory)
            throws IOException {
        this.directory = directory;
        this.name = name;
        Files.createDirectories(directory);
        Path lockFile = directory.resolve(name + ".lock");
        this.lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held;
        try {
            held = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            held = null;
        }
        if (held == null) {
            lockChannel.close();
            throw new IllegalStateException("state directory " + directory.toAbsolutePath() + " is in use: '" + name
                    + "' is locked by another process or another engine in this one (" + lockFile + ")");
        }
        this.lock = held;
        Reading reading = load();
        this.skipped = reading.skipped;
        if (skipped > 0) {
            log.warn(
                    "Vigil state '{}' in {}: skipped {} corrupt or torn record(s) (checksum mismatch)",
                    name,
                    directory,
                    skipped);
        }
        compact(); // a clean journal: a torn tail of the last one is never appended to
        if (fsyncInterval.isZero()) {
            syncer = null;
        } else {
            syncer = Executors.newSingleThreadScheduledExecutor(
                    Threads.factory(threadFactory, "vigil-state-fsync-" + name));
            long every = Math.max(1, fsyncInterval.toMillis());
            syncer.scheduleWithFixedDelay(this::syncQuietly, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Opens (creating if needed) the map {@code name} in {@code directory}, fsyncing its journal
     * every {@code fsyncInterval} ({@link Duration#ZERO}: on every write).
     *
     * @throws IllegalStateException when another process (or another open map here) holds it
     * @throws UncheckedIOException when the directory cannot be read or written
     */
    public static JournaledMap open(Path directory, String name, Duration fsyncInterval) {
        return open(directory, name, fsyncInterval, null);
    }

    /**
     * As {@link #open(Path, String, Duration)}, its fsync thread from {@code threadFactory} (null:
     * a daemon thread named {@code vigil-state-fsync-<name>}).
     */
    public static JournaledMap open(Path directory, String name, Duration fsyncInterval, ThreadFactory threadFactory) {
        Objects.requireNonNull(directory, "directory");
        if (name == null || !name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException(
                    "state name must be lower-case letters, digits and '-', got '" + name + "'");
        }
        Require.nonNegative("fsyncInterval", fsyncInterval);
        try {
            return new JournaledMap(directory, name, fsyncInterval, threadFactory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open state '" + name + "' in " + directory.toAbsolutePath(), e);
        }
    }

    /** The entries, as loaded and changed since; a copy. */
    public synchronized Map<String, String> entries() {
        return new LinkedHashMap<>(entries);
    }

    /** The value of {@code key}, or null. */
    public synchronized @Nullable String get(String key) {
        return entries.get(key);
    }

    /** Records from the files that failed their checksum and were skipped when opening. */
    public long skippedRecords() {
        return skipped;
    }

    /** Sets {@code key}; written to the operating system before it returns. */
    public synchronized void put(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (value.equals(entries.get(key))) {
            return;
        }
        append(record(PUT, key, value));
        entries.put(key, value);
        maybeCompact();
    }

    /** Removes {@code key}; written to the operating system before it returns. */
    public synchronized void remove(String key) {
        if (!entries.containsKey(key)) {
            return;
        }
        append(record(REMOVE, key, ""));
        entries.remove(key);
        maybeCompact();
    }

    /** Forces what was written to the disk now. */
    public synchronized void sync() {
        if (closed || !dirty) {
            return;
        }
        try {
            journal.force(false);
            dirty = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fsync state '" + name + "' in " + directory, e);
        }
    }

    private void syncQuietly() {
        try {
            sync();
        } catch (RuntimeException e) {
            log.warn("Vigil state '{}': fsync failed; will retry", name, e);
        }
    }

    /** Syncs, writes a final snapshot, and releases the lock. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            compact();
        } catch (RuntimeException e) {
            log.warn("Vigil state '{}': final snapshot failed; the journal still holds every change", name, e);
        }
        closed = true;
        if (syncer != null) {
            syncer.shutdownNow();
        }
        try {
            journal.force(false);
            journal.close();
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            log.warn("Vigil state '{}': closing failed", name, e);
        }
    }

    private void append(ByteBuffer record) {
        if (closed) {
            throw new IllegalStateException("state '" + name + "' is closed");
        }
        try {
            journalBytes += record.remaining();
            while (record.hasRemaining()) {
                journal.write(record);
            }
            dirty = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write state '" + name + "' in " + directory, e);
        }
    }

    private void maybeCompact() {
        if (journalBytes > Math.max(MIN_COMPACT_BYTES, 2 * snapshotBytes)) {
            compact();
        }
    }

    /**
     * Writes the whole map as the snapshot of generation G+1 (temporary file, fsync, atomic rename,
     * fsync of the directory), then starts journal G+1 and deletes older journals. A crash at any
     * point leaves either the old snapshot with its complete journal, or the new snapshot.
     */
    private void compact() {
        try {
            long next = generation + 1;
            Path tmp = directory.resolve(name + ".snapshot.tmp");
            Path snapshot = directory.resolve(name + ".snapshot");
            long size;
            try (FileChannel out = FileChannel.open(
                    tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                List<ByteBuffer> records = new ArrayList<>(entries.size() + 1);
                records.add(record(GENERATION, Long.toString(next), Integer.toString(entries.size())));
                for (Map.Entry<String, String> e : entries.entrySet()) {
                    records.add(record(PUT, e.getKey(), e.getValue()));
                }
                for (ByteBuffer b : records) {
                    while (b.hasRemaining()) {
                        out.write(b);
                    }
                }
                size = out.size();
                out.force(true);
            }
            try {
                Files.move(tmp, snapshot, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, snapshot, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory();
            FileChannel fresh = FileChannel.open(
                    journalPath(next),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            if (journal != null) {
                journal.close();
            }
            journal = fresh;
            generation = next;
            journalBytes = 0;
            snapshotBytes = size;
            dirty = false;
            for (long g : journalGenerations()) {
                if (g < next) {
                    Files.deleteIfExists(journalPath(g));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write snapshot of state '" + name + "' in " + directory, e);
        }
    }

    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can open a directory (Windows); the rename is still atomic there
        }
    }

    private Path journalPath(long g) {
        return directory.resolve(name + ".journal-" + g);
    }

    private List<Long> journalGenerations() throws IOException {
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, name + ".journal-*")) {
            for (Path p : files) {
                String suffix = p.getFileName().toString().substring(name.length() + ".journal-".length());
                try {
                    found.add(Long.parseLong(suffix));
                } catch (NumberFormatException e) {
                    // not ours
                }
            }
        }
        Collections.sort(found);
        return found;
    }

    private record Reading(long skipped) {}

    /** Loads the snapshot, then replays the journals of its generation and later ones in order. */
    private Reading load() throws IOException {
        long bad = 0;
        Path snapshot = directory.resolve(name + ".snapshot");
        long snapshotGeneration = 0;
        if (Files.exists(snapshot)) {
            Records r = Records.read(Files.readAllBytes(snapshot));
            bad += r.skipped();
            for (Records.Entry e : r.entries()) {
                if (e.op() == GENERATION) {
                    snapshotGeneration = Long.parseLong(e.key());
                } else if (e.op() == PUT) {
                    entries.put(e.key(), e.value());
                }
            }
        }
        generation = snapshotGeneration;
        for (long g : journalGenerations()) {
            if (g < snapshotGeneration) {
                continue; // already in the snapshot
            }
            Records r = Records.read(Files.readAllBytes(journalPath(g)));
            bad += r.skipped();
            for (Records.Entry e : r.entries()) {
                if (e.op() == PUT) {
                    entries.put(e.key(), e.value());
                } else if (e.op() == REMOVE) {
                    entries.remove(e.key());
                }
            }
            generation = Math.max(generation, g);
        }
        return new Reading(bad);
    }

    /** One record: magic, payload length, CRC32C of the payload, payload (op, key, 0, value; UTF-8). */
    static ByteBuffer record(byte op, String key, String value) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        int length = 1 + k.length + 1 + v.length;
        if (length > MAX_RECORD) {
            throw new IllegalArgumentException(
                    "state record for key '" + key + "' is " + length + " bytes, at most " + MAX_RECORD);
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER + length);
        b.putInt(MAGIC).putInt(length).putInt(0);
        b.put(op).put(k).put((byte) 0).put(v);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), HEADER, length);
        b.putInt(8, (int) crc.getValue());
        b.flip();
        return b;
    }

    /** Reads record files; public for the {@code dump-alert-state} command. */
    public record Records(List<Entry> entries, long skipped) {

        /** One record read back. */
        public record Entry(byte op, String key, String value) {}

        /**
         * Reads every record whose checksum matches; after a bad one, resumes at the next position
         * that starts a valid record.
         */
        public static Records read(byte[] data) {
            List<Entry> out = new ArrayList<>();
            long bad = 0;
            ByteBuffer b = ByteBuffer.wrap(data);
            int pos = 0;
            boolean inBadStretch = false;
            while (pos + HEADER <= data.length) {
                Entry e = at(b, data, pos);
                if (e != null) {
                    out.add(e);
                    pos += HEADER + b.getInt(pos + 4);
                    inBadStretch = false;
                } else {
                    if (!inBadStretch) {
                        bad++;
                        inBadStretch = true;
                    }
                    pos++;
                }
            }
            if (pos < data.length && !inBadStretch) {
                bad++; // a torn header at the end
            }
            return new Records(out, bad);
        }

        private static @Nullable Entry at(ByteBuffer b, byte[] data, int pos) {
            if (b.getInt(pos) != MAGIC) {
                return null;
            }
            int length = b.getInt(pos + 4);
            if (length < 2 || length > MAX_RECORD || pos + HEADER + length > data.length) {
                return null;
            }
            CRC32C crc = new CRC32C();
            crc.update(data, pos + HEADER, length);
            if ((int) crc.getValue() != b.getInt(pos + 8)) {
                return null;
            }
            int start = pos + HEADER + 1;
            int end = pos + HEADER + length;
            int zero = start;
            while (zero < end && data[zero] != 0) {
                zero++;
            }
            if (zero == end) {
                return null;
            }
            return new Entry(
                    data[pos + HEADER],
                    new String(data, start, zero - start, StandardCharsets.UTF_8),
                    new String(data, zero + 1, end - zero - 1, StandardCharsets.UTF_8));
        }

        /** The map these records make, applied in order. */
        public Map<String, String> apply(Map<String, String> into) {
            for (Entry e : entries) {
                if (e.op() == PUT) {
                    into.put(e.key(), e.value());
                } else if (e.op() == REMOVE) {
                    into.remove(e.key());
                }
            }
            return into;
        }
    }

    /**
     * What a directory holds for {@code name}, read without taking the lock (a map open in another
     * process may be appending: a record it is writing reads as skipped).
     *
     * @param entries the map the files make
     * @param skipped records that failed their checksum
     * @param files each file with its size in bytes, in reading order
     */
    public record Inspection(Map<String, String> entries, long skipped, Map<String, Long> files) {}

    /** Reads {@code name} in {@code directory} without locking it; for the dump command. */
    public static Inspection inspect(Path directory, String name) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        Map<String, Long> files = new LinkedHashMap<>();
        long bad = 0;
        long snapshotGeneration = 0;
        Path snapshot = directory.resolve(name + ".snapshot");
        if (Files.exists(snapshot)) {
            byte[] data = Files.readAllBytes(snapshot);
            files.put(snapshot.getFileName().toString(), (long) data.length);
            Records r = Records.read(data);
            bad += r.skipped();
            for (Records.Entry e : r.entries()) {
                if (e.op() == GENERATION) {
                    snapshotGeneration = Long.parseLong(e.key());
                }
            }
            r.apply(entries);
        }
        List<Path> journals = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(directory, name + ".journal-*")) {
            found.forEach(journals::add);
        }
        journals.sort(java.util.Comparator.comparingLong(p -> generationOf(p, name)));
        for (Path j : journals) {
            if (generationOf(j, name) < snapshotGeneration) {
                continue;
            }
            byte[] data = Files.readAllBytes(j);
            files.put(j.getFileName().toString(), (long) data.length);
            Records r = Records.read(data);
            bad += r.skipped();
            r.apply(entries);
        }
        return new Inspection(entries, bad, files);
    }

    private static long generationOf(Path journal, String name) {
        try {
            return Long.parseLong(journal.getFileName().toString().substring(name.length() + ".journal-".length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Sorted copy, for tests and dumps. */
    public synchronized Map<String, String> sorted() {
        return new TreeMap<>(entries);
    }
}

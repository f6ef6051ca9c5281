package dev.vigil.core.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A directory that holds Vigil's durable state, one sub-directory per component (history,
 * alerts, notifications), locked for as long as it is open so that two monitors never write the
 * same files. The lock is an OS file lock on {@value #LOCK_FILE}: it is released when the
 * process dies, however it dies, so a crash never leaves a stale lock behind.
 *
 * <p>One {@code Storage} is meant to be shared: the monitor, the alert engine and the
 * notifications each take their own {@link #directory(String)} of it. Whoever opened it closes
 * it; a {@link dev.vigil.core.Monitor} built with {@code storage(Path)} opens and closes its own.
 *
 * <pre>{@code
 * try (Storage storage = Storage.open(Path.of("vigil-data"))) {
 *     Monitor monitor = Monitor.builder().storage(storage).source(HostMetrics.create()).start();
 *     ...
 *     monitor.close();
 * }
 * }</pre>
 */
public final class Storage implements AutoCloseable {

    /** Name of the lock file in the root directory. */
    public static final String LOCK_FILE = "vigil.lock";

    private static final Pattern COMPONENT = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private volatile boolean closed;

    private Storage(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (creating it when absent) and locks {@code directory}.
     *
     * @throws StorageLockedException when another process, or another {@code Storage} of this
     *     JVM, holds the directory
     * @throws UncheckedIOException when the directory cannot be created or locked
     */
    public static Storage open(Path directory) {
        Objects.requireNonNull(directory, "directory");
        Path root = directory.toAbsolutePath().normalize();
        FileChannel channel = null;
        try {
            Files.createDirectories(root);
            channel = FileChannel.open(root.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this JVM
            }
            if (lock == null) {
                channel.close();
                throw new StorageLockedException(root);
            }
            return new Storage(root, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot open Vigil storage directory " + root + ": " + e.getMessage(), e);
        }
    }

    /** The root directory, absolute. */
    public Path root() {
        return root;
    }

    /**
     * The sub-directory of {@code component} (lower case letters, digits and dashes, such as
     * {@code "history"} or {@code "alerts"}), created when absent.
     */
    public Path directory(String component) {
        Objects.requireNonNull(component, "component");
        if (!COMPONENT.matcher(component).matches()) {
            throw new IllegalArgumentException(
                    "storage component must be lower case letters, digits and dashes, got '" + component + "'");
        }
        if (closed) {
            throw new IllegalStateException("storage " + root + " is closed");
        }
        Path dir = root.resolve(component);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Releases the lock; the files stay. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it as well
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(@Nullable FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was written through it
            }
        }
    }

    @Override
    public String toString() {
        return "Storage[" + root + (closed ? ", closed" : "") + "]";
    }
}

package dev.vigil.examples;

import dev.vigil.core.history.HistoryDump;
import dev.vigil.core.storage.Storage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code dump-storage DIR}: prints a Vigil storage directory as text (docs/storage.md): whether a
 * monitor holds it, then each component; the history in full (series, chunks with their
 * samples, tier buckets), other components as their files. Reads only, so it may run beside
 * the monitor that writes the directory. Exit code 1 when a corrupt record was found.
 */
final class DumpStorage {

    static final String NAME = "dump-storage";

    private DumpStorage() {}

    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        if (args.length != 2) {
            throw new UsageException(NAME + " takes one argument, the storage directory");
        }
        Path root = Path.of(args[1]);
        if (!Files.isDirectory(root)) {
            throw new UsageException(NAME + ": '" + root + "' is not a directory");
        }
        out.println("# Vigil storage " + root.toAbsolutePath().normalize() + " (" + lockState(root) + ")");
        int corrupt = 0;
        try (DirectoryStream<Path> components = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path component : sorted(components)) {
                out.println();
                out.println("## " + component.getFileName());
                if (component.getFileName().toString().equals("history")) {
                    corrupt += HistoryDump.dump(component, out);
                } else {
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(component)) {
                        for (Path f : sorted(files)) {
                            out.println(f.getFileName() + " " + Files.size(f) + " bytes");
                        }
                    }
                }
            }
        }
        if (corrupt > 0) {
            err.println(NAME + ": " + corrupt + " corrupt record(s) or slot(s), skipped as a restore skips them");
            return 1;
        }
        return 0;
    }

    private static java.util.List<Path> sorted(DirectoryStream<Path> paths) {
        java.util.List<Path> out = new java.util.ArrayList<>();
        paths.forEach(out::add);
        out.sort(null);
        return out;
    }

    /** Whether a monitor holds the directory, found by trying its lock without keeping it. */
    private static String lockState(Path root) {
        Path lock = root.resolve(Storage.LOCK_FILE);
        if (!Files.exists(lock)) {
            return "never opened by a monitor";
        }
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            FileLock held = ch.tryLock();
            if (held == null) {
                return "in use by a running monitor";
            }
            held.release();
            return "not in use";
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return "in use by a monitor of this process";
        } catch (IOException | RuntimeException e) {
            return "lock state unknown: " + e.getMessage();
        }
    }
}

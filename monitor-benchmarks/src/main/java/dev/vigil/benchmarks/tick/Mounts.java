package dev.vigil.benchmarks.tick;

import dev.vigil.core.host.HostMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The mounts {@link HostMetrics} reports by default, chosen the same way from
 * {@code /proc/self/mounts} with its public default exclusions, so that every baseline reads the
 * space of the same filesystems.
 *
 * <pre>{@code
 * List<Path> mounts = new Mounts().select();
 * }</pre>
 */
public final class Mounts {

    /** Reads the mount table and returns the mount points kept. */
    public List<Path> select() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"), StandardCharsets.UTF_8)) {
            String[] f = line.split(" ", -1);
            if (f.length >= 3 && keep(f[1], f[2])) {
                out.add(Path.of(f[1].replace("\\040", " ")));
            }
        }
        return out;
    }

    private static boolean keep(String point, String type) {
        for (String p = point; !p.isEmpty(); p = p.substring(0, Math.max(0, p.lastIndexOf('/')))) {
            if (HostMetrics.DEFAULT_EXCLUDED_MOUNT_POINTS.contains(p)) {
                return false;
            }
        }
        return point.equals("/")
                || !(HostMetrics.PSEUDO_FILESYSTEM_TYPES.contains(type)
                        || HostMetrics.NETWORK_FILESYSTEM_TYPES.contains(type));
    }
}

package dev.vigil.benchmarks.tick;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The mounts Vigil's host source reports by default, chosen the same way from
 * {@code /proc/self/mounts}, so that every baseline reads the space of the same filesystems.
 */
public final class Mounts {

    private static final Set<String> EXCLUDED_TYPES = Set.of(
            "proc", "sysfs", "devtmpfs", "devpts", "tmpfs", "cgroup", "cgroup2", "mqueue", "debugfs",
            "tracefs", "securityfs", "pstore", "bpf", "configfs", "fusectl", "hugetlbfs", "autofs",
            "binfmt_misc", "nsfs", "rpc_pipefs", "squashfs", "overlay", "nfs", "nfs4", "cifs", "smbfs",
            "sshfs", "fuse.sshfs", "9p");
    private static final List<String> EXCLUDED_PREFIXES = List.of("/proc", "/sys", "/dev", "/run");

    /** Reads the mount table and returns the mount points kept. */
    public List<Path> select() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"), StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            if (f.length < 3 || EXCLUDED_TYPES.contains(f[2]) || excludedPoint(f[1])) {
                continue;
            }
            out.add(Path.of(f[1].replace("\\040", " ")));
        }
        return out;
    }

    private static boolean excludedPoint(String point) {
        for (String prefix : EXCLUDED_PREFIXES) {
            if (point.equals(prefix) || point.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }
}

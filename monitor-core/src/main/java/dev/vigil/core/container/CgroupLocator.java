package dev.vigil.core.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Finds this process's cgroup from {@code /proc/self/cgroup} (which cgroup, per hierarchy) and
 * {@code /proc/self/mountinfo} (where each hierarchy is mounted, and from which of its paths), as
 * the JDK's own container support does. All paths are taken under {@code root}, so tests can
 * point it at a fixture tree.
 */
final class CgroupLocator {

    /** The v1 controllers Vigil reads. */
    static final Set<String> V1_CONTROLLERS = Set.of("cpu", "cpuacct", "memory", "pids", "blkio");

    private CgroupLocator() {}

    static Cgroup locate(Path root) throws IOException {
        List<String> membership = CgroupFiles.lines(root.resolve("proc/self/cgroup"));
        List<String> mounts = CgroupFiles.lines(root.resolve("proc/self/mountinfo"));
        Map<String, String> v1Paths = new HashMap<>();
        String v2Path = null;
        for (String line : membership) {
            String[] parts = line.split(":", 3);
            if (parts.length != 3) {
                continue;
            }
            if (parts[0].equals("0") && parts[1].isEmpty()) {
                v2Path = parts[2];
            } else {
                for (String controller : parts[1].split(",", -1)) {
                    v1Paths.put(controller, parts[2]);
                }
            }
        }
        Map<String, Path> v1Dirs = new HashMap<>();
        Path v2Dir = null;
        for (String line : mounts) {
            Mount m = Mount.parse(line);
            if (m == null) {
                continue;
            }
            if (m.fsType.equals("cgroup")) {
                for (String option : m.superOptions.split(",", -1)) {
                    String path = v1Paths.get(option);
                    if (V1_CONTROLLERS.contains(option) && path != null) {
                        v1Dirs.put(option, m.dirFor(root, path));
                    }
                }
            } else if (m.fsType.equals("cgroup2") && v2Path != null) {
                v2Dir = m.dirFor(root, v2Path);
            }
        }
        // On a hybrid host the controllers live in v1 and the unified mount holds none of them.
        if (!v1Dirs.isEmpty()) {
            return new Cgroup.V1(v1Dirs);
        }
        if (v2Dir != null) {
            return new Cgroup.V2(v2Dir);
        }
        return new Cgroup.None();
    }

    /** One line of mountinfo: fields, then {@code -}, then fs type, source and super options. */
    private record Mount(String mountRoot, String mountPoint, String fsType, String superOptions) {

        static @Nullable Mount parse(String line) {
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                return null;
            }
            String[] left = line.substring(0, dash).split(" ", -1);
            String[] right = line.substring(dash + 3).split(" ", -1);
            if (left.length < 5 || right.length < 3) {
                return null;
            }
            return new Mount(unescape(left[3]), unescape(left[4]), right[0], right[2]);
        }

        /**
         * The directory of cgroup {@code path} in this mount. The mount shows the hierarchy from
         * {@code mountRoot} down, so the path is taken relative to it; when the path is not under
         * it (a cgroup namespace shows "/" for the container's own cgroup) the mount point itself
         * is the process's cgroup.
         */
        Path dirFor(Path root, String path) {
            Path mount = root.resolve(relative(mountPoint));
            String rel;
            if (mountRoot.equals("/")) {
                rel = path;
            } else if (path.equals(mountRoot)) {
                rel = "/";
            } else if (path.startsWith(mountRoot + "/")) {
                rel = path.substring(mountRoot.length());
            } else {
                rel = "/";
            }
            Path dir = mount.resolve(relative(rel));
            return Files.isDirectory(dir) ? dir : mount;
        }

        private static String relative(String path) {
            return path.startsWith("/") ? path.substring(1) : path;
        }

        /** mountinfo writes space, tab, newline and backslash as octal escapes. */
        private static String unescape(String field) {
            return field.replace("\\040", " ")
                    .replace("\\011", "\t")
                    .replace("\\012", "\n")
                    .replace("\\134", "\\");
        }
    }
}

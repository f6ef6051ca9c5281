package dev.vigil.core.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fake file system root holding {@code proc/self/cgroup}, {@code proc/self/mountinfo} and the
 * cgroup files they point to, written the way the kernel writes them.
 */
final class CgroupTree {

    final Path root;

    private CgroupTree(Path root) {
        this.root = root;
    }

    /** A v2 tree: the process in {@code cgroupPath}, the hierarchy mounted at /sys/fs/cgroup from {@code mountRoot}. */
    static CgroupTree v2(Path root, String cgroupPath, String mountRoot) {
        CgroupTree tree = new CgroupTree(root);
        tree.write("proc/self/cgroup", "0::" + cgroupPath + "\n");
        tree.write(
                "proc/self/mountinfo",
                "25 30 0:22 / /proc rw,nosuid,nodev,noexec,relatime shared:14 - proc proc rw\n"
                        + "30 23 0:26 " + mountRoot + " /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4"
                        + " - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n");
        return tree;
    }

    /**
     * A v1 tree with cpu and cpuacct co-mounted, plus memory, pids and blkio, each mounted from
     * {@code mountRoot}; optionally an unused unified mount as on hybrid hosts.
     */
    static CgroupTree v1(Path root, String cgroupPath, String mountRoot, boolean hybrid) {
        CgroupTree tree = new CgroupTree(root);
        tree.write(
                "proc/self/cgroup",
                "12:pids:" + cgroupPath + "\n"
                        + "8:blkio:" + cgroupPath + "\n"
                        + "5:memory:" + cgroupPath + "\n"
                        + "3:cpu,cpuacct:" + cgroupPath + "\n"
                        + "1:name=systemd:" + cgroupPath + "\n"
                        + (hybrid ? "0::/user.slice\n" : ""));
        tree.write(
                "proc/self/mountinfo",
                "31 23 0:28 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755\n"
                        + (hybrid
                                ? "32 31 0:29 / /sys/fs/cgroup/unified rw,nosuid shared:10 - cgroup2 cgroup2 rw\n"
                                : "")
                        + "33 31 0:30 " + mountRoot
                        + " /sys/fs/cgroup/systemd rw shared:11 - cgroup cgroup rw,xattr,name=systemd\n"
                        + "36 31 0:33 " + mountRoot
                        + " /sys/fs/cgroup/cpu,cpuacct rw shared:16 - cgroup cgroup rw,cpu,cpuacct\n"
                        + "37 31 0:34 " + mountRoot + " /sys/fs/cgroup/memory rw shared:17 - cgroup cgroup rw,memory\n"
                        + "38 31 0:35 " + mountRoot + " /sys/fs/cgroup/blkio rw shared:18 - cgroup cgroup rw,blkio\n"
                        + "39 31 0:36 " + mountRoot + " /sys/fs/cgroup/pids rw shared:19 - cgroup cgroup rw,pids\n");
        return tree;
    }

    /** Writes {@code content} to {@code relativePath} under the root, creating folders. */
    CgroupTree write(String relativePath, String content) {
        try {
            Path file = root.resolve(relativePath);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

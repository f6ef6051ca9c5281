package dev.vigil.benchmarks.tick;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The floor: plain JDK code that reads the same {@code /proc} files, the same {@code statvfs}
 * data (through {@link FileStore}) and the same MXBeans as Vigil's default sources, on the same
 * schedule (filesystems every {@code filesystemEveryTicks} ticks, the rest every tick), and
 * builds nothing from them: no parsing beyond what finding the data needs, no series, no history.
 *
 * <pre>{@code
 * TickContender floor = new JdkFloor(new Mounts(), 60);
 * }</pre>
 */
public final class JdkFloor implements TickContender {

    private static final String[] EVERY_TICK = {
        "/proc/loadavg",
        "/proc/meminfo",
        "/proc/uptime",
        "/proc/sys/fs/file-nr",
        "/proc/diskstats",
        "/proc/net/dev",
        "/proc/self/status",
    };

    private final Mounts mounts;
    private final int filesystemEveryTicks;
    private final byte[] buf = new byte[16384];
    private final JvmReads jvm = new JvmReads();
    private final com.sun.management.UnixOperatingSystemMXBean os =
            (com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long ticks;
    private double sink;

    public JdkFloor(Mounts mounts, int filesystemEveryTicks) {
        this.mounts = mounts;
        this.filesystemEveryTicks = filesystemEveryTicks;
    }

    @Override
    public String name() {
        return "floor (plain JDK)";
    }

    @Override
    public String description() {
        return "reads /proc/stat (head), " + String.join(", ", EVERY_TICK)
                + ", lists /proc, process CPU time and fd counts, the JVM MXBeans; /proc/self/mounts and "
                + "FileStore space of the same mounts every " + filesystemEveryTicks + " ticks";
    }

    @Override
    public void tick() throws IOException {
        double s = 0;
        try (FileInputStream in = new FileInputStream("/proc/stat")) {
            s += in.read(buf, 0, 4096);
        }
        for (String path : EVERY_TICK) {
            s += readAll(path);
        }
        String[] pids = new File("/proc").list();
        s += pids == null ? 0 : pids.length;
        s += os.getProcessCpuTime() + os.getOpenFileDescriptorCount() + os.getMaxFileDescriptorCount();
        s += jvm.read();
        if (ticks++ % filesystemEveryTicks == 0) {
            for (Path mount : mounts.select()) {
                FileStore store = Files.getFileStore(mount);
                s += store.getTotalSpace() + store.getUsableSpace() + store.getUnallocatedSpace();
            }
        }
        sink += s;
    }

    private int readAll(String path) throws IOException {
        int len = 0;
        try (FileInputStream in = new FileInputStream(path)) {
            int n;
            while ((n = in.read(buf, len, buf.length - len)) > 0) {
                len += n;
                if (len == buf.length) {
                    len = 0; // only the cost of reading matters here, not the content
                }
            }
        }
        return len;
    }

    @Override
    public String toString() {
        return name() + " " + sink;
    }
}

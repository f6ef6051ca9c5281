package dev.vigil.alerts.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@link ProcessTable} read from {@code /proc} on Linux: no native code, so no JDK 24+
 * "restricted method" warning, and about the cost of OSHI's listing (one small file a process).
 *
 * <p>CPU is the process's share of one CPU over its lifetime (its user and system time over the
 * time since it started), as OSHI's {@code getProcessCpuLoadCumulative}; memory is the resident
 * set. Both come from {@code /proc/<pid>/stat}, whose clock ticks are taken as the Linux
 * default of 100 a second.
 */
final class ProcfsProcessTable implements ProcessTable {

    static final ProcfsProcessTable INSTANCE = new ProcfsProcessTable(Path.of("/proc"));

    private static final double TICKS_PER_SECOND = 100; // USER_HZ: 100 on every mainstream Linux build

    private final Path proc;

    ProcfsProcessTable(Path proc) {
        this.proc = proc;
    }

    static boolean available() {
        return Files.isReadable(Path.of("/proc/self/stat")) && Files.isReadable(Path.of("/proc/uptime"));
    }

    @Override
    public List<AlertReport.ProcessUsage> top(int limit, boolean byCpu) throws IOException {
        double uptimeSeconds = uptimeSeconds();
        long pageSize = pageSize();
        List<AlertReport.ProcessUsage> all = new ArrayList<>();
        try (DirectoryStream<Path> pids =
                Files.newDirectoryStream(proc, p -> isPid(p.getFileName().toString()))) {
            for (Path dir : pids) {
                AlertReport.ProcessUsage usage = read(dir, uptimeSeconds, pageSize);
                if (usage != null) {
                    all.add(usage);
                }
            }
        }
        Comparator<AlertReport.ProcessUsage> order = byCpu
                ? Comparator.comparingDouble(AlertReport.ProcessUsage::cpu)
                : Comparator.comparingLong(AlertReport.ProcessUsage::residentBytes);
        all.sort(order.reversed());
        return List.copyOf(all.subList(0, Math.min(limit, all.size())));
    }

    double uptimeSeconds() throws IOException {
        return Double.parseDouble(
                Files.readString(proc.resolve("uptime")).trim().split("\\s+", -1)[0]);
    }

    /** One process, or null when it ended while being read or its stat line is not understood. */
    static AlertReport.@Nullable ProcessUsage read(Path dir, double uptimeSeconds, long pageSize) {
        String stat;
        try {
            stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException gone) {
            return null;
        }
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            return null;
        }
        String[] f = stat.substring(close + 2).trim().split(" ", -1);
        // after comm, fields count from 3 (state); utime 14, stime 15, starttime 22, rss 24
        if (f.length < 22) {
            return null;
        }
        try {
            int pid = Integer.parseInt(stat.substring(0, open).trim());
            double cpuSeconds = (Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3])) / TICKS_PER_SECOND;
            double lifetime = uptimeSeconds - Long.parseLong(f[22 - 3]) / TICKS_PER_SECOND;
            double cpu = lifetime > 0 ? cpuSeconds / lifetime : 0;
            long rss = Long.parseLong(f[24 - 3]) * pageSize;
            return new AlertReport.ProcessUsage(pid, stat.substring(open + 1, close), cpu, rss);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The page size, from this process's resident set in pages and in kB; 4 KiB when unknown. */
    long pageSize() {
        try {
            long pages = Long.parseLong(
                    Files.readString(proc.resolve("self/statm")).trim().split("\\s+", -1)[1]);
            for (String line : Files.readAllLines(proc.resolve("self/status"))) {
                if (line.startsWith("VmRSS:") && pages > 0) {
                    long bytes = Long.parseLong(line.substring(6).trim().split("\\s+", -1)[0]) * 1024;
                    long estimate = Math.max(1, bytes / pages); // RSS may move between the two reads
                    long size = Long.highestOneBit(estimate + estimate / 2); // the nearest power of two
                    return size >= 4096 ? size : 4096;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return 4096;
    }

    private static boolean isPid(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "/proc processes";
    }
}

package dev.vigil.core.container;

import static dev.vigil.core.container.CgroupFiles.get;
import static dev.vigil.core.container.CgroupFiles.keyValues;
import static dev.vigil.core.container.CgroupFiles.limit;
import static dev.vigil.core.container.CgroupFiles.lines;
import static dev.vigil.core.container.CgroupFiles.number;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The cgroup directories of this process and how to read them, per hierarchy version. */
sealed interface Cgroup {

    CgroupVersion version();

    CgroupReading read() throws IOException;

    /** No cgroup: nothing to read. */
    record None() implements Cgroup {
        @Override
        public CgroupVersion version() {
            return CgroupVersion.NONE;
        }

        @Override
        public CgroupReading read() {
            double n = Double.NaN;
            return new CgroupReading(n, n, n, n, n, n, n, n, n, n, n, n, n);
        }
    }

    /** The unified hierarchy: every controller's files in one directory. */
    record V2(Path dir) implements Cgroup {
        @Override
        public CgroupVersion version() {
            return CgroupVersion.V2;
        }

        @Override
        public CgroupReading read() throws IOException {
            Map<String, Double> cpu = keyValues(dir.resolve("cpu.stat"));
            Map<String, Double> memory = keyValues(dir.resolve("memory.stat"));
            Map<String, Double> events = keyValues(dir.resolve("memory.events"));
            double[] io = ioStat(lines(dir.resolve("io.stat")));
            return new CgroupReading(
                    get(cpu, "usage_usec") / 1e6,
                    cpuMax(lines(dir.resolve("cpu.max"))),
                    get(cpu, "nr_periods"),
                    get(cpu, "nr_throttled"),
                    get(cpu, "throttled_usec") / 1e6,
                    number(dir.resolve("memory.current")),
                    get(memory, "inactive_file"),
                    limit(dir.resolve("memory.max")),
                    get(events, "oom_kill"),
                    number(dir.resolve("pids.current")),
                    limit(dir.resolve("pids.max")),
                    io[0],
                    io[1]);
        }

        /** {@code $QUOTA $PERIOD} or {@code max $PERIOD}. */
        private static double cpuMax(List<String> lines) {
            if (lines.isEmpty()) {
                return Double.NaN;
            }
            String[] parts = lines.get(0).trim().split("\\s+", -1);
            double quota = limit(parts[0]);
            double period = parts.length > 1 ? Double.parseDouble(parts[1]) : 100_000;
            return period > 0 ? quota / period : Double.NaN;
        }

        /** Sums {@code rbytes=} and {@code wbytes=} over the devices; NaN when the file is missing. */
        private static double[] ioStat(List<String> lines) {
            if (lines.isEmpty()) {
                return new double[] {Double.NaN, Double.NaN};
            }
            double read = 0;
            double written = 0;
            for (String line : lines) {
                for (String field : line.trim().split("\\s+", -1)) {
                    if (field.startsWith("rbytes=")) {
                        read += Double.parseDouble(field.substring(7));
                    } else if (field.startsWith("wbytes=")) {
                        written += Double.parseDouble(field.substring(7));
                    }
                }
            }
            return new double[] {read, written};
        }
    }

    /**
     * One hierarchy per controller; {@code dirs} maps a controller name ({@code cpu},
     * {@code cpuacct}, {@code memory}, {@code pids}, {@code blkio}) to its directory, when mounted.
     */
    record V1(Map<String, Path> dirs) implements Cgroup {
        public V1 {
            dirs = Map.copyOf(dirs);
        }

        @Override
        public CgroupVersion version() {
            return CgroupVersion.V1;
        }

        private @Nullable Path file(String controller, String name) {
            Path dir = dirs.get(controller);
            return dir == null ? null : dir.resolve(name);
        }

        @Override
        public CgroupReading read() throws IOException {
            Map<String, Double> cpu = keyValues(file("cpu", "cpu.stat"));
            Map<String, Double> memory = keyValues(file("memory", "memory.stat"));
            Map<String, Double> oom = keyValues(file("memory", "memory.oom_control"));
            double quota = limit(file("cpu", "cpu.cfs_quota_us"));
            double period = number(file("cpu", "cpu.cfs_period_us"));
            double inactive = get(memory, "total_inactive_file");
            double[] io = blkio();
            return new CgroupReading(
                    number(file("cpuacct", "cpuacct.usage")) / 1e9,
                    period > 0 ? quota / period : Double.NaN,
                    get(cpu, "nr_periods"),
                    get(cpu, "nr_throttled"),
                    get(cpu, "throttled_time") / 1e9,
                    number(file("memory", "memory.usage_in_bytes")),
                    Double.isNaN(inactive) ? get(memory, "inactive_file") : inactive,
                    limit(file("memory", "memory.limit_in_bytes")),
                    get(oom, "oom_kill"),
                    number(file("pids", "pids.current")),
                    limit(file("pids", "pids.max")),
                    io[0],
                    io[1]);
        }

        /**
         * The blkio files that count every I/O of the cgroup and its sub-cgroups, in the order
         * runc reads them for cAdvisor: BFQ, CFQ, then the throttling layer's recursive count.
         * The non-recursive {@code blkio.throttle.io_service_bytes} is not read: it leaves out
         * sub-cgroups, and since Linux 6.10 it counts nothing for a device until some cgroup sets
         * a throttle limit on it, so its zero means nothing.
         */
        static final List<String> BLKIO_FILES = List.of(
                "blkio.bfq.io_service_bytes_recursive",
                "blkio.io_service_bytes_recursive",
                "blkio.throttle.io_service_bytes_recursive");

        /**
         * Sums the {@code Read} and {@code Write} lines of {@code $MAJ:$MIN $OP $BYTES} of the first
         * of {@link #BLKIO_FILES} that lists a device; NaN (no series) when none does: an empty
         * file or one with only its {@code Total} line is a scheduler or layer that counted
         * nothing here, not a container that did no I/O.
         */
        private double[] blkio() throws IOException {
            for (String name : BLKIO_FILES) {
                List<String> lines = lines(file("blkio", name));
                if (lines.stream().anyMatch(l -> l.trim().split("\\s+").length == 3)) {
                    return sumReadWrite(lines);
                }
            }
            return new double[] {Double.NaN, Double.NaN};
        }

        private static double[] sumReadWrite(List<String> lines) {
            double read = 0;
            double written = 0;
            for (String line : lines) {
                String[] parts = line.trim().split("\\s+", -1);
                if (parts.length == 3 && parts[1].equals("Read")) {
                    read += Double.parseDouble(parts[2]);
                } else if (parts.length == 3 && parts[1].equals("Write")) {
                    written += Double.parseDouble(parts[2]);
                }
            }
            return new double[] {read, written};
        }
    }
}

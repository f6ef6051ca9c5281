package dev.vigil.core.host;

import dev.vigil.core.internal.Require;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.SeriesDescriptor;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.MetricSource;
import dev.vigil.core.source.SampleSink;
import dev.vigil.core.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;
import oshi.SystemInfo;

/**
 * The host's CPU, load, memory, swap, filesystems, disks, network interfaces, processes and
 * open files, as a {@link MetricSource}. Every series it can produce is listed by
 * {@link #describe()}.
 *
 * <p>On Linux it reads {@code /proc} directly (a few small files per tick); elsewhere it asks
 * OSHI, keeping OSHI's objects across ticks. It never lists processes one by one.
 *
 * <p>CPU utilization comes from the difference between this tick's cumulative CPU times and the
 * previous tick's, which the source keeps itself: the first tick has no CPU values. Disk and
 * network series are counters: the monitor records their per-second rates from the second tick.
 * An instance keeps that state between ticks: give each monitor its own.
 *
 * <p>Filesystems are read less often than every tick (every {@link #DEFAULT_FILESYSTEM_REFRESH}
 * by default) and off the sampling thread, because {@code statvfs} on a stale network mount can
 * hang for minutes: the read runs on a daemon thread named {@code vigil-filesystem-N}, started
 * when needed and ended when idle; the tick that starts a refresh waits at most the filesystem
 * deadline; every tick reports the last good values; a mount whose read has not returned is
 * UNKNOWN. {@link #close()} stops those threads. By default pseudo filesystems ({@link
 * #PSEUDO_FILESYSTEM_TYPES}), network filesystems ({@link #NETWORK_FILESYSTEM_TYPES}) and
 * container internals ({@link #DEFAULT_EXCLUDED_MOUNT_POINTS}) are left out; the root mount
 * {@code /} is always kept, whatever its type (a container's root is {@code overlay}).
 *
 * <p>Partitions, loop, RAM and floppy devices ({@link #DEFAULT_EXCLUDED_DEVICES}) and the loopback
 * interface ({@link #DEFAULT_EXCLUDED_INTERFACES}) are left out by default.
 *
 * <pre>{@code
 * try (HostMetrics host = HostMetrics.builder()
 *         .includeFilesystemTypes("nfs4")            // also watch the NFS home directories
 *         .excludeMountPoints("/boot/efi")
 *         .filesystemRefresh(Duration.ofSeconds(30))
 *         .build();
 *      Monitor monitor = Monitor.builder().source(host).start()) {
 *     ...
 * }
 * }</pre>
 */
public final class HostMetrics implements MetricSource, AutoCloseable {

    /** How often filesystems are read by default. */
    public static final Duration DEFAULT_FILESYSTEM_REFRESH = Duration.ofSeconds(60);
    /** How long a tick waits for filesystem reads by default. */
    public static final Duration DEFAULT_FILESYSTEM_DEADLINE = Duration.ofSeconds(1);

    /** Filesystem types without disk space of their own, left out by default. */
    public static final Set<String> PSEUDO_FILESYSTEM_TYPES = Set.of(
            "autofs",
            "binfmt_misc",
            "bpf",
            "cgroup",
            "cgroup2",
            "configfs",
            "debugfs",
            "devpts",
            "devtmpfs",
            "efivarfs",
            "erofs",
            "fusectl",
            "fuse.gvfsd-fuse",
            "fuse.lxcfs",
            "fuse.portal",
            "fuse.snapfuse",
            "hugetlbfs",
            "iso9660",
            "mqueue",
            "nsfs",
            "nfsd",
            "overlay",
            "proc",
            "procfs",
            "pstore",
            "ramfs",
            "rootfs",
            "rpc_pipefs",
            "securityfs",
            "selinuxfs",
            "squashfs",
            "sysfs",
            "tmpfs",
            "tracefs");

    /**
     * Network filesystem types, left out by default: reading one can hang when its server is
     * gone, and its fullness is the server's business.
     */
    public static final Set<String> NETWORK_FILESYSTEM_TYPES = Set.of(
            "9p",
            "afs",
            "ceph",
            "cifs",
            "davfs",
            "fuse.ceph-fuse",
            "fuse.gcsfuse",
            "fuse.glusterfs",
            "fuse.rclone",
            "fuse.s3fs",
            "fuse.sshfs",
            "glusterfs",
            "lustre",
            "ncpfs",
            "nfs",
            "nfs4",
            "smb3",
            "smbfs");

    /**
     * Mount points left out by default, with everything below them: kernel trees, container
     * runtimes' layers, and the files Docker bind-mounts into a container.
     */
    public static final Set<String> DEFAULT_EXCLUDED_MOUNT_POINTS = Set.of(
            "/proc",
            "/sys",
            "/run/credentials",
            "/var/lib/docker",
            "/var/lib/containers/storage",
            "/var/lib/kubelet/pods",
            "/snap",
            "/etc/hosts",
            "/etc/hostname",
            "/etc/resolv.conf");

    /** Block devices left out by default: RAM, loop, floppy, CD and partitions of whole disks. */
    public static final String DEFAULT_EXCLUDED_DEVICES =
            "(z?ram|loop|fd|sr|(h|s|v|xv)d[a-z]+|nvme\\d+n\\d+p|mmcblk\\d+p)\\d+";

    /** Network interfaces left out by default: the loopback. */
    public static final String DEFAULT_EXCLUDED_INTERFACES = "lo\\d*";

    static final String[] CPU_MODE_NAMES = {"user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"};

    private static final MetricId CPU_USAGE = MetricId.of("system.cpu.usage");
    private static final MetricId CPU_COUNT = MetricId.of("system.cpu.count");
    private static final MetricId[] CPU_MODE = new MetricId[HostReader.CPU_MODES];
    private static final MetricId LOAD_1 = MetricId.of("system.load.average.1m");
    private static final MetricId LOAD_5 = MetricId.of("system.load.average.5m");
    private static final MetricId LOAD_15 = MetricId.of("system.load.average.15m");
    private static final MetricId MEMORY_TOTAL = MetricId.of("system.memory.total");
    private static final MetricId MEMORY_AVAILABLE = MetricId.of("system.memory.available");
    private static final MetricId MEMORY_USED = MetricId.of("system.memory.used");
    private static final MetricId MEMORY_USAGE = MetricId.of("system.memory.usage");
    private static final MetricId SWAP_TOTAL = MetricId.of("system.swap.total");
    private static final MetricId SWAP_USED = MetricId.of("system.swap.used");
    private static final MetricId SWAP_USAGE = MetricId.of("system.swap.usage");
    private static final MetricId PROCESSES = MetricId.of("system.processes");
    private static final MetricId THREADS = MetricId.of("system.threads");
    private static final MetricId UPTIME = MetricId.of("system.uptime");
    private static final MetricId FILES_OPEN = MetricId.of("system.files.open");
    private static final MetricId FILES_MAX = MetricId.of("system.files.max");

    static {
        for (int i = 0; i < CPU_MODE.length; i++) {
            CPU_MODE[i] = MetricId.of("system.cpu.mode.usage", "mode", CPU_MODE_NAMES[i]);
        }
    }

    private final HostReader reader;
    private final FilesystemSampler filesystems;
    private final Pattern excludedDevices;
    private final Pattern excludedInterfaces;

    // sampling state: only touched by sample(), which the monitor never calls concurrently
    private long[] previousTicks = new long[HostReader.CPU_MODES];
    private long[] currentTicks = new long[HostReader.CPU_MODES];
    private boolean havePreviousTicks;
    private final double[] load = new double[4];
    private final long[] memory = new long[4];
    private final long[] files = new long[2];
    /** Per device name: its series (none when excluded). */
    private final Map<String, DeviceSeries> disks = new HashMap<>();
    /** Per interface name: its series (none when excluded). */
    private final Map<String, DeviceSeries> interfaces = new HashMap<>();

    private @Nullable SampleSink sink;
    private static final long PROCESS_COUNT_REFRESH_NANOS = 10_000_000_000L;
    private final Clock clock;
    private long processCount = -1;
    private long processCountNanos;
    /** Number of the current sample() call, to find devices no longer listed. */
    private long pass;

    private final HostReader.DiskVisitor diskVisitor = this::disk;
    private final HostReader.InterfaceVisitor interfaceVisitor = this::networkInterface;

    private HostMetrics(Builder b) {
        boolean procfs = ProcfsHostReader.available();
        SystemInfo oshi = procfs ? null : new SystemInfo(); // lazy itself: costs nothing until asked
        this.reader = b.reader != null ? b.reader : procfs ? new ProcfsHostReader() : new OshiHostReader(oshi);
        this.clock = b.clock;
        FilesystemReader fsReader = b.filesystemReader != null
                ? b.filesystemReader
                : procfs
                        ? new LinuxFilesystemReader()
                        : new OshiFilesystemReader(oshi.getOperatingSystem().getFileSystem());
        Set<String> excludedTypes = new LinkedHashSet<>(PSEUDO_FILESYSTEM_TYPES);
        excludedTypes.addAll(NETWORK_FILESYSTEM_TYPES);
        excludedTypes.addAll(b.excludeTypes);
        Set<String> excludedMounts = new LinkedHashSet<>(DEFAULT_EXCLUDED_MOUNT_POINTS);
        excludedMounts.addAll(b.excludeMounts);
        FilesystemFilter filter = new FilesystemFilter(b.includeTypes, excludedTypes, b.includeMounts, excludedMounts);
        this.filesystems = new FilesystemSampler(
                fsReader, filter, b.filesystemRefresh.toNanos(), b.filesystemDeadline.toNanos(), b.clock);
        this.excludedDevices = b.excludedDevices;
        this.excludedInterfaces = b.excludedInterfaces;
    }

    /** A source with the default options. */
    public static HostMetrics create() {
        return builder().build();
    }

    /** A builder for a source with options. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "host";
    }

    /**
     * Never blocks: called on the sampling thread. Reads /proc (or OSHI) only; filesystems, which
     * can hang, are read on a thread of their own.
     */
    @Override
    public boolean mayBlock() {
        return false;
    }

    @Override
    public List<SeriesDescriptor> describe() {
        return HostSeries.DESCRIPTORS;
    }

    @Override
    public void sample(SampleSink sink) {
        this.sink = sink;
        pass++;
        try {
            cpu(sink);
            loadAndThreads(sink);
            memory(sink);
            misc(sink);
            filesystems.sample(sink);
            blockDevices(sink);
            networkInterfaces(sink);
        } finally {
            this.sink = null;
        }
    }

    private void cpu(SampleSink sink) {
        int count = reader.logicalProcessors();
        if (count > 0) {
            sink.gauge(CPU_COUNT, Unit.CORES, count);
        }
        long[] now = currentTicks;
        boolean read;
        try {
            read = reader.cpuTicks(now);
        } catch (Exception e) {
            read = false;
        }
        if (!read) {
            if (havePreviousTicks) {
                sink.unknown(CPU_USAGE, Unit.RATIO);
                for (MetricId id : CPU_MODE) {
                    sink.unknown(id, Unit.RATIO);
                }
            }
            return;
        }
        if (!havePreviousTicks) {
            swapTicks();
            havePreviousTicks = true;
            return;
        }
        long[] before = previousTicks;
        long total = 0;
        for (int i = 0; i < now.length; i++) {
            total += Math.max(0, now[i] - before[i]);
        }
        if (total <= 0) {
            return; // no clock tick elapsed since the last sample: keep the older snapshot
        }
        for (int i = 0; i < now.length; i++) {
            sink.gauge(CPU_MODE[i], Unit.RATIO, (double) Math.max(0, now[i] - before[i]) / total);
        }
        long idle = Math.max(0, now[3] - before[3]) + Math.max(0, now[4] - before[4]);
        sink.gauge(CPU_USAGE, Unit.RATIO, (double) (total - idle) / total);
        swapTicks();
    }

    private void swapTicks() {
        long[] t = previousTicks;
        previousTicks = currentTicks;
        currentTicks = t;
    }

    private void loadAndThreads(SampleSink sink) {
        boolean read;
        try {
            read = reader.loadAverage(load);
        } catch (Exception e) {
            read = false;
        }
        if (!read) {
            sink.unknown(LOAD_1, Unit.NONE);
            sink.unknown(LOAD_5, Unit.NONE);
            sink.unknown(LOAD_15, Unit.NONE);
            return;
        }
        sink.gauge(LOAD_1, Unit.NONE, load[0]);
        sink.gauge(LOAD_5, Unit.NONE, load[1]);
        sink.gauge(LOAD_15, Unit.NONE, load[2]);
        if (!Double.isNaN(load[3])) {
            sink.gauge(THREADS, Unit.NONE, load[3]);
        }
    }

    private void memory(SampleSink sink) {
        boolean read;
        try {
            read = reader.memory(memory);
        } catch (Exception e) {
            read = false;
        }
        if (!read) {
            for (MetricId id : List.of(MEMORY_TOTAL, MEMORY_AVAILABLE, MEMORY_USED)) {
                sink.unknown(id, Unit.BYTES);
            }
            sink.unknown(MEMORY_USAGE, Unit.RATIO);
            return;
        }
        long total = memory[0];
        long available = Math.min(memory[1], total);
        sink.gauge(MEMORY_TOTAL, Unit.BYTES, (double) total);
        sink.gauge(MEMORY_AVAILABLE, Unit.BYTES, (double) available);
        sink.gauge(MEMORY_USED, Unit.BYTES, (double) (total - available));
        sink.gauge(MEMORY_USAGE, Unit.RATIO, total > 0 ? (double) (total - available) / total : 0);
        long swapTotal = memory[2];
        long swapFree = memory[3];
        if (swapTotal >= 0 && swapFree >= 0) {
            long swapUsed = Math.max(0, swapTotal - swapFree);
            sink.gauge(SWAP_TOTAL, Unit.BYTES, (double) swapTotal);
            sink.gauge(SWAP_USED, Unit.BYTES, (double) swapUsed);
            if (swapTotal > 0) {
                sink.gauge(SWAP_USAGE, Unit.RATIO, (double) swapUsed / swapTotal);
            }
        }
    }

    private void misc(SampleSink sink) {
        try {
            double up = reader.uptimeSeconds();
            if (!Double.isNaN(up)) {
                sink.gauge(UPTIME, Unit.SECONDS, up);
            }
        } catch (Exception e) {
            sink.unknown(UPTIME, Unit.SECONDS);
        }
        try {
            long now = clock.monotonicNanos();
            if (processCount < 0 || now - processCountNanos >= PROCESS_COUNT_REFRESH_NANOS) {
                // the only count is a listing of /proc, a String per entry: not worth it every second
                processCount = reader.processCount();
                processCountNanos = now;
            }
            if (processCount >= 0) {
                sink.gauge(PROCESSES, Unit.NONE, (double) processCount);
            }
        } catch (Exception e) {
            processCount = -1;
            sink.unknown(PROCESSES, Unit.NONE);
        }
        try {
            if (reader.files(files)) {
                sink.gauge(FILES_OPEN, Unit.NONE, (double) files[0]);
                if (files[1] > 0) {
                    sink.gauge(FILES_MAX, Unit.NONE, (double) files[1]);
                }
            }
        } catch (Exception e) {
            sink.unknown(FILES_OPEN, Unit.NONE);
        }
    }

    private void blockDevices(SampleSink sink) {
        try {
            reader.disks(diskVisitor);
            forgetVanished(disks);
        } catch (Exception e) {
            unknown(disks, sink);
        }
    }

    /** Devices and interfaces that came and went (veth churn, hot-unplug) must not accumulate. */
    private void forgetVanished(Map<String, DeviceSeries> known) {
        // a plain loop: a capturing lambda here would be one more allocation on every tick
        for (Iterator<DeviceSeries> it = known.values().iterator(); it.hasNext(); ) {
            if (it.next().seenPass != pass) {
                it.remove();
            }
        }
    }

    private void disk(String name, long reads, long readBytes, long writes, long writeBytes, long busyMillis) {
        DeviceSeries series = disks.get(name);
        if (series == null) {
            series = excludedDevices.matcher(name).matches()
                    ? DeviceSeries.excluded()
                    : new DeviceSeries(DISK_SERIES, DISK_UNITS, "device", name);
            disks.put(name, series);
        }
        series.seenPass = pass;
        if (!series.isExcluded()) {
            series.counter(sink, 0, (double) readBytes);
            series.counter(sink, 1, (double) writeBytes);
            series.counter(sink, 2, (double) reads);
            series.counter(sink, 3, (double) writes);
            series.counter(sink, 4, busyMillis < 0 ? -1 : busyMillis / 1000.0);
        }
    }

    private void networkInterfaces(SampleSink sink) {
        try {
            reader.interfaces(interfaceVisitor);
            forgetVanished(interfaces);
        } catch (Exception e) {
            unknown(interfaces, sink);
        }
    }

    private void networkInterface(
            String name,
            long rxBytes,
            long rxPackets,
            long rxErrors,
            long rxDrops,
            long txBytes,
            long txPackets,
            long txErrors,
            long txDrops) {
        DeviceSeries series = interfaces.get(name);
        if (series == null) {
            series = excludedInterfaces.matcher(name).matches()
                    ? DeviceSeries.excluded()
                    : new DeviceSeries(INTERFACE_SERIES, INTERFACE_UNITS, "interface", name);
            interfaces.put(name, series);
        }
        series.seenPass = pass;
        if (!series.isExcluded()) {
            series.counter(sink, 0, (double) rxBytes);
            series.counter(sink, 1, (double) txBytes);
            series.counter(sink, 2, (double) rxPackets);
            series.counter(sink, 3, (double) txPackets);
            series.counter(sink, 4, (double) rxErrors);
            series.counter(sink, 5, (double) txErrors);
            series.counter(sink, 6, (double) rxDrops);
            series.counter(sink, 7, (double) txDrops);
        }
    }

    private static void unknown(Map<String, DeviceSeries> known, SampleSink sink) {
        for (DeviceSeries series : known.values()) {
            series.unknown(sink); // an excluded one has no series
        }
    }

    /**
     * Stops the filesystem refresh threads, if any run, and closes the {@code /proc} files kept
     * open between ticks. Sampling again afterwards opens them and starts the threads again when a
     * refresh is due. Idempotent.
     */
    @Override
    public void close() {
        filesystems.close();
        reader.close();
    }

    FilesystemSampler filesystems() {
        return filesystems;
    }

    @Override
    public String toString() {
        return "HostMetrics[" + reader.getClass().getSimpleName() + "]";
    }

    /** Disk series, in the order {@link #disk} writes them. */
    private static final String[] DISK_SERIES = {
        "disk.read.bytes", "disk.write.bytes", "disk.read.ops", "disk.write.ops", "disk.io.busy"
    };

    private static final Unit[] DISK_UNITS = {
        Unit.BYTES_PER_SECOND, Unit.BYTES_PER_SECOND, Unit.PER_SECOND, Unit.PER_SECOND, Unit.SECONDS_PER_SECOND
    };
    /** Interface series, in the order {@link #networkInterface} writes them. */
    private static final String[] INTERFACE_SERIES = {
        "network.receive.bytes", "network.transmit.bytes", "network.receive.packets", "network.transmit.packets",
        "network.receive.errors", "network.transmit.errors", "network.receive.drops", "network.transmit.drops"
    };

    private static final Unit[] INTERFACE_UNITS = {
        Unit.BYTES_PER_SECOND, Unit.BYTES_PER_SECOND, Unit.PER_SECOND, Unit.PER_SECOND,
        Unit.PER_SECOND, Unit.PER_SECOND, Unit.PER_SECOND, Unit.PER_SECOND
    };

    /** The counter series of one disk or interface, their ids built once. */
    private static final class DeviceSeries {
        private static final String[] NO_NAMES = new String[0];
        private static final Unit[] NO_UNITS = new Unit[0];

        final MetricId[] ids;
        final Unit[] units;
        long seenPass;

        /** A device or interface the filters leave out: remembered so the filter runs once. */
        static DeviceSeries excluded() {
            return new DeviceSeries(NO_NAMES, NO_UNITS, "device", "none");
        }

        boolean isExcluded() {
            return ids.length == 0;
        }

        DeviceSeries(String[] names, Unit[] units, String tag, String device) {
            this.ids = new MetricId[names.length];
            this.units = units;
            for (int i = 0; i < names.length; i++) {
                ids[i] = MetricId.of(names[i], tag, device);
            }
        }

        void counter(SampleSink sink, int index, double total) {
            if (total >= 0) {
                sink.counter(ids[index], units[index], total);
            }
        }

        void unknown(SampleSink sink) {
            for (int i = 0; i < ids.length; i++) {
                sink.unknown(ids[i], units[i]);
            }
        }
    }

    /**
     * Options of {@link HostMetrics}; each setter checks its argument and names it when it
     * rejects it.
     *
     * <pre>{@code
     * HostMetrics host = HostMetrics.builder().excludeFilesystemTypes("vfat").build();
     * }</pre>
     */
    public static final class Builder {
        private final Set<String> includeTypes = new LinkedHashSet<>();
        private final Set<String> excludeTypes = new LinkedHashSet<>();
        private final Set<String> includeMounts = new LinkedHashSet<>();
        private final Set<String> excludeMounts = new LinkedHashSet<>();
        private Duration filesystemRefresh = DEFAULT_FILESYSTEM_REFRESH;
        private Duration filesystemDeadline = DEFAULT_FILESYSTEM_DEADLINE;
        private Pattern excludedDevices = Pattern.compile(DEFAULT_EXCLUDED_DEVICES);
        private Pattern excludedInterfaces = Pattern.compile(DEFAULT_EXCLUDED_INTERFACES);
        private @Nullable HostReader reader;
        private @Nullable FilesystemReader filesystemReader;
        private Clock clock = Clock.system();

        private Builder() {}

        /**
         * Filesystem types to report although they are excluded by default, e.g. {@code "tmpfs"}
         * or {@code "nfs4"}.
         */
        public Builder includeFilesystemTypes(String... types) {
            addAll(includeTypes, "includeFilesystemTypes", types);
            return this;
        }

        /** Filesystem types to leave out, in addition to the default ones. */
        public Builder excludeFilesystemTypes(String... types) {
            addAll(excludeTypes, "excludeFilesystemTypes", types);
            return this;
        }

        /** Mount points to report whatever their type, e.g. {@code "/dev/shm"}; exact matches. */
        public Builder includeMountPoints(String... mountPoints) {
            addAll(includeMounts, "includeMountPoints", mountPoints);
            return this;
        }

        /**
         * Mount points to leave out, with the mounts below them (but {@code "/"} only itself), in
         * addition to {@link #DEFAULT_EXCLUDED_MOUNT_POINTS}.
         */
        public Builder excludeMountPoints(String... mountPoints) {
            addAll(excludeMounts, "excludeMountPoints", mountPoints);
            return this;
        }

        /** How often filesystems are read; positive. Default {@link #DEFAULT_FILESYSTEM_REFRESH}. */
        public Builder filesystemRefresh(Duration refresh) {
            this.filesystemRefresh = Require.positive("filesystemRefresh", refresh);
            return this;
        }

        /**
         * How long the tick that starts a filesystem refresh waits for the reads; positive, and
         * best well under the monitor's source deadline. Default {@link #DEFAULT_FILESYSTEM_DEADLINE}.
         */
        public Builder filesystemDeadline(Duration deadline) {
            this.filesystemDeadline = Require.positive("filesystemDeadline", deadline);
            return this;
        }

        /**
         * Block devices to leave out, as a regular expression matched against the whole device
         * name. Replaces {@link #DEFAULT_EXCLUDED_DEVICES}.
         */
        public Builder excludeDevices(String regex) {
            this.excludedDevices = pattern("excludeDevices", regex);
            return this;
        }

        /**
         * Network interfaces to leave out, as a regular expression matched against the whole
         * interface name. Replaces {@link #DEFAULT_EXCLUDED_INTERFACES}; {@code "(lo|veth.*)"}
         * also drops containers' virtual ends, {@code "$^"} keeps the loopback.
         */
        public Builder excludeInterfaces(String regex) {
            this.excludedInterfaces = pattern("excludeInterfaces", regex);
            return this;
        }

        Builder reader(HostReader reader) {
            this.reader = Objects.requireNonNull(reader, "reader");
            return this;
        }

        Builder filesystemReader(FilesystemReader reader) {
            this.filesystemReader = Objects.requireNonNull(reader, "filesystemReader");
            return this;
        }

        Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the source.
         *
         * @throws IllegalArgumentException when the filesystem deadline is not shorter than the
         *     refresh period
         */
        public HostMetrics build() {
            if (filesystemDeadline.compareTo(filesystemRefresh) >= 0) {
                throw new IllegalArgumentException("filesystemDeadline must be shorter than filesystemRefresh ("
                        + filesystemRefresh + "), got " + filesystemDeadline);
            }
            return new HostMetrics(this);
        }

        private static void addAll(Set<String> into, String field, String... values) {
            Objects.requireNonNull(values, field);
            for (String v : values) {
                if (v == null || v.isBlank()) {
                    throw new IllegalArgumentException(
                            field + " must not contain a null or blank value, got '" + v + "'");
                }
                into.add(v);
            }
        }

        private static Pattern pattern(String field, String regex) {
            Objects.requireNonNull(regex, field);
            try {
                return Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(
                        field + " is not a valid regular expression: '" + regex + "' (" + e.getDescription() + ")", e);
            }
        }
    }
}

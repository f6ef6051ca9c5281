package dev.vigil.core.container;

import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.SeriesDescriptor;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.MetricSource;
import dev.vigil.core.source.SampleSink;
import dev.vigil.core.time.Clock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The container's usage and limits as the JVM's cgroup (v2 or v1) accounts them: what cAdvisor
 * reports from outside, read from inside. The cgroup is found once, when built; each tick reads
 * its files (a dozen small reads).
 *
 * <p>A limit that is not set ({@code max} in v2, -1 or a near-{@code Long.MAX_VALUE} value in v1)
 * has no series, and neither has its ratio: it is never reported as zero or as the host's figure.
 * Cumulative totals go to the monitor as counters (recorded as rates, resets handled there);
 * ratios between two readings (CPU use of the limit, throttled share of periods) are computed
 * here, over the time between two samples on the injected clock, and start on the second sample.
 *
 * <pre>{@code
 * ContainerMetrics container = ContainerMetrics.create();
 * if (container.hasLimits()) {
 *     monitor = Monitor.builder().source(container).start();
 * }
 * }</pre>
 */
public final class ContainerMetrics implements MetricSource {

    static final MetricId CPU_USAGE = MetricId.of("container.cpu.usage");
    static final MetricId CPU_LIMIT = MetricId.of("container.cpu.limit");
    static final MetricId CPU_UTILIZATION = MetricId.of("container.cpu.utilization");
    static final MetricId CPU_THROTTLED_PERIODS = MetricId.of("container.cpu.throttled.periods");
    static final MetricId CPU_THROTTLED_TIME = MetricId.of("container.cpu.throttled.time");
    static final MetricId MEMORY_USAGE = MetricId.of("container.memory.usage");
    static final MetricId MEMORY_WORKING_SET = MetricId.of("container.memory.working_set");
    static final MetricId MEMORY_LIMIT = MetricId.of("container.memory.limit");
    static final MetricId MEMORY_UTILIZATION = MetricId.of("container.memory.utilization");
    static final MetricId MEMORY_OOM_KILLS = MetricId.of("container.memory.oom_kills");
    static final MetricId PIDS_CURRENT = MetricId.of("container.pids.current");
    static final MetricId PIDS_MAX = MetricId.of("container.pids.max");
    static final MetricId IO_READ = MetricId.of("container.io.read.bytes");
    static final MetricId IO_WRITE = MetricId.of("container.io.write.bytes");

    private static final List<SeriesDescriptor> DESCRIPTORS = List.of(
            SeriesDescriptor.counter(
                            CPU_USAGE.name(),
                            Unit.SECONDS_PER_SECOND,
                            "CPU seconds used by the container per second of wall time, in cores: 1 is one core busy")
                    .withEquivalent("container_cpu_usage_seconds_total"),
            SeriesDescriptor.gauge(
                            CPU_LIMIT.name(),
                            Unit.CORES,
                            "CPU limit in cores, the CFS quota divided by the period; absent when unlimited")
                    .withEquivalent("container_spec_cpu_quota / container_spec_cpu_period"),
            SeriesDescriptor.gauge(
                    CPU_UTILIZATION.name(),
                    Unit.RATIO,
                    "CPU usage as a share of the CPU limit between two samples; absent when unlimited"),
            SeriesDescriptor.gauge(
                            CPU_THROTTLED_PERIODS.name(),
                            Unit.RATIO,
                            "Share of the CFS periods between two samples in which the container was throttled; "
                                    + "absent when unlimited")
                    .withEquivalent(
                            "rate(container_cpu_cfs_throttled_periods_total) / rate(container_cpu_cfs_periods_total)"),
            SeriesDescriptor.counter(
                            CPU_THROTTLED_TIME.name(),
                            Unit.SECONDS_PER_SECOND,
                            "Time the container's tasks were held back by the CPU limit, per second")
                    .withEquivalent("container_cpu_cfs_throttled_seconds_total"),
            SeriesDescriptor.gauge(
                            MEMORY_USAGE.name(), Unit.BYTES, "Memory charged to the container, page cache included")
                    .withEquivalent("container_memory_usage_bytes"),
            SeriesDescriptor.gauge(
                            MEMORY_WORKING_SET.name(),
                            Unit.BYTES,
                            "Memory usage minus inactive file cache: what the OOM killer and the kubelet look at")
                    .withEquivalent("container_memory_working_set_bytes"),
            SeriesDescriptor.gauge(MEMORY_LIMIT.name(), Unit.BYTES, "Memory limit; absent when unlimited")
                    .withEquivalent("container_spec_memory_limit_bytes"),
            SeriesDescriptor.gauge(
                    MEMORY_UTILIZATION.name(),
                    Unit.RATIO,
                    "Working set as a share of the memory limit; absent when unlimited"),
            SeriesDescriptor.counter(
                            MEMORY_OOM_KILLS.name(),
                            Unit.PER_SECOND,
                            "Processes of the container killed by the OOM killer, per second (above 0: a kill happened)")
                    .withEquivalent("container_oom_events_total"),
            SeriesDescriptor.gauge(PIDS_CURRENT.name(), Unit.NONE, "Processes and threads in the container")
                    .withEquivalent("container_threads"),
            SeriesDescriptor.gauge(
                            PIDS_MAX.name(),
                            Unit.NONE,
                            "Most processes and threads the container may have; absent when unlimited")
                    .withEquivalent("container_threads_max"),
            SeriesDescriptor.counter(
                            IO_READ.name(),
                            Unit.BYTES_PER_SECOND,
                            "Bytes read from block devices by the container, per second")
                    .withEquivalent("container_fs_reads_bytes_total"),
            SeriesDescriptor.counter(
                            IO_WRITE.name(),
                            Unit.BYTES_PER_SECOND,
                            "Bytes written to block devices by the container, per second")
                    .withEquivalent("container_fs_writes_bytes_total"));

    private final Cgroup cgroup;
    private final Clock clock;
    private @Nullable CgroupReading previous;
    private long previousNanos;

    private ContainerMetrics(Cgroup cgroup, Clock clock) {
        this.cgroup = cgroup;
        this.clock = clock;
    }

    /** The container metrics of this JVM's own cgroup, found under {@code /}. */
    public static ContainerMetrics create() {
        return builder().build();
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Which cgroup hierarchy is read; {@link CgroupVersion#NONE} when none was found (no series then). */
    public CgroupVersion version() {
        return cgroup.version();
    }

    /** Whether a CPU, memory or pids limit is set on the cgroup right now. */
    public boolean hasLimits() {
        try {
            return cgroup.read().hasLimits();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public String name() {
        return "container";
    }

    @Override
    public synchronized void sample(SampleSink sink) throws IOException {
        CgroupReading now = cgroup.read();
        long nowNanos = clock.monotonicNanos();
        double cpuLimit = now.cpuLimitCores();
        counter(sink, CPU_USAGE, Unit.SECONDS_PER_SECOND, now.cpuUsageSeconds());
        gauge(sink, CPU_LIMIT, Unit.CORES, cpuLimit);
        counter(sink, CPU_THROTTLED_TIME, Unit.SECONDS_PER_SECOND, now.cpuThrottledSeconds());
        if (previous != null && !Double.isNaN(cpuLimit)) {
            double elapsedSeconds = (nowNanos - previousNanos) / 1e9;
            double used = now.cpuUsageSeconds() - previous.cpuUsageSeconds();
            if (elapsedSeconds > 0 && used >= 0) {
                gauge(sink, CPU_UTILIZATION, Unit.RATIO, used / elapsedSeconds / cpuLimit);
            }
            double periods = now.cpuPeriods() - previous.cpuPeriods();
            double throttled = now.cpuThrottledPeriods() - previous.cpuThrottledPeriods();
            if (periods >= 0 && throttled >= 0) { // a decrease is a reset: no ratio this time
                gauge(sink, CPU_THROTTLED_PERIODS, Unit.RATIO, periods == 0 ? 0 : throttled / periods);
            }
        }
        double workingSet = now.memoryWorkingSetBytes();
        gauge(sink, MEMORY_USAGE, Unit.BYTES, now.memoryUsageBytes());
        gauge(sink, MEMORY_WORKING_SET, Unit.BYTES, workingSet);
        gauge(sink, MEMORY_LIMIT, Unit.BYTES, now.memoryLimitBytes());
        gauge(sink, MEMORY_UTILIZATION, Unit.RATIO, workingSet / now.memoryLimitBytes());
        counter(sink, MEMORY_OOM_KILLS, Unit.PER_SECOND, now.oomKills());
        gauge(sink, PIDS_CURRENT, Unit.NONE, now.pidsCurrent());
        gauge(sink, PIDS_MAX, Unit.NONE, now.pidsMax());
        counter(sink, IO_READ, Unit.BYTES_PER_SECOND, now.ioReadBytes());
        counter(sink, IO_WRITE, Unit.BYTES_PER_SECOND, now.ioWriteBytes());
        previous = now;
        previousNanos = nowNanos;
    }

    /** NaN is "absent here", so nothing is written (not even UNKNOWN: there is nothing to know). */
    private static void gauge(SampleSink sink, MetricId id, Unit unit, double value) {
        if (!Double.isNaN(value)) {
            sink.gauge(id, unit, value);
        }
    }

    private static void counter(SampleSink sink, MetricId id, Unit unit, double total) {
        if (!Double.isNaN(total)) {
            sink.counter(id, unit, total);
        }
    }

    /**
     * Never blocks: called on the sampling thread. Reads cgroup files only.
     */
    @Override
    public boolean mayBlock() {
        return false;
    }

    @Override
    public List<SeriesDescriptor> describe() {
        return DESCRIPTORS;
    }

    @Override
    public String toString() {
        return "ContainerMetrics[" + cgroup + "]";
    }

    /**
     * Builder of {@link ContainerMetrics}.
     *
     * <pre>{@code
     * ContainerMetrics fixture = ContainerMetrics.builder().root(Path.of("/tmp/fake-root")).build();
     * }</pre>
     */
    public static final class Builder {
        private Path root = Path.of("/");
        private Clock clock = Clock.system();

        private Builder() {}

        /**
         * The folder taken as the file system root: {@code proc/self/cgroup},
         * {@code proc/self/mountinfo} and the mount points are read under it. Default {@code /}.
         */
        public Builder root(Path root) {
            this.root = Objects.requireNonNull(root, "root");
            return this;
        }

        /** The clock over which ratios between two samples are computed; default {@link Clock#system()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Finds the cgroup; a missing or unreadable proc tree gives {@link CgroupVersion#NONE}.
         */
        public ContainerMetrics build() {
            Cgroup cgroup;
            try {
                cgroup = CgroupLocator.locate(root);
            } catch (IOException | UncheckedIOException | SecurityException e) {
                cgroup = new Cgroup.None();
            }
            return new ContainerMetrics(cgroup, clock);
        }
    }
}

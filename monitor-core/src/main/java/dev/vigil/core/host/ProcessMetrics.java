package dev.vigil.core.host;

import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.SeriesDescriptor;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.MetricSource;
import dev.vigil.core.source.SampleSink;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.util.List;
import org.jspecify.annotations.Nullable;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;

/**
 * The JVM's own process as the operating system sees it: CPU, resident and virtual memory, open
 * files, threads, uptime. A {@link MetricSource}; every series is listed by {@link #describe()}.
 *
 * <p>Cheap reads only: {@code /proc/self/status} on Linux (OSHI's query of this one process
 * elsewhere) and the JDK's {@code com.sun.management} operating system bean. CPU usage is the
 * difference of the process's CPU time between two ticks over the wall time between them,
 * divided by the processors available to the JVM: the first tick has none. An instance keeps
 * that state between ticks: give each monitor its own. On Linux it keeps {@code /proc/self/status}
 * open between ticks; {@link #close()} (which the monitor calls when it closes) releases it.
 *
 * <pre>{@code
 * Monitor.builder().source(ProcessMetrics.create()).start();
 * }</pre>
 */
public final class ProcessMetrics implements MetricSource, AutoCloseable {

    private static final List<SeriesDescriptor> DESCRIPTORS = List.of(
            SeriesDescriptor.gauge(
                    "process.cpu.usage",
                    Unit.RATIO,
                    "CPU time of this process over wall time, as a share of the processors available to the JVM"),
            SeriesDescriptor.gauge(
                            "process.memory.rss",
                            Unit.BYTES,
                            "Resident set size of this process: its memory held in RAM")
                    .withEquivalent("process_resident_memory_bytes"),
            SeriesDescriptor.gauge("process.memory.virtual", Unit.BYTES, "Virtual memory size of this process")
                    .withEquivalent("process_virtual_memory_bytes"),
            SeriesDescriptor.gauge("process.files.open", Unit.NONE, "File descriptors this process has open")
                    .withEquivalent("process_open_fds"),
            SeriesDescriptor.gauge(
                            "process.files.max",
                            Unit.NONE,
                            "Most file descriptors this process may open (its soft limit)")
                    .withEquivalent("process_max_fds"),
            SeriesDescriptor.gauge("process.threads", Unit.NONE, "Threads of this process, JVM-internal ones included"),
            SeriesDescriptor.gauge("process.uptime", Unit.SECONDS, "Time since this JVM started"),
            SeriesDescriptor.gauge("process.start.time", Unit.EPOCH_SECONDS, "When this JVM started")
                    .withEquivalent("process_start_time_seconds"));

    private static final MetricId CPU_USAGE = MetricId.of("process.cpu.usage");
    private static final MetricId RSS = MetricId.of("process.memory.rss");
    private static final MetricId VIRTUAL = MetricId.of("process.memory.virtual");
    private static final MetricId FILES_OPEN = MetricId.of("process.files.open");
    private static final MetricId FILES_MAX = MetricId.of("process.files.max");
    private static final MetricId THREADS = MetricId.of("process.threads");
    private static final MetricId UPTIME = MetricId.of("process.uptime");
    private static final MetricId START_TIME = MetricId.of("process.start.time");

    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private final RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
    private final @Nullable ProcFile status;
    private @Nullable OSProcess oshiProcess;

    private long lastCpuNanos = -1;
    private long lastWallNanos;

    private ProcessMetrics(@Nullable ProcFile status) {
        this.status = status;
    }

    /** A source for the JVM this runs in. */
    public static ProcessMetrics create() {
        ProcFile status = new ProcFile("/proc/self/status", 2048);
        try {
            status.read();
            status.close(); // opened again by the first tick
        } catch (Exception e) {
            status = null; // not Linux: OSHI's view of this one process instead
        }
        return new ProcessMetrics(status);
    }

    /** A source that asks OSHI for this process even on Linux, to test the path other systems take. */
    static ProcessMetrics throughOshi() {
        return new ProcessMetrics(null);
    }

    /** Closes {@code /proc/self/status}, kept open between ticks; a later tick opens it again. Idempotent. */
    @Override
    public void close() {
        if (status != null) {
            status.close();
        }
    }

    @Override
    public String name() {
        return "process";
    }

    /**
     * Never blocks: called on the sampling thread. Reads /proc/self and MXBeans only.
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
    public void sample(SampleSink sink) throws Exception {
        cpu(sink);
        memoryAndThreads(sink);
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long open = unix.getOpenFileDescriptorCount();
            long max = unix.getMaxFileDescriptorCount();
            if (open >= 0) {
                sink.gauge(FILES_OPEN, Unit.NONE, (double) open);
            }
            if (max > 0) {
                sink.gauge(FILES_MAX, Unit.NONE, (double) max);
            }
        } else {
            OSProcess p = oshiProcess();
            if (p != null) {
                sink.gauge(FILES_OPEN, Unit.NONE, (double) p.getOpenFiles());
                sink.gauge(FILES_MAX, Unit.NONE, (double) p.getSoftOpenFileLimit());
            }
        }
        sink.gauge(UPTIME, Unit.SECONDS, runtime.getUptime() / 1000.0);
        sink.gauge(START_TIME, Unit.EPOCH_SECONDS, runtime.getStartTime() / 1000.0);
    }

    private void cpu(SampleSink sink) {
        if (!(os instanceof com.sun.management.OperatingSystemMXBean sun)) {
            return;
        }
        long cpuNanos = sun.getProcessCpuTime();
        long wallNanos = System.nanoTime();
        if (cpuNanos < 0) {
            sink.unknown(CPU_USAGE, Unit.RATIO);
            return;
        }
        if (lastCpuNanos >= 0 && wallNanos > lastWallNanos) {
            double processors = Math.max(1, Runtime.getRuntime().availableProcessors());
            double usage = (cpuNanos - lastCpuNanos) / ((wallNanos - lastWallNanos) * processors);
            sink.gauge(CPU_USAGE, Unit.RATIO, Math.max(0, Math.min(1, usage)));
        }
        lastCpuNanos = cpuNanos;
        lastWallNanos = wallNanos;
    }

    private void memoryAndThreads(SampleSink sink) throws Exception {
        if (status != null) {
            status.read();
            long virtualKb = status.seekLine("VmSize:") ? status.nextLong() : -1;
            long rssKb = status.seekLine("VmRSS:") ? status.nextLong() : -1;
            long threads = status.seekLine("Threads:") ? status.nextLong() : -1;
            if (virtualKb >= 0) {
                sink.gauge(VIRTUAL, Unit.BYTES, virtualKb * 1024.0);
            }
            if (rssKb >= 0) {
                sink.gauge(RSS, Unit.BYTES, rssKb * 1024.0);
            }
            if (threads >= 0) {
                sink.gauge(THREADS, Unit.NONE, (double) threads);
            }
            return;
        }
        OSProcess p = oshiProcess();
        if (p == null) {
            return;
        }
        p.updateAttributes();
        sink.gauge(VIRTUAL, Unit.BYTES, (double) p.getVirtualSize());
        sink.gauge(RSS, Unit.BYTES, (double) p.getResidentSetSize());
        sink.gauge(THREADS, Unit.NONE, p.getThreadCount());
    }

    private OSProcess oshiProcess() {
        if (oshiProcess == null) {
            oshiProcess = new SystemInfo().getOperatingSystem().getCurrentProcess();
        }
        return oshiProcess;
    }

    @Override
    public String toString() {
        return "ProcessMetrics";
    }
}

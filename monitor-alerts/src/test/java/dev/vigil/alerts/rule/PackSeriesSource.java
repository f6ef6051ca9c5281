package dev.vigil.alerts.rule;

import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.MetricSource;
import dev.vigil.core.source.SampleSink;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/**
 * Emits every series the rule packs read, with this machine's and this JVM's real values where the
 * JDK exposes them. Stands in for {@code HostMetrics}/{@code JvmMetrics} until those sources are
 * merged: switch the pack test to them then.
 */
final class PackSeriesSource implements MetricSource {

    @Override
    public void sample(SampleSink sink) {
        var os = ManagementFactory.getOperatingSystemMXBean();
        int cpus = os.getAvailableProcessors();
        sink.gauge(RulePacks.CPU_COUNT, Unit.NONE, cpus);
        double load = os.getSystemLoadAverage();
        if (load >= 0) {
            sink.gauge(RulePacks.LOAD_1M, Unit.NONE, load);
        }
        sink.gauge(RulePacks.CPU_USAGE, Unit.RATIO, 0.0, "mode", "steal");
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            long total = sun.getTotalMemorySize();
            if (total > 0) {
                sink.gauge(RulePacks.MEMORY_USAGE, Unit.RATIO, 1 - (double) sun.getFreeMemorySize() / total);
            }
            long swap = sun.getTotalSwapSpaceSize();
            sink.gauge(RulePacks.SWAP_USAGE, Unit.RATIO, swap > 0 ? 1 - (double) sun.getFreeSwapSpaceSize() / swap : 0);
            double processCpu = sun.getProcessCpuLoad();
            if (processCpu >= 0) {
                sink.gauge(RulePacks.PROCESS_CPU, Unit.RATIO, processCpu);
            }
        }
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            sink.gauge(RulePacks.FILES_OPEN, Unit.NONE, unix.getOpenFileDescriptorCount());
            sink.gauge(RulePacks.FILES_MAX, Unit.NONE, unix.getMaxFileDescriptorCount());
        }
        for (File root : File.listRoots()) {
            long total = root.getTotalSpace();
            if (total > 0) {
                sink.gauge(RulePacks.DISK_FREE, Unit.BYTES, root.getUsableSpace(), "mount", root.getPath());
                sink.gauge(RulePacks.DISK_USAGE, Unit.RATIO, 1 - (double) root.getUsableSpace() / total,
                        "mount", root.getPath());
            }
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        if (heap.getMax() > 0) {
            sink.gauge(RulePacks.HEAP_AFTER_GC, Unit.RATIO, (double) heap.getUsed() / heap.getMax());
        }
        sink.gauge(RulePacks.GC_OVERHEAD, Unit.RATIO, 0.0);
        long[] dead = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
        sink.gauge(RulePacks.THREADS_DEADLOCKED, Unit.NONE, dead == null ? 0 : dead.length);
    }

    @Override
    public String name() {
        return "pack-series";
    }
}

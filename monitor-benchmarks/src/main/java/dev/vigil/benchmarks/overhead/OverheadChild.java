package dev.vigil.benchmarks.overhead;

import dev.vigil.core.Monitor;
import dev.vigil.core.host.HostMetrics;
import dev.vigil.core.host.ProcessMetrics;
import dev.vigil.core.jvm.JvmMetrics;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * The JVM {@link LibraryOverhead} starts twice: {@code idle SECONDS INTERVAL_MS} only sleeps,
 * {@code vigil SECONDS INTERVAL_MS} runs the quickstart configuration for as long. Both print one
 * line, {@code cpuNanos heapBytes}: the process CPU time spent from just before the monitor would
 * be built to the end, and the heap in use after full collections at the end, with the monitor
 * still open.
 */
public final class OverheadChild {

    private OverheadChild() {
    }

    public static void main(String[] args) throws Exception {
        boolean vigil = args[0].equals("vigil");
        long seconds = Long.parseLong(args[1]);
        Duration interval = Duration.ofMillis(Long.parseLong(args[2]));
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Monitor monitor = vigil ? Quickstart.start(interval) : null;
        while (System.nanoTime() < end) {
            Thread.sleep(Math.max(1, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
        }
        long cpu = os.getProcessCpuTime() - cpu0;
        long heap = heapAfterGc();
        System.out.println(cpu + " " + heap);
        if (monitor != null) {
            monitor.close();
        }
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The README's quickstart, as far as the modules on the class path provide it. */
    static final class Quickstart {
        static Monitor start(Duration interval) {
            return Monitor.builder()
                    .every(interval)
                    .source(HostMetrics.create())
                    .source(ProcessMetrics.create())
                    .source(JvmMetrics.create())
                    .start();
        }
    }
}

package dev.vigil.benchmarks.overhead;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.rule.RulePacks;
import dev.vigil.core.Monitor;
import dev.vigil.core.host.HostMetrics;
import dev.vigil.core.host.ProcessMetrics;
import dev.vigil.core.jvm.JvmMetrics;
import dev.vigil.notify.Notifications;
import dev.vigil.notify.Route;
import dev.vigil.notify.notifier.LogNotifier;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * The JVM {@link LibraryOverhead} starts twice: {@code idle SECONDS INTERVAL_MS} only sleeps,
 * {@code vigil SECONDS INTERVAL_MS} runs the quickstart configuration for as long. Both print one
 * line, {@code cpuNanos steadyCpuNanos heapBytes}: the process CPU time spent from just before the
 * monitor would be built to the end, the same from {@link #STEADY_AFTER} on (once Vigil's classes
 * are loaded and its first ticks compiled), and the heap in use after full collections at the
 * end, with the monitor still open.
 */
public final class OverheadChild {

    /** When the steady-state span starts, counted from the start of the measurement. */
    static final java.time.Duration STEADY_AFTER = java.time.Duration.ofSeconds(60);

    private OverheadChild() {
    }

    public static void main(String[] args) throws Exception {
        boolean vigil = args[0].equals("vigil");
        long seconds = Long.parseLong(args[1]);
        Duration interval = Duration.ofMillis(Long.parseLong(args[2]));
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long steadyFrom = start + Math.min(STEADY_AFTER.toNanos(), seconds * 1_000_000_000L / 2);
        long cpuSteady0 = -1;
        Quickstart quickstart = vigil ? new Quickstart(interval) : null;
        while (System.nanoTime() < end) {
            long next = System.nanoTime() < steadyFrom ? steadyFrom : end;
            Thread.sleep(Math.max(1, Math.min(1000, (next - System.nanoTime()) / 1_000_000)));
            if (cpuSteady0 < 0 && System.nanoTime() >= steadyFrom) {
                cpuSteady0 = os.getProcessCpuTime();
            }
        }
        long cpuEnd = os.getProcessCpuTime();
        long cpu = cpuEnd - cpu0;
        long steady = cpuEnd - cpuSteady0;
        long heap = heapAfterGc();
        System.out.println(cpu + " " + steady + " " + heap + " " + threadCpu());
        if (quickstart != null) {
            quickstart.close();
        }
    }

    /**
     * CPU time per thread kind (name without digits), in milliseconds, from
     * {@code /proc/self/task}: it sees the JVM's own threads too (JIT compilers, GC), which
     * {@code ThreadMXBean} does not. Written as {@code name=ms;name=ms}, spaces replaced.
     */
    static String threadCpu() {
        java.util.Map<String, Long> ms = new java.util.TreeMap<>();
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        if (tasks == null) {
            return "-";
        }
        long hz = 100; // USER_HZ on every Linux the JDK runs on
        for (java.io.File task : tasks) {
            try {
                String comm = java.nio.file.Files.readString(task.toPath().resolve("comm")).trim();
                String stat = java.nio.file.Files.readString(task.toPath().resolve("stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                String kind = comm.replaceAll("[0-9]+", "#").replace(' ', '_').replace(';', '_').replace('=', '_');
                ms.merge(kind, ticks * 1000 / hz, Long::sum);
            } catch (java.io.IOException | RuntimeException e) {
                // the thread ended meanwhile
            }
        }
        StringBuilder sb = new StringBuilder();
        ms.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ";").append(k).append('=').append(v));
        return sb.length() == 0 ? "-" : sb.toString();
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * The README's quickstart without a network: default sources, every built-in rule pack, and
     * notifications to the log instead of PagerDuty and Slack.
     */
    static final class Quickstart implements AutoCloseable {
        private final Notifications delivery = Notifications.builder()
                .route(Route.all().to(LogNotifier.create()))
                .build();
        private final AlertEngine alerts = AlertEngine.builder()
                .rules(RulePacks.all())
                .listener(delivery)
                .build();
        private final HostMetrics host = HostMetrics.create();
        private final Monitor monitor;

        Quickstart(Duration interval) {
            monitor = Monitor.builder()
                    .every(interval)
                    .source(host)
                    .source(ProcessMetrics.create())
                    .source(JvmMetrics.create())
                    .listener(alerts)
                    .start();
        }

        @Override
        public void close() {
            monitor.close();
            alerts.close();
            delivery.close();
            host.close();
        }
    }
}

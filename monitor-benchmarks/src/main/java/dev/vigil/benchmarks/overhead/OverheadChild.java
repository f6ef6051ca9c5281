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
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JVM {@link LibraryOverhead} starts twice: {@code idle SECONDS INTERVAL_MS FIRST_S STEADY_S}
 * only sleeps, {@code vigil ...} runs the quickstart configuration for as long. Both print one
 * line, {@code firstCpuNanos steadyCpuNanos heapBytes threads}: the process CPU time spent in the
 * first {@code FIRST_S} seconds counted from just before the monitor would be built (loading and
 * first ticks included), the process CPU time from {@code STEADY_S} seconds to the end (the steady
 * window), the heap in use after full collections at the end with the monitor still open, and the
 * CPU time each kind of thread spent in the steady window.
 */
public final class OverheadChild {

    private OverheadChild() {}

    public static void main(String[] args) throws Exception {
        boolean vigil = args[0].equals("vigil");
        long seconds = Long.parseLong(args[1]);
        Duration interval = Duration.ofMillis(Long.parseLong(args[2]));
        long firstSeconds = Math.min(Long.parseLong(args[3]), seconds);
        long steadySeconds = Math.min(Long.parseLong(args[4]), seconds / 2);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long firstEnd = start + firstSeconds * 1_000_000_000L;
        long steadyFrom = start + steadySeconds * 1_000_000_000L;
        long cpuFirst = -1;
        long cpuSteady0 = -1;
        Map<Long, ThreadCpu> threads0 = Map.of();
        Quickstart quickstart = vigil ? new Quickstart(interval) : null;
        while (true) {
            long now = System.nanoTime();
            if (cpuFirst < 0 && now >= firstEnd) {
                cpuFirst = os.getProcessCpuTime() - cpu0;
            }
            if (cpuSteady0 < 0 && now >= steadyFrom) {
                // the snapshot before the CPU reading, so that taking it is not counted in the window
                threads0 = threadCpu();
                cpuSteady0 = os.getProcessCpuTime();
            }
            if (now >= end) {
                break;
            }
            long next = end;
            for (long mark : new long[] {firstEnd, steadyFrom}) {
                if (mark > now && mark < next) {
                    next = mark;
                }
            }
            Thread.sleep(Math.max(1, Math.min(1000, (next - now + 999_999) / 1_000_000)));
        }
        long cpuEnd = os.getProcessCpuTime();
        Map<Long, ThreadCpu> threads1 = threadCpu();
        long heap = heapAfterGc();
        System.out.println(cpuFirst + " " + (cpuEnd - cpuSteady0) + " " + heap + " " + byKind(threads0, threads1));
        if (quickstart != null) {
            quickstart.close();
        }
    }

    /** A thread's kind and CPU time so far. */
    record ThreadCpu(String kind, long nanos) {}

    /**
     * CPU time per thread from {@code /proc/self/task/TID/schedstat} (nanoseconds on a CPU): it
     * sees the JVM's own threads too (JIT compilers, GC, the VM thread), which {@code
     * ThreadMXBean} does not, at a finer grain than {@code stat}'s 10 ms ticks. The kind is the
     * thread's name as the kernel keeps it (15 characters) with a trailing number replaced by
     * {@code #}, so that C1 and C2 compiler threads stay apart.
     */
    static Map<Long, ThreadCpu> threadCpu() {
        Map<Long, ThreadCpu> out = new HashMap<>();
        File[] tasks = new File("/proc/self/task").listFiles();
        if (tasks == null) {
            return out;
        }
        for (File task : tasks) {
            try {
                String comm = Files.readString(task.toPath().resolve("comm")).trim();
                String schedstat =
                        Files.readString(task.toPath().resolve("schedstat")).trim();
                long nanos = Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
                String kind = comm.replaceAll("[0-9]+$", "#")
                        .replace(' ', '_')
                        .replace(';', '_')
                        .replace('=', '_');
                out.put(Long.parseLong(task.getName()), new ThreadCpu(kind, nanos));
            } catch (IOException | RuntimeException e) {
                // the thread ended meanwhile, or the kernel keeps no schedstat
            }
        }
        return out;
    }

    /**
     * CPU microseconds per thread kind between two snapshots, written as {@code name=us;name=us}.
     * A thread born in the window counts from zero; one that ended in it is missing (its time
     * still is in the process CPU time).
     */
    static String byKind(Map<Long, ThreadCpu> before, Map<Long, ThreadCpu> after) {
        Map<String, Long> micros = new TreeMap<>();
        after.forEach((tid, t) -> {
            ThreadCpu b = before.get(tid);
            long from = b != null && b.kind().equals(t.kind()) ? b.nanos() : 0;
            micros.merge(t.kind(), (t.nanos() - from) / 1000, Long::sum);
        });
        StringBuilder sb = new StringBuilder();
        micros.forEach((k, v) ->
                sb.append(sb.length() == 0 ? "" : ";").append(k).append('=').append(v));
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
        private final AlertEngine alerts =
                AlertEngine.builder().rules(RulePacks.all()).listener(delivery).build();
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

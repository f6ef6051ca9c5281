package dev.vigil.benchmarks.tick;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time and allocated bytes of the calling thread plus every live thread whose name starts
 * with a prefix, read from {@code com.sun.management.ThreadMXBean}.
 *
 * <p>Worker threads are found with {@link Thread#enumerate}; their counters are read before the
 * caller's on the way in and after it on the way out, so the enumeration itself is not charged to
 * the caller. A worker that ends inside the measured span is missed: Vigil's workers live 60 s when
 * idle, far longer than a tick.
 */
final class ThreadCost {

    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final String workerPrefix;
    private final Map<Long, long[]> workersBefore = new HashMap<>();
    private long callerCpuBefore;
    private long callerAllocBefore;

    ThreadCost(String workerPrefix) {
        if (!MX.isThreadCpuTimeSupported() || !MX.isThreadAllocatedMemorySupported()) {
            throw new IllegalStateException("this JVM measures neither thread CPU time nor allocation");
        }
        MX.setThreadCpuTimeEnabled(true);
        MX.setThreadAllocatedMemoryEnabled(true);
        this.workerPrefix = workerPrefix;
    }

    void begin(boolean withWorkers) {
        workersBefore.clear();
        for (Thread t : withWorkers ? workers() : new Thread[0]) {
            long id = t.getId();
            workersBefore.put(id, new long[] {MX.getThreadCpuTime(id), MX.getThreadAllocatedBytes(id)});
        }
        callerAllocBefore = MX.getCurrentThreadAllocatedBytes();
        callerCpuBefore = MX.getCurrentThreadCpuTime();
    }

    /** Returns {callerCpuNanos, callerAllocBytes, workerCpuNanos, workerAllocBytes} since {@link #begin}. */
    long[] end(boolean withWorkers) {
        long cpu = MX.getCurrentThreadCpuTime() - callerCpuBefore;
        long alloc = MX.getCurrentThreadAllocatedBytes() - callerAllocBefore;
        long workerCpu = 0;
        long workerAlloc = 0;
        for (Thread t : withWorkers ? workers() : new Thread[0]) {
            long id = t.getId();
            long c = MX.getThreadCpuTime(id);
            long a = MX.getThreadAllocatedBytes(id);
            if (c < 0 || a < 0) {
                continue; // ended meanwhile
            }
            long[] before = workersBefore.getOrDefault(id, new long[] {0, 0});
            workerCpu += c - before[0];
            workerAlloc += a - before[1];
        }
        return new long[] {cpu, alloc, workerCpu, workerAlloc};
    }

    private Thread[] workers() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] all = new Thread[root.activeCount() + 16];
        int n = root.enumerate(all, true);
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (all[i] != Thread.currentThread() && all[i].getName().startsWith(workerPrefix)) {
                all[kept++] = all[i];
            }
        }
        return java.util.Arrays.copyOf(all, kept);
    }
}

package dev.vigil.benchmarks.tick;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * The JVM readings {@code JvmMetrics} takes, read bare from the same MXBeans with nothing built
 * around them: the JVM part of the floor, and of the OSHI baseline (OSHI has no JVM view).
 */
final class JvmReads {

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    private final RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
    private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final List<BufferPoolMXBean> buffers = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
    private Thread[] scratch = new Thread[64];
    private final int[] states = new int[Thread.State.values().length];

    /** Reads everything once; returns a sum so that no read is dead code. */
    double read() {
        double sum = 0;
        MemoryUsage heap = memory.getHeapMemoryUsage();
        MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
        sum += heap.getUsed() + heap.getCommitted() + heap.getMax() + nonHeap.getUsed() + nonHeap.getCommitted();
        for (MemoryPoolMXBean p : pools) {
            MemoryUsage u = p.getUsage();
            sum += u.getUsed() + u.getCommitted() + u.getMax();
            MemoryUsage afterGc = p.getCollectionUsage();
            if (afterGc != null) {
                sum += afterGc.getUsed();
            }
        }
        for (GarbageCollectorMXBean c : collectors) {
            sum += c.getCollectionCount() + c.getCollectionTime();
        }
        for (BufferPoolMXBean b : buffers) {
            sum += b.getMemoryUsed() + b.getTotalCapacity() + b.getCount();
        }
        sum += threads.getThreadCount()
                + threads.getDaemonThreadCount()
                + threads.getPeakThreadCount()
                + threads.getTotalStartedThreadCount();
        sum += classes.getLoadedClassCount() + classes.getUnloadedClassCount() + runtime.getUptime();
        sum += threadStates();
        long[] deadlocked = threads.findDeadlockedThreads();
        sum += deadlocked == null ? 0 : deadlocked.length;
        return sum;
    }

    @SuppressWarnings("EnumOrdinal") // reads as JvmMetrics' ThreadStates does, into a reused array
    private int threadStates() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        int n;
        while ((n = root.enumerate(scratch, true)) == scratch.length) {
            scratch = new Thread[scratch.length * 2];
        }
        java.util.Arrays.fill(states, 0);
        for (int i = 0; i < n; i++) {
            states[scratch[i].getState().ordinal()]++;
            scratch[i] = null;
        }
        return states[Thread.State.RUNNABLE.ordinal()];
    }
}

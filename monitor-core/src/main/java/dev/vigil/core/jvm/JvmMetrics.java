package dev.vigil.core.jvm;

import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.SeriesDescriptor;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.MetricSource;
import dev.vigil.core.source.SampleSink;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The JVM seen through its {@code java.lang.management} MXBeans: memory pools and areas, garbage
 * collection, heap after GC, threads (with deadlock detection), class loading, buffer pools and
 * uptime. Names follow Micrometer's JVM binders where Micrometer has the same measurement; every
 * series is listed by {@link #describe()} and in {@code docs/metrics.md}.
 *
 * <p>Memory is reported twice, on purpose under different names so that summing one name never
 * counts a byte twice: per pool as {@code jvm.memory.used{area,id}} (Micrometer's series), and per
 * area as {@code jvm.memory.heap.used} and {@code jvm.memory.nonheap.used} (what the
 * {@code MemoryMXBean} reports, convenient for rules). A maximum the JVM leaves undefined is not
 * reported at all, never reported as 0.
 *
 * <p>Sampling is cheap and allocates little: the MXBeans and every {@link MetricId} are looked up
 * once, when the source is built. {@code ThreadMXBean.findDeadlockedThreads()} brings the JVM to a
 * safepoint (tens of microseconds with a few dozen threads); it runs every tick by default and
 * can be made less frequent with {@link Builder#deadlockCheckEvery(int)}, in which case the last
 * result is repeated in between. An instance keeps state between ticks: give each monitor its own.
 *
 * <pre>{@code
 * Monitor monitor = Monitor.builder()
 *     .source(JvmMetrics.create())
 *     .start();
 * // or, checking for deadlocks once a minute at a 10 s interval:
 * JvmMetrics jvm = JvmMetrics.builder().deadlockCheckEvery(6).build();
 * }</pre>
 */
public final class JvmMetrics implements MetricSource {

    /** Default number of ticks between deadlock checks: every tick. */
    public static final int DEFAULT_DEADLOCK_CHECK_EVERY = 1;
    /** Whether thread counts by state are reported by default. */
    public static final boolean DEFAULT_THREAD_STATES = true;

    /**
     * Collectors whose MXBean times a concurrent cycle rather than pauses (Micrometer's list).
     * Their time is still reported per collector but left out of {@code jvm.gc.overhead}, which
     * would otherwise count the pauses inside a cycle twice.
     */
    private static final Set<String> CONCURRENT_COLLECTORS =
            Set.of("ZGC Cycles", "ZGC Major Cycles", "ZGC Minor Cycles", "Shenandoah Cycles", "G1 Concurrent GC");

    private static final List<SeriesDescriptor> DESCRIPTORS = List.of(
            SeriesDescriptor.gauge("jvm.memory.used", Unit.BYTES, "Memory used in one memory pool", "area", "id"),
            SeriesDescriptor.gauge(
                    "jvm.memory.committed",
                    Unit.BYTES,
                    "Memory committed (guaranteed available) to one memory pool",
                    "area",
                    "id"),
            SeriesDescriptor.gauge(
                    "jvm.memory.max",
                    Unit.BYTES,
                    "Largest size one memory pool may grow to; absent when the pool has no limit",
                    "area",
                    "id"),
            SeriesDescriptor.gauge("jvm.memory.heap.used", Unit.BYTES, "Heap memory used, all pools together"),
            SeriesDescriptor.gauge(
                    "jvm.memory.heap.committed", Unit.BYTES, "Heap memory committed, all pools together"),
            SeriesDescriptor.gauge(
                    "jvm.memory.heap.max", Unit.BYTES, "Largest heap size (-Xmx); absent when undefined"),
            SeriesDescriptor.gauge(
                    "jvm.memory.nonheap.used",
                    Unit.BYTES,
                    "Non-heap memory used (metaspace, code cache, ...), all pools together"),
            SeriesDescriptor.gauge(
                    "jvm.memory.nonheap.committed", Unit.BYTES, "Non-heap memory committed, all pools together"),
            SeriesDescriptor.gauge(
                    "jvm.memory.nonheap.max",
                    Unit.BYTES,
                    "Largest non-heap size; absent when any non-heap pool has no limit (the usual case)"),
            SeriesDescriptor.counter(
                    "jvm.gc.collections", Unit.PER_SECOND, "Collections per second by one collector", "gc"),
            SeriesDescriptor.counter(
                    "jvm.gc.pause",
                    Unit.SECONDS_PER_SECOND,
                    "Collection time per second of one collector (for a concurrent-cycle collector: cycle time)",
                    "gc"),
            SeriesDescriptor.counter(
                    "jvm.gc.overhead",
                    Unit.SECONDS_PER_SECOND,
                    "Collection time per second of all collectors except concurrent-cycle ones (0..1)"),
            SeriesDescriptor.gauge(
                    "jvm.gc.live.data.size",
                    Unit.BYTES,
                    "Heap used after the last collection of each heap pool, summed; absent before the first GC"),
            SeriesDescriptor.gauge(
                    "jvm.gc.max.data.size",
                    Unit.BYTES,
                    "Largest heap size the live data can grow to (-Xmx); absent when undefined"),
            SeriesDescriptor.gauge(
                    "jvm.memory.heap.after.gc.usage",
                    Unit.RATIO,
                    "jvm.gc.live.data.size / jvm.gc.max.data.size: how full the heap stays after GC"),
            SeriesDescriptor.gauge("jvm.threads.live", Unit.NONE, "Live threads, daemon and non-daemon"),
            SeriesDescriptor.gauge("jvm.threads.daemon", Unit.NONE, "Live daemon threads"),
            SeriesDescriptor.gauge("jvm.threads.peak", Unit.NONE, "Most live threads at once since the JVM started"),
            SeriesDescriptor.counter("jvm.threads.started", Unit.PER_SECOND, "Threads started per second"),
            SeriesDescriptor.gauge(
                    "jvm.threads.deadlocked",
                    Unit.NONE,
                    "Threads deadlocked on monitors or ownable synchronizers; should be 0"),
            SeriesDescriptor.gauge(
                    "jvm.threads.states",
                    Unit.NONE,
                    "Live threads in one state (new, runnable, blocked, waiting, timed-waiting, terminated)",
                    "state"),
            SeriesDescriptor.gauge("jvm.classes.loaded", Unit.NONE, "Classes currently loaded"),
            SeriesDescriptor.counter("jvm.classes.unloaded", Unit.PER_SECOND, "Classes unloaded per second"),
            SeriesDescriptor.gauge("jvm.buffer.memory.used", Unit.BYTES, "Memory used by one buffer pool", "id"),
            SeriesDescriptor.gauge(
                    "jvm.buffer.total.capacity", Unit.BYTES, "Total capacity of the buffers in one buffer pool", "id"),
            SeriesDescriptor.gauge("jvm.buffer.count", Unit.NONE, "Buffers in one buffer pool", "id"),
            SeriesDescriptor.gauge("jvm.uptime", Unit.SECONDS, "Time since the JVM started"));

    private final int deadlockCheckEvery;
    private final boolean threadStates;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    private final RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
    private final Pool[] pools;
    private final Collector[] collectors;
    private final Buffer[] buffers;
    private final Area heap = new Area("heap");
    private final Area nonHeap = new Area("nonheap");
    private final @Nullable ThreadStates states;

    private final MetricId gcOverhead = MetricId.of("jvm.gc.overhead");
    private final MetricId gcLiveData = MetricId.of("jvm.gc.live.data.size");
    private final MetricId gcMaxData = MetricId.of("jvm.gc.max.data.size");
    private final MetricId heapAfterGcUsage = MetricId.of("jvm.memory.heap.after.gc.usage");
    private final MetricId threadsLive = MetricId.of("jvm.threads.live");
    private final MetricId threadsDaemon = MetricId.of("jvm.threads.daemon");
    private final MetricId threadsPeak = MetricId.of("jvm.threads.peak");
    private final MetricId threadsStarted = MetricId.of("jvm.threads.started");
    private final MetricId threadsDeadlocked = MetricId.of("jvm.threads.deadlocked");
    private final MetricId classesLoaded = MetricId.of("jvm.classes.loaded");
    private final MetricId classesUnloaded = MetricId.of("jvm.classes.unloaded");
    private final MetricId uptime = MetricId.of("jvm.uptime");

    // Touched only by the (one at a time) sample call.
    private long calls;
    private int lastDeadlocked;

    private JvmMetrics(Builder b) {
        this.deadlockCheckEvery = b.deadlockCheckEvery;
        this.threadStates = b.threadStates;
        this.pools =
                ManagementFactory.getMemoryPoolMXBeans().stream().map(Pool::new).toArray(Pool[]::new);
        this.collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(Collector::new)
                .toArray(Collector[]::new);
        this.buffers = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .map(Buffer::new)
                .toArray(Buffer[]::new);
        this.states = b.threadStates ? new ThreadStates() : null;
    }

    /** A source with the defaults: deadlock check every tick, thread counts by state. */
    public static JvmMetrics create() {
        return builder().build();
    }

    /** A builder to change the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "jvm";
    }

    /**
     * Never blocks: called on the sampling thread. Reads MXBeans only.
     */
    @Override
    public boolean mayBlock() {
        return false;
    }

    @Override
    public List<SeriesDescriptor> describe() {
        return DESCRIPTORS;
    }

    /** Ticks between two deadlock checks. */
    public int deadlockCheckEvery() {
        return deadlockCheckEvery;
    }

    /** Whether thread counts by state are reported. */
    public boolean threadStates() {
        return threadStates;
    }

    @Override
    public void sample(SampleSink sink) {
        long call = calls++;
        sampleMemory(sink);
        sampleGc(sink);
        sampleThreads(sink, call);
        sink.gauge(classesLoaded, Unit.NONE, classes.getLoadedClassCount());
        sink.counter(classesUnloaded, Unit.PER_SECOND, (double) classes.getUnloadedClassCount());
        for (Buffer b : buffers) {
            b.sample(sink);
        }
        sink.gauge(uptime, Unit.SECONDS, runtime.getUptime() / 1000.0);
    }

    private void sampleMemory(SampleSink sink) {
        long liveAfterGc = 0;
        for (Pool p : pools) {
            liveAfterGc += p.sample(sink);
        }
        MemoryUsage heapUsage = memory.getHeapMemoryUsage();
        heap.sample(sink, heapUsage);
        nonHeap.sample(sink, memory.getNonHeapMemoryUsage());
        long heapMax = heapUsage.getMax();
        if (heapMax >= 0) {
            sink.gauge(gcMaxData, Unit.BYTES, (double) heapMax);
        }
        if (anyCollection()) {
            sink.gauge(gcLiveData, Unit.BYTES, (double) liveAfterGc);
            if (heapMax > 0) {
                sink.gauge(heapAfterGcUsage, Unit.RATIO, (double) liveAfterGc / heapMax);
            }
        }
    }

    /** Whether a collection has run, so that the pools' after-GC usage means something. */
    private boolean anyCollection() {
        for (Collector c : collectors) {
            if (c.bean.getCollectionCount() > 0) {
                return true;
            }
        }
        return false;
    }

    private void sampleGc(SampleSink sink) {
        long pauseMillis = 0;
        for (Collector c : collectors) {
            long millis = c.sample(sink);
            if (!c.concurrent && millis > 0) {
                pauseMillis += millis;
            }
        }
        sink.counter(gcOverhead, Unit.SECONDS_PER_SECOND, pauseMillis / 1000.0);
    }

    private void sampleThreads(SampleSink sink, long call) {
        sink.gauge(threadsLive, Unit.NONE, threads.getThreadCount());
        sink.gauge(threadsDaemon, Unit.NONE, threads.getDaemonThreadCount());
        sink.gauge(threadsPeak, Unit.NONE, threads.getPeakThreadCount());
        sink.counter(threadsStarted, Unit.PER_SECOND, (double) threads.getTotalStartedThreadCount());
        if (call % deadlockCheckEvery == 0) {
            lastDeadlocked = deadlockedThreads();
        }
        sink.gauge(threadsDeadlocked, Unit.NONE, lastDeadlocked);
        if (states != null) {
            states.sample(sink);
        }
    }

    private int deadlockedThreads() {
        long[] ids = threads.isSynchronizerUsageSupported()
                ? threads.findDeadlockedThreads()
                : threads.findMonitorDeadlockedThreads();
        return ids == null ? 0 : ids.length;
    }

    @Override
    public String toString() {
        return "JvmMetrics[" + pools.length + " memory pools, " + collectors.length + " collectors, " + buffers.length
                + " buffer pools, deadlock check every " + deadlockCheckEvery + " tick(s)]";
    }

    /** One memory pool and its ids. */
    private static final class Pool {
        final MemoryPoolMXBean bean;
        final boolean heap;
        final MetricId used;
        final MetricId committed;
        final MetricId max;

        Pool(MemoryPoolMXBean bean) {
            this.bean = bean;
            this.heap = bean.getType() == MemoryType.HEAP;
            String area = heap ? "heap" : "nonheap";
            String id = bean.getName();
            this.used = MetricId.of("jvm.memory.used", "area", area, "id", id);
            this.committed = MetricId.of("jvm.memory.committed", "area", area, "id", id);
            this.max = MetricId.of("jvm.memory.max", "area", area, "id", id);
        }

        /** Records the pool and returns its usage after the last GC (0 for a non-heap pool). */
        long sample(SampleSink sink) {
            MemoryUsage u = bean.isValid() ? bean.getUsage() : null;
            if (u == null) {
                sink.unknown(used, Unit.BYTES);
                sink.unknown(committed, Unit.BYTES);
                return 0;
            }
            sink.gauge(used, Unit.BYTES, (double) u.getUsed());
            sink.gauge(committed, Unit.BYTES, (double) u.getCommitted());
            if (u.getMax() >= 0) {
                sink.gauge(max, Unit.BYTES, (double) u.getMax());
            }
            if (!heap) {
                return 0;
            }
            MemoryUsage afterGc = bean.getCollectionUsage();
            return afterGc == null ? 0 : afterGc.getUsed();
        }
    }

    /** The totals of one memory area, as the MemoryMXBean reports them. */
    private static final class Area {
        final MetricId used;
        final MetricId committed;
        final MetricId max;

        Area(String area) {
            this.used = MetricId.of("jvm.memory." + area + ".used");
            this.committed = MetricId.of("jvm.memory." + area + ".committed");
            this.max = MetricId.of("jvm.memory." + area + ".max");
        }

        void sample(SampleSink sink, MemoryUsage u) {
            sink.gauge(used, Unit.BYTES, (double) u.getUsed());
            sink.gauge(committed, Unit.BYTES, (double) u.getCommitted());
            if (u.getMax() >= 0) {
                sink.gauge(max, Unit.BYTES, (double) u.getMax());
            }
        }
    }

    /** One garbage collector and its ids. */
    private static final class Collector {
        final GarbageCollectorMXBean bean;
        final boolean concurrent;
        final MetricId collections;
        final MetricId pause;

        Collector(GarbageCollectorMXBean bean) {
            this.bean = bean;
            String name = bean.getName();
            this.concurrent =
                    CONCURRENT_COLLECTORS.contains(name) || (name.startsWith("GPGC") && !name.endsWith("Pauses"));
            this.collections = MetricId.of("jvm.gc.collections", "gc", name);
            this.pause = MetricId.of("jvm.gc.pause", "gc", name);
        }

        /** Records the collector and returns its cumulative time in ms (-1 when undefined). */
        long sample(SampleSink sink) {
            long count = bean.getCollectionCount();
            if (count >= 0) {
                sink.counter(collections, Unit.PER_SECOND, (double) count);
            }
            long millis = bean.getCollectionTime();
            if (millis >= 0) {
                sink.counter(pause, Unit.SECONDS_PER_SECOND, millis / 1000.0);
            }
            return millis;
        }
    }

    /** One buffer pool (direct, mapped, ...) and its ids. */
    private static final class Buffer {
        final BufferPoolMXBean bean;
        final MetricId used;
        final MetricId capacity;
        final MetricId count;

        Buffer(BufferPoolMXBean bean) {
            this.bean = bean;
            String id = bean.getName();
            this.used = MetricId.of("jvm.buffer.memory.used", "id", id);
            this.capacity = MetricId.of("jvm.buffer.total.capacity", "id", id);
            this.count = MetricId.of("jvm.buffer.count", "id", id);
        }

        void sample(SampleSink sink) {
            long memoryUsed = bean.getMemoryUsed();
            if (memoryUsed >= 0) { // -1: the JVM cannot tell
                sink.gauge(used, Unit.BYTES, (double) memoryUsed);
            }
            sink.gauge(capacity, Unit.BYTES, (double) bean.getTotalCapacity());
            sink.gauge(count, Unit.NONE, (double) bean.getCount());
        }
    }

    /**
     * Counts live threads by state by walking the thread groups into a reused array, which costs
     * no per-thread allocation, unlike {@code ThreadMXBean.getThreadInfo} (one {@code ThreadInfo}
     * per thread per tick).
     */
    @SuppressWarnings("EnumOrdinal") // the state's ordinal indexes reused arrays: an EnumMap would box each count
    private static final class ThreadStates {
        private static final Thread.State[] STATES = Thread.State.values();

        final MetricId[] ids = new MetricId[STATES.length];
        final int[] counts = new int[STATES.length];
        Thread[] scratch = new Thread[64];

        ThreadStates() {
            for (Thread.State s : STATES) {
                ids[s.ordinal()] = MetricId.of(
                        "jvm.threads.states",
                        "state",
                        s.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
        }

        void sample(SampleSink sink) {
            ThreadGroup root = Thread.currentThread().getThreadGroup();
            while (root.getParent() != null) {
                root = root.getParent();
            }
            int n;
            while ((n = root.enumerate(scratch, true)) == scratch.length) {
                scratch = new Thread[scratch.length * 2];
            }
            Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[scratch[i].getState().ordinal()]++;
            }
            Arrays.fill(scratch, 0, n, null); // keep no thread reachable between ticks
            for (int s = 0; s < ids.length; s++) {
                sink.gauge(ids[s], Unit.NONE, counts[s]);
            }
        }
    }

    /**
     * Builder of {@link JvmMetrics}; validated as set, the message names the field and the value.
     */
    public static final class Builder {
        private int deadlockCheckEvery = DEFAULT_DEADLOCK_CHECK_EVERY;
        private boolean threadStates = DEFAULT_THREAD_STATES;

        private Builder() {}

        /**
         * Checks for deadlocked threads every {@code ticks} ticks (at least 1) and repeats the last
         * result in between. Default {@link #DEFAULT_DEADLOCK_CHECK_EVERY}.
         */
        public Builder deadlockCheckEvery(int ticks) {
            if (ticks < 1) {
                throw new IllegalArgumentException("deadlockCheckEvery must be at least 1 tick, got " + ticks);
            }
            this.deadlockCheckEvery = ticks;
            return this;
        }

        /** Whether to report {@code jvm.threads.states}. Default {@link #DEFAULT_THREAD_STATES}. */
        public Builder threadStates(boolean enabled) {
            this.threadStates = enabled;
            return this;
        }

        /** Builds the source; looks up the MXBeans once. */
        public JvmMetrics build() {
            return new JvmMetrics(this);
        }
    }
}

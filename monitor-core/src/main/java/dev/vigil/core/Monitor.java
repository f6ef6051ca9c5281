package dev.vigil.core;

import dev.vigil.core.history.History;
import dev.vigil.core.history.HistoryConfig;
import dev.vigil.core.history.HistoryStore;
import dev.vigil.core.internal.FailureLog;
import dev.vigil.core.internal.Require;
import dev.vigil.core.internal.Threads;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Sample;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.MetricSource;
import dev.vigil.core.storage.Storage;
import dev.vigil.core.time.Clock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples every source once per tick, records the readings in a bounded history, and hands each
 * completed tick to its listeners.
 *
 * <p>Ticks run at a fixed rate without drift; a tick still running when the next is due makes
 * that one skipped and counted. Sources run on worker threads, each under its own deadline, so a
 * source that hangs makes only its own series UNKNOWN; a source whose {@link MetricSource#mayBlock()}
 * is false (the built-in host, process and JVM sources) is called on the sampling thread itself. The monitor owns one daemon thread named
 * {@code vigil-monitor} (or uses the executor the host hands it, which it then never shuts down)
 * and source worker threads named {@code vigil-source-N} that end when idle.
 *
 * <pre>{@code
 * try (Monitor monitor = Monitor.builder()
 *         .every(Duration.ofSeconds(10))
 *         .source(HostMetrics.create())
 *         .source(Sources.gauge("app.queue.depth", queue::size))
 *         .listener(tick -> log.info("{}", tick))
 *         .start()) {
 *     ...
 * }
 * }</pre>
 */
public final class Monitor implements AutoCloseable {

    /** Default tick interval. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    /** Default per-source deadline (never longer than the interval). */
    public static final Duration DEFAULT_SOURCE_DEADLINE = Duration.ofSeconds(5);
    /**
     * Every source's status series, tag {@code source} (its name): 1 when it answered in time in
     * the tick, 0 when it threw, missed its deadline or still hung from an earlier tick, as
     * Prometheus' {@code up}.
     */
    public static final String SOURCE_UP = "vigil.source.up";

    private static final Logger log = LoggerFactory.getLogger(Monitor.class);

    private final Duration interval;
    private final Clock clock;
    private final HistoryStore history;
    /** Null when the history is in memory only. */
    private final @Nullable Storage storage;

    private final boolean ownsStorage;
    private final List<SourceSlot> sources;
    /** The same, for the tick's loops: an array needs no iterator. */
    private final SourceSlot[] sourceSlots;

    private final CopyOnWriteArrayList<ListenerSlot> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final ExecutorService sourcePool;
    private final CounterRates rates = new CounterRates();
    private final ReentrantLock tickLock = new ReentrantLock();

    private final AtomicLong ticks = new AtomicLong();
    private final AtomicLong skippedTicks = new AtomicLong();
    private final AtomicLong sourceFailures = new AtomicLong();
    private final AtomicLong sourceTimeouts = new AtomicLong();
    private final AtomicLong listenerFailures = new AtomicLong();
    private final AtomicLong invalidValues = new AtomicLong();

    private final Object lifecycle = new Object();
    private boolean started;
    private volatile boolean closed;
    private @Nullable ScheduledFuture<?> next;
    private long firstTickNanos;
    private long lastSlot;
    private volatile @Nullable Tick lastTick;
    // used by the ticking thread only (under tickLock)
    private final Set<MetricId> unknownScratch = new LinkedHashSet<>();
    private int lastSampleCount;
    private boolean historyFullLogged;

    private Monitor(Builder b) {
        this.interval = b.interval;
        this.clock = b.clock;
        if (b.storagePath != null) {
            this.storage = Storage.open(b.storagePath);
            this.ownsStorage = true;
        } else {
            this.storage = b.storage;
            this.ownsStorage = false;
        }
        try {
            this.history = storage == null
                    ? new HistoryStore(b.historyConfig, b.interval)
                    : HistoryStore.open(b.historyConfig, b.interval, storage.directory("history"), b.threadFactory);
        } catch (RuntimeException e) {
            if (ownsStorage) {
                storage.close();
            }
            throw e;
        }
        List<SourceSlot> slots = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (Map.Entry<MetricSource, Duration> e : b.sources.entrySet()) {
            Duration deadline = e.getValue() != null ? e.getValue() : min(DEFAULT_SOURCE_DEADLINE, b.interval);
            // a source that promises not to block runs on the sampling thread: a hand-off to a
            // worker costs more than such a source's whole call; an explicit deadline still wins
            boolean inline = e.getValue() == null && !mayBlock(e.getKey());
            slots.add(new SourceSlot(e.getKey(), deadline, inline, names));
        }
        this.sources = List.copyOf(slots);
        this.sourceSlots = slots.toArray(new SourceSlot[0]);
        for (TickListener l : b.listeners) {
            listeners.add(new ListenerSlot(l));
            offerStorage(l);
        }
        if (b.executor != null) {
            this.scheduler = b.executor;
            this.ownsScheduler = false;
        } else {
            ScheduledThreadPoolExecutor own =
                    new ScheduledThreadPoolExecutor(1, Threads.factory(b.threadFactory, "vigil-monitor"));
            own.setRemoveOnCancelPolicy(true);
            this.scheduler = own;
            this.ownsScheduler = true;
        }
        // A queue, not a hand-off: a worker whose call has just completed is still counted busy
        // until it gets back to the queue, so with a hand-off and a thread cap the next tick could
        // be refused on a loaded machine and silently skip the source. Each source has at most one
        // call in flight, so as many threads as sources always drain the queue.
        int threads = Math.max(1, slots.size());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                threads,
                threads,
                60,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                Threads.factory(b.threadFactory, "vigil-source-"));
        pool.allowCoreThreadTimeOut(true);
        this.sourcePool = pool;
    }

    private static boolean mayBlock(MetricSource source) {
        try {
            return source.mayBlock();
        } catch (RuntimeException e) {
            return true;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts ticking at a fixed rate, the first tick at once. Calling it again does nothing.
     *
     * @return this monitor
     * @throws IllegalStateException when the monitor is closed
     */
    public Monitor start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("monitor is closed");
            }
            if (started) {
                return this;
            }
            started = true;
            firstTickNanos = clock.monotonicNanos();
            lastSlot = 0; // the first tick runs now, in slot 0
            next = scheduler.schedule(this::scheduledTick, 0, TimeUnit.NANOSECONDS);
        }
        return this;
    }

    private void scheduledTick() {
        if (closed) {
            return;
        }
        try {
            tickIfOpen();
        } catch (Throwable t) {
            log.error("Vigil tick failed unexpectedly; ticking goes on", t);
        }
        scheduleNext();
    }

    private void scheduleNext() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            long intervalNanos = interval.toNanos();
            long now = clock.monotonicNanos();
            long slot = Math.max(lastSlot + 1, (now - firstTickNanos) / intervalNanos + 1);
            long missed = slot - lastSlot - 1;
            if (lastSlot >= 0 && missed > 0) {
                skippedTicks.addAndGet(missed);
                log.debug("Vigil skipped {} tick(s): the previous tick ran past the interval", missed);
            }
            lastSlot = slot;
            long delay = Math.max(0, firstTickNanos + slot * intervalNanos - now);
            next = scheduler.schedule(this::scheduledTick, delay, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Runs one tick now on the calling thread, for hosts that drive ticks themselves and for
     * tests with a manual clock. Ticks never overlap: a call while another tick runs waits for it.
     *
     * @return the completed tick
     * @throws IllegalStateException when the monitor is closed
     */
    public Tick tickNow() {
        tickLock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("monitor is closed");
            }
            return runTick();
        } finally {
            tickLock.unlock();
        }
    }

    /** A scheduled tick that lost the race with close() does nothing. */
    private void tickIfOpen() {
        tickLock.lock();
        try {
            if (!closed) {
                runTick();
            }
        } finally {
            tickLock.unlock();
        }
    }

    private Tick runTick() {
        long now = clock.wallMillis();
        long startNanos = System.nanoTime();
        SourceSlot[] slots = sourceSlots;
        for (SourceSlot slot : slots) {
            slot.start(sourcePool); // those on workers run while the inline ones are called below
        }
        List<Sample> samples = new ArrayList<>(lastSampleCount + 16);
        Set<MetricId> unknown = unknownScratch;
        unknown.clear();
        Sample[] status = new Sample[slots.length];
        for (int i = 0; i < slots.length; i++) {
            SourceSlot slot = slots[i];
            switch (slot.complete(startNanos)) {
                case ANSWERED -> {
                    record(slot.readings(), now, samples, unknown);
                    slot.answered();
                }
                case FAILED -> {
                    sourceFailures.incrementAndGet();
                    slot.markUnknown(unknown);
                }
                case LATE -> {
                    sourceTimeouts.incrementAndGet();
                    slot.markUnknown(unknown);
                }
                case NOT_CALLED -> slot.markUnknown(unknown);
            }
            // not recorded in the history: it would count against maxSeries and reach exporters
            status[i] = new Sample(slot.upId, Unit.NONE, now, slot.isUp() ? 1 : 0);
        }
        history.advanceTo(now);
        lastSampleCount = samples.size();
        Set<MetricId> unknownNow = unknown.isEmpty() ? Set.of() : new LinkedHashSet<>(unknown);
        TickSnapshot tick =
                new TickSnapshot(ticks.incrementAndGet(), now, interval, samples, List.of(status), unknownNow, history);
        lastTick = tick;
        if (tick.sequence() % 64 == 0) {
            rates.evictBefore(now - 3 * Math.max(interval.toMillis(), 1000) * 64);
        }
        for (ListenerSlot l : listeners) {
            l.call(tick);
        }
        return tick;
    }

    private void record(ReadingBuffer buffer, long now, List<Sample> samples, Set<MetricId> unknown) {
        for (int i = 0; i < buffer.size(); i++) {
            MetricId id = buffer.id(i);
            Unit unit = buffer.unit(i);
            double value = buffer.value(i);
            switch (buffer.kind(i)) {
                case ReadingBuffer.UNKNOWN -> unknown.add(id);
                case ReadingBuffer.COUNTER -> {
                    if (!Double.isFinite(value)) {
                        invalidValues.incrementAndGet();
                        unknown.add(id);
                    } else {
                        double rate = rates.rate(id, value, now);
                        if (!Double.isNaN(rate)) {
                            append(new Sample(id, unit, now, rate), samples);
                        }
                    }
                }
                default -> {
                    if (!Double.isFinite(value)) {
                        invalidValues.incrementAndGet();
                        unknown.add(id);
                    } else {
                        append(new Sample(id, unit, now, value), samples);
                    }
                }
            }
        }
    }

    private void append(Sample sample, List<Sample> samples) {
        // The tick always carries the sample: a rule on the latest value needs no history, and a
        // full history must not turn a new series into a silent gap.
        samples.add(sample);
        if (!history.record(sample.id(), sample.unit(), sample.timeMillis(), sample.value()) && !historyFullLogged) {
            historyFullLogged = true;
            log.warn(
                    "Vigil history holds its maximum of {} series; new series such as {} are evaluated "
                            + "but not stored (raise HistoryConfig.maxSeries)",
                    history.config().maxSeries(),
                    sample.id());
        }
    }

    /**
     * Registers a listener for the following ticks.
     *
     * @return a subscription whose {@code close()} removes the listener
     */
    public Subscription addListener(TickListener listener) {
        Objects.requireNonNull(listener, "listener");
        ListenerSlot slot = new ListenerSlot(listener);
        offerStorage(listener);
        listeners.add(slot);
        return () -> listeners.remove(slot);
    }

    /** Tells a listener where the storage directory is, so one {@code storage(...)} call wires all. */
    private void offerStorage(TickListener listener) {
        if (storage == null) {
            return;
        }
        try {
            listener.onStorage(storage);
        } catch (Throwable t) {
            listenerFailures.incrementAndGet();
            log.warn("Vigil listener {} failed to take the storage directory {}", listener, storage.root(), t);
        }
    }

    /** The history, read-only. */
    public History history() {
        return history;
    }

    /** The last completed tick, or {@code null} before the first. */
    public @Nullable Tick lastTick() {
        return lastTick;
    }

    /** The tick interval. */
    public Duration interval() {
        return interval;
    }

    /** The clock ticks are stamped with. */
    public Clock clock() {
        return clock;
    }

    /** Names of the registered sources, in order. */
    public List<String> sourceNames() {
        return sources.stream().map(s -> s.name).toList();
    }

    /** Counters about the monitor itself. */
    public MonitorStats stats() {
        return new MonitorStats(
                ticks.get(),
                skippedTicks.get(),
                sourceFailures.get(),
                sourceTimeouts.get(),
                listenerFailures.get(),
                invalidValues.get(),
                history.droppedSeries());
    }

    /**
     * Stops ticking, waits for a running tick to end, runs one last tick (when the monitor was
     * started and had ticked, so that rules see the latest values), tells every listener {@link
     * TickListener#onClose()}, closes every source that is {@link AutoCloseable}, and stops the
     * threads the monitor created. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            if (next != null) {
                next.cancel(false);
            }
        }
        boolean locked = false;
        try {
            locked = tickLock.tryLock(interval.toMillis() + DEFAULT_SOURCE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (locked && started && ticks.get() > 0) {
                finalTick(); // what changed since the last tick is evaluated before listeners close
            }
            for (ListenerSlot l : listeners) {
                try {
                    l.listener.onClose();
                } catch (Throwable t) {
                    listenerFailures.incrementAndGet();
                    log.warn("Vigil listener {} failed on close", l.listener, t);
                }
            }
        } finally {
            if (locked) {
                tickLock.unlock();
            }
            closeSources();
            if (ownsScheduler) {
                scheduler.shutdownNow();
            }
            sourcePool.shutdownNow();
            history.close(); // a last checkpoint
            if (ownsStorage) {
                storage.close();
            }
        }
    }

    private void finalTick() {
        try {
            runTick();
        } catch (Throwable t) {
            log.warn("Vigil's last tick on close failed", t);
        }
    }

    /** Sources that hold threads or files (host filesystems, probes) are released with the monitor. */
    private void closeSources() {
        for (SourceSlot slot : sources) {
            if (slot.source instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Throwable t) {
                    log.warn("Vigil source '{}' failed to close", slot.name, t);
                }
            }
        }
    }

    /** The storage directory the monitor keeps its history in, or {@code null} when it was given none. */
    public @Nullable Storage storage() {
        return storage;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "Monitor[every " + interval + ", sources=" + sourceNames() + ", ticks=" + ticks.get() + "]";
    }

    /** A listener and whether its last call failed, so failures are logged once per change. */
    private final class ListenerSlot {
        final TickListener listener;
        final FailureLog failures = new FailureLog(log);

        ListenerSlot(TickListener listener) {
            this.listener = listener;
        }

        void call(Tick tick) {
            try {
                listener.onTick(tick);
                failures.succeeded("Vigil listener {} recovered", listener);
            } catch (Throwable t) {
                listenerFailures.incrementAndGet();
                failures.failed("Vigil listener {} failed; it is called again on the next tick", listener, t);
            }
        }
    }

    /**
     * Builder of {@link Monitor}. Validated when built: the message names the field and value.
     */
    public static final class Builder {
        private Duration interval = DEFAULT_INTERVAL;
        private Clock clock = Clock.system();
        private HistoryConfig historyConfig = HistoryConfig.defaults();
        private final LinkedHashMap<MetricSource, Duration> sources = new LinkedHashMap<>();
        private final List<TickListener> listeners = new ArrayList<>();
        private @Nullable ScheduledExecutorService executor;
        private @Nullable ThreadFactory threadFactory;
        private @Nullable Storage storage;
        private @Nullable Path storagePath;

        private Builder() {}

        /** Tick interval; at least 10 ms. Default {@link #DEFAULT_INTERVAL}. */
        public Builder every(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.toMillis() < 10) {
                throw new IllegalArgumentException("interval must be at least 10ms, got " + interval);
            }
            this.interval = interval;
            return this;
        }

        /** The clock; default {@link Clock#system()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** History tiers and limits; default {@link HistoryConfig#defaults()}. */
        public Builder history(HistoryConfig config) {
            this.historyConfig = Objects.requireNonNull(config, "history");
            return this;
        }

        /**
         * Keeps the history in {@code storage}'s {@code history} directory, so it survives a
         * restart. The caller owns {@code storage}: the monitor does not close it. Listeners are
         * offered it ({@link TickListener#onStorage}): an alert engine without a state directory of
         * its own keeps its state in it, and hands it on to its notifications. Default: in memory only.
         */
        public Builder storage(Storage storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            this.storagePath = null;
            return this;
        }

        /**
         * Keeps the history in the storage directory {@code directory}, which the monitor opens
         * (and locks) when built and closes when closed; listeners are offered it as with
         * {@link #storage(Storage)}. Default: in memory only.
         */
        public Builder storage(Path directory) {
            this.storagePath = Objects.requireNonNull(directory, "storage directory");
            this.storage = null;
            return this;
        }

        /** Adds a source with the default deadline (5 s, or the interval when shorter). */
        public Builder source(MetricSource source) {
            Objects.requireNonNull(source, "source");
            if (sources.containsKey(source)) {
                throw new IllegalArgumentException("source '" + source.name() + "' is added twice");
            }
            sources.put(source, null);
            return this;
        }

        /** Adds a source abandoned for the tick when a call runs longer than {@code deadline}. */
        public Builder source(MetricSource source, Duration deadline) {
            Require.positive("deadline of source '" + source.name() + "'", deadline);
            source(source);
            sources.put(source, deadline);
            return this;
        }

        /** Adds a listener called after every tick. */
        public Builder listener(TickListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Ticks on the host's executor instead of a thread of the monitor's own; the monitor
         * never shuts it down.
         */
        public Builder executor(ScheduledExecutorService executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Starts every thread the monitor needs (its ticking thread unless {@link #executor} is
         * given, source workers, the history's writer) from the host's factory, so the application
         * can name, group and account them, as Micrometer's {@code PushMeterRegistry.start(ThreadFactory)}.
         * The factory's names and daemon flag are used as they come; {@link #close()} still stops
         * the threads. Default: daemon threads named {@code vigil-monitor}, {@code vigil-source-N}
         * and {@code vigil-history-io}.
         *
         * <pre>{@code
         * ThreadGroup vigil = new ThreadGroup("vigil");
         * Monitor.builder().threadFactory(task -> new Thread(vigil, task, "app-monitoring"))
         * }</pre>
         */
        public Builder threadFactory(ThreadFactory factory) {
            this.threadFactory = Objects.requireNonNull(factory, "threadFactory");
            return this;
        }

        /** Builds the monitor without starting it. */
        public Monitor build() {
            if (sources.isEmpty() && listeners.isEmpty()) {
                log.debug("Vigil monitor built with no source and no listener");
            }
            return new Monitor(this);
        }

        /** Builds and starts the monitor. */
        public Monitor start() {
            return build().start();
        }
    }
}

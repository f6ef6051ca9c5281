package dev.vigil.core.probe;

import dev.vigil.core.internal.Threads;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.SeriesDescriptor;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.MetricSource;
import dev.vigil.core.source.SampleSink;
import dev.vigil.core.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Runs a group of probes on their own schedules and reports their latest results as series.
 *
 * <p>Sampling never waits for a check: each tick reports the latest completed result of every
 * probe and starts, in the background, the checks that are due (at most one running per probe,
 * at most {@code parallelism} at once, on the source's own daemon threads). A probe's interval may
 * be longer than the tick: its last result is reported on every tick in between. Before a probe's
 * first check completes, it has no series. A check ends at its timeout: its sockets are closed
 * then, TLS handshake included. A check still running past its timeout (name resolution cannot be
 * interrupted) is reported as failed, and from its timeout plus {@link #OVERDUE_GRACE} on it no
 * longer counts against {@code parallelism}: another probe's check starts on another thread, so a
 * hung check never holds a thread that the other probes need. {@link #close()} stops the threads.
 *
 * <p>Series, each tagged {@code probe} (the probe's name) and {@code target}: {@code probe.success},
 * {@code probe.duration}, {@code probe.phase.duration} (also tagged {@code phase}),
 * {@code probe.http.status}, {@code probe.tls.cert.expiry} and {@code probe.tls.cert.not.after}.
 *
 * <pre>{@code
 * try (ProbeSource probes = ProbeSource.builder()
 *             .probe(Probes.http("api", URI.create("https://api.example.com/health")).build())
 *             .probe(Probes.tcp("db", "db.internal", 5432).every(Duration.ofMinutes(1)).build())
 *             .parallelism(2)
 *             .build();
 *      Monitor monitor = Monitor.builder().source(probes).start()) {
 *     ...
 * }
 * }</pre>
 */
public final class ProbeSource implements MetricSource, AutoCloseable {

    /** Default number of checks running at once. */
    public static final int DEFAULT_PARALLELISM = 4;
    /** How long past its timeout a running check is still awaited before it is reported as failed. */
    static final Duration OVERDUE_GRACE = Duration.ofSeconds(1);

    private final List<Slot> slots;
    private final Clock clock;
    private final int parallelism;
    private final ThreadPoolExecutor executor;
    private final AtomicLong launches = new AtomicLong();
    /** Checks waiting for one of the {@code parallelism} permits, in launch order. */
    private final ArrayDeque<Run> waiting = new ArrayDeque<>();
    /** Checks holding a permit: running and not yet past their timeout plus the grace. */
    private int holding;

    private volatile boolean closed;

    private ProbeSource(Builder b) {
        this.clock = b.clock;
        this.parallelism = b.parallelism;
        List<Slot> list = new ArrayList<>();
        for (Probe p : b.probes) {
            list.add(new Slot(p));
        }
        this.slots = List.copyOf(list);
        // no cap on threads: at most parallelism checks hold a permit, plus at most one overdue
        // check per probe (a probe never has two checks running)
        this.executor = new ThreadPoolExecutor(
                0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), Threads.daemon("vigil-probe-"));
    }

    /** A source running {@code probes} with the default parallelism and the system clock. */
    public static ProbeSource of(Probe... probes) {
        Builder b = builder();
        for (Probe p : probes) {
            b.probe(p);
        }
        return b.build();
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The probes, in the order added. */
    public List<Probe> probes() {
        return slots.stream().map(s -> s.probe).toList();
    }

    /** Most checks running at once. */
    public int parallelism() {
        return parallelism;
    }

    /** The latest completed result of each probe that has one, by probe name, in probe order. */
    public Map<String, ProbeResult> lastResults() {
        Map<String, ProbeResult> map = new LinkedHashMap<>();
        for (Slot s : slots) {
            ProbeResult r = s.last;
            if (r != null) {
                map.put(s.probe.name(), r);
            }
        }
        return map;
    }

    /** Number of checks started so far; lets tests see the schedule without waiting for the network. */
    long launches() {
        return launches.get();
    }

    @Override
    public synchronized void sample(SampleSink sink) {
        if (closed) {
            throw new IllegalStateException("probe source is closed");
        }
        long now = clock.monotonicNanos();
        for (Slot slot : slots) {
            ProbeResult result = slot.last;
            if (slot.running) {
                // a check waiting for a free thread is not late: only time actually running counts
                long runningFor = slot.executing ? now - slot.startedNanos : 0;
                if (runningFor > slot.probe.timeout().plus(OVERDUE_GRACE).toNanos()) {
                    result = overdue(slot, runningFor);
                }
            } else if (!slot.everStarted || now - slot.nextDueNanos >= 0) {
                launch(slot, now);
            }
            if (result != null) {
                report(slot, result, sink);
            }
        }
    }

    private void launch(Slot slot, long now) {
        slot.running = true;
        slot.everStarted = true;
        slot.nextDueNanos = now + slot.probe.interval().toNanos();
        synchronized (waiting) {
            waiting.add(new Run(slot));
        }
        launches.incrementAndGet();
        dispatch();
    }

    /** Starts waiting checks while permits are free. */
    private void dispatch() {
        synchronized (waiting) {
            while (holding < parallelism && !waiting.isEmpty()) {
                Run run = waiting.poll();
                if (closed) {
                    run.slot.running = false;
                    continue;
                }
                holding++;
                run.holdsPermit = true;
                try {
                    executor.execute(() -> execute(run));
                } catch (RejectedExecutionException e) { // closed meanwhile
                    holding--;
                    run.holdsPermit = false;
                    run.slot.running = false;
                    continue;
                }
                // real time, as the check's own deadline: the injected clock drives the schedule only
                run.overdue = CheckRecorder.schedule(
                        () -> release(run), run.slot.probe.timeout().plus(OVERDUE_GRACE));
            }
        }
    }

    /** Gives back the permit of {@code run} (at its end, or once it is overdue) and starts the next. */
    private void release(Run run) {
        synchronized (waiting) {
            if (!run.holdsPermit) {
                return;
            }
            run.holdsPermit = false;
            holding--;
            if (run.overdue != null) {
                run.overdue.cancel(false);
            }
        }
        if (!closed) {
            dispatch();
        }
    }

    private void execute(Run run) {
        try {
            run(run.slot);
        } finally {
            release(run);
        }
    }

    private void run(Slot slot) {
        slot.startedNanos = clock.monotonicNanos();
        slot.executing = true;
        long startedWall = clock.wallMillis();
        ProbeResult r;
        try {
            r = slot.probe.check(startedWall);
        } catch (Throwable t) {
            r = new CheckRecorder(slot.probe.name(), startedWall).failed("check failed: " + CheckRecorder.describe(t));
        }
        slot.last = r;
        slot.executing = false;
        slot.running = false;
    }

    private ProbeResult overdue(Slot slot, long runningForNanos) {
        return new ProbeResult(
                slot.probe.name(),
                false,
                Duration.ofNanos(runningForNanos),
                Map.of(),
                0,
                null,
                "still running past the timeout of " + slot.probe.timeout(),
                Instant.ofEpochMilli(clock.wallMillis() - runningForNanos / 1_000_000));
    }

    private void report(Slot slot, ProbeResult r, SampleSink sink) {
        sink.gauge(slot.success, Unit.NONE, r.success() ? 1 : 0);
        sink.gauge(slot.duration, Unit.SECONDS, seconds(r.duration()));
        for (Map.Entry<String, Duration> phase : r.phases().entrySet()) {
            sink.gauge(slot.phaseDuration.withTag("phase", phase.getKey()), Unit.SECONDS, seconds(phase.getValue()));
        }
        if (r.httpStatus() > 0) {
            sink.gauge(slot.httpStatus, Unit.NONE, r.httpStatus());
        }
        if (r.certNotAfter() != null) {
            long notAfterMillis = r.certNotAfter().toEpochMilli();
            sink.gauge(slot.certExpiry, Unit.SECONDS, (notAfterMillis - clock.wallMillis()) / 1000.0);
            sink.gauge(slot.certNotAfter, Unit.EPOCH_SECONDS, notAfterMillis / 1000.0);
        }
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    @Override
    public String name() {
        return "probes";
    }

    /**
     * Never blocks: called on the sampling thread. Reports the last results; the probes themselves
     * run on the source's own threads.
     */
    @Override
    public boolean mayBlock() {
        return false;
    }

    @Override
    public List<SeriesDescriptor> describe() {
        return DESCRIPTORS;
    }

    /** The probe series, generically: one of each per probe. */
    static final List<SeriesDescriptor> DESCRIPTORS = List.of(
            SeriesDescriptor.gauge(
                            "probe.success",
                            Unit.NONE,
                            "1 when the probe's latest check succeeded; 0 when it was refused, timed out, "
                                    + "got an unexpected status or body, or met an untrusted certificate",
                            "probe",
                            "target")
                    .withEquivalent("probe_success"),
            SeriesDescriptor.gauge(
                            "probe.duration",
                            Unit.SECONDS,
                            "Time the probe's latest check took, failed or not",
                            "probe",
                            "target")
                    .withEquivalent("probe_duration_seconds"),
            SeriesDescriptor.gauge(
                            "probe.phase.duration",
                            Unit.SECONDS,
                            "Time of one phase of the latest check: `resolve`, `connect`, `tls` (TLS and HTTPS), "
                                    + "`processing` (request sent until the first response byte) and `transfer` (HTTP); "
                                    + "summed over redirects",
                            "probe",
                            "target",
                            "phase")
                    .withEquivalent("probe_http_duration_seconds"),
            SeriesDescriptor.gauge(
                            "probe.http.status",
                            Unit.NONE,
                            "Final HTTP status of the latest check; absent when no response came",
                            "probe",
                            "target")
                    .withEquivalent("probe_http_status_code"),
            SeriesDescriptor.gauge(
                    "probe.tls.cert.expiry",
                    Unit.SECONDS,
                    "Seconds until the earliest-expiring certificate of the peer's chain expires "
                            + "(negative once expired), for HTTPS and TLS probes; blackbox's `probe_ssl_earliest_cert_expiry - time()`",
                    "probe",
                    "target"),
            SeriesDescriptor.gauge(
                            "probe.tls.cert.not.after",
                            Unit.EPOCH_SECONDS,
                            "When the earliest-expiring certificate of the peer's chain expires",
                            "probe",
                            "target")
                    .withEquivalent("probe_ssl_earliest_cert_expiry"));

    /** Stops the probe threads; a running check is interrupted. Idempotent. */
    @Override
    public void close() {
        closed = true;
        synchronized (waiting) {
            waiting.clear();
        }
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "ProbeSource" + probes();
    }

    /** One check of a probe, from its launch to its end; {@code holdsPermit} is guarded by {@code waiting}. */
    private static final class Run {
        final Slot slot;
        boolean holdsPermit;

        @Nullable
        ScheduledFuture<?> overdue;

        Run(Slot slot) {
            this.slot = slot;
        }
    }

    /** One probe's schedule and latest result; schedule fields are touched by the sampling call only. */
    private static final class Slot {
        final Probe probe;
        final MetricId success;
        final MetricId duration;
        final MetricId phaseDuration;
        final MetricId httpStatus;
        final MetricId certExpiry;
        final MetricId certNotAfter;
        volatile @Nullable ProbeResult last;
        /** Queued or executing. */
        volatile boolean running;

        volatile boolean executing;
        volatile long startedNanos;
        boolean everStarted;
        long nextDueNanos;

        Slot(Probe probe) {
            this.probe = probe;
            String[] tags = {"probe", probe.name(), "target", probe.target()};
            this.success = MetricId.of("probe.success", tags);
            this.duration = MetricId.of("probe.duration", tags);
            this.phaseDuration = MetricId.of("probe.phase.duration", tags);
            this.httpStatus = MetricId.of("probe.http.status", tags);
            this.certExpiry = MetricId.of("probe.tls.cert.expiry", tags);
            this.certNotAfter = MetricId.of("probe.tls.cert.not.after", tags);
        }
    }

    /**
     * Builder of {@link ProbeSource}; validated as it goes and when built.
     *
     * <pre>{@code
     * ProbeSource probes = ProbeSource.builder().probes(List.of(api, db)).parallelism(2).build();
     * }</pre>
     */
    public static final class Builder {
        private final List<Probe> probes = new ArrayList<>();
        private int parallelism = DEFAULT_PARALLELISM;
        private Clock clock = Clock.system();

        private Builder() {}

        /** Adds a probe; names must be unique within the source. */
        public Builder probe(Probe probe) {
            Objects.requireNonNull(probe, "probe");
            for (Probe p : probes) {
                if (p.name().equals(probe.name())) {
                    throw new IllegalArgumentException("probe name '" + probe.name() + "' is used twice");
                }
            }
            probes.add(probe);
            return this;
        }

        /** Adds several probes. */
        public Builder probes(Iterable<? extends Probe> probes) {
            for (Probe p : probes) {
                probe(p);
            }
            return this;
        }

        /** Most checks running at once, at least 1; default {@link #DEFAULT_PARALLELISM}. */
        public Builder parallelism(int parallelism) {
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        /** The clock that decides when a probe is due; default {@link Clock#system()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The source; at least one probe. */
        public ProbeSource build() {
            if (probes.isEmpty()) {
                throw new IllegalArgumentException("probes must not be empty: add at least one probe");
            }
            return new ProbeSource(this);
        }
    }
}

package dev.vigil.alerts.rule;

import dev.vigil.core.history.History;
import dev.vigil.core.history.SeriesHistory;
import dev.vigil.core.internal.Require;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.probe.Probe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ready rules with documented defaults for the host, the JVM and the process ({@link #all()}), and
 * for the sources an application adds itself: probes ({@link #probes()}, for a
 * {@code ProbeSource}) and containers ({@link #container()}, for {@code ContainerMetrics}). Each
 * rule is listed with its metric, condition, {@code for} and reason in {@code docs/rules.md}. Take
 * them as they are, or derive variants with {@link Rule#toBuilder()}.
 *
 * <pre>{@code
 * AlertEngine.builder().rules(RulePacks.all()).rules(RulePacks.probes(Duration.ofMinutes(1)));
 * }</pre>
 */
public final class RulePacks {

    // The series the packs read, in one place. Names follow Micrometer where it has the measurement.
    /** Ratio of a filesystem used, tag {@code mount}. */
    public static final String DISK_USAGE = "disk.usage";
    /** Free bytes of a filesystem, tag {@code mount}. */
    public static final String DISK_FREE = "disk.free";
    /** 1 when the source (tag {@code source}) answered in time in the tick, else 0. */
    public static final String SOURCE_UP = dev.vigil.core.Monitor.SOURCE_UP;
    /** Ratio of physical memory used. */
    public static final String MEMORY_USAGE = "system.memory.usage";
    /** Ratio of swap used. */
    public static final String SWAP_USAGE = "system.swap.usage";
    /** One-minute load average. */
    public static final String LOAD_1M = "system.load.average.1m";
    /** Number of logical CPUs. */
    public static final String CPU_COUNT = "system.cpu.count";
    /** Share of CPU time per mode, tag {@code mode} ({@code steal}, {@code user}, ...). */
    public static final String CPU_MODE_USAGE = "system.cpu.mode.usage";
    /** Share of the machine's CPU time in use. */
    public static final String CPU_USAGE = "system.cpu.usage";
    /** Ratio of the heap in use after the last full collection. */
    public static final String HEAP_AFTER_GC = "jvm.memory.heap.after.gc.usage";
    /** Ratio of time spent in GC. */
    public static final String GC_OVERHEAD = "jvm.gc.overhead";
    /** Number of deadlocked threads. */
    public static final String THREADS_DEADLOCKED = "jvm.threads.deadlocked";
    /** Open file descriptors of the process. */
    public static final String FILES_OPEN = "process.files.open";
    /** File descriptor limit of the process. */
    public static final String FILES_MAX = "process.files.max";
    /** Ratio of the machine's CPU used by the process. */
    public static final String PROCESS_CPU = "process.cpu.usage";
    /** 1 when the probe's latest check succeeded, else 0; tags {@code probe}, {@code target}. */
    public static final String PROBE_SUCCESS = "probe.success";
    /** Seconds the probe's latest check took; tags {@code probe}, {@code target}. */
    public static final String PROBE_DURATION = "probe.duration";
    /** Seconds until the peer's earliest certificate expires; tags {@code probe}, {@code target}. */
    public static final String PROBE_CERT_EXPIRY = "probe.tls.cert.expiry";
    /** Working set as a share of the container's memory limit; absent when unlimited. */
    public static final String CONTAINER_MEMORY_UTILIZATION = "container.memory.utilization";
    /** Share of the CFS periods in which the container was throttled; absent when unlimited. */
    public static final String CONTAINER_CPU_THROTTLED = "container.cpu.throttled.periods";
    /** Processes of the container killed by the OOM killer, per second. */
    public static final String CONTAINER_OOM_KILLS = "container.memory.oom_kills";

    /** Consecutive failed checks before {@code probe-down} fires (Nagios' {@code max_check_attempts}). */
    public static final int PROBE_DOWN_CHECKS = 3;

    private RulePacks() {}

    /**
     * Host rules: disk filling, disk predicted full within 4 h, memory, swap, load per core, CPU
     * steal.
     */
    public static List<Rule> host() {
        List<Rule> rules = new ArrayList<>();
        rules.add(Rule.threshold("disk-filling")
                .metric(DISK_USAGE)
                .warnAbove(0.90)
                .critAbove(0.95)
                .clearBelow(0.88)
                .forDuration(Duration.ofMinutes(5))
                .summary("Disk {{mount}} is {{value}} full (threshold {{threshold}})")
                .build());
        rules.add(Rule.threshold("disk-full-in-4h")
                .metric(DISK_FREE)
                .predict(Duration.ofHours(1), Duration.ofHours(4))
                .warnBelow(0)
                .forDuration(Duration.ofMinutes(10))
                .summary("Disk {{mount}} will be full within 4 hours at the rate of the last hour")
                .build());
        rules.add(Rule.threshold("memory-high")
                .metric(MEMORY_USAGE)
                .warnAbove(0.90)
                .critAbove(0.95)
                .forDuration(Duration.ofMinutes(5))
                .summary("Memory is {{value}} used (threshold {{threshold}})")
                .build());
        rules.add(Rule.threshold("swap-high")
                .metric(SWAP_USAGE)
                .warnAbove(0.50)
                .critAbove(0.80)
                .forDuration(Duration.ofMinutes(10))
                .summary("Swap is {{value}} used (threshold {{threshold}})")
                .build());
        rules.add(Rule.custom("load-per-core-high")
                .metric(LOAD_1M)
                .value(dividedBy(CPU_COUNT), "load average 1m / cpu count")
                .warnAbove(1.5)
                .critAbove(3.0)
                .forDuration(Duration.ofMinutes(10))
                .summary("Load per core is {{value}} (threshold {{threshold}})")
                .build());
        rules.add(Rule.threshold("cpu-steal-high")
                .metric(CPU_MODE_USAGE)
                .where("mode", "steal")
                .warnAbove(0.10)
                .critAbove(0.25)
                .forDuration(Duration.ofMinutes(10))
                .summary("The hypervisor steals {{value}} of the CPU (threshold {{threshold}})")
                .build());
        return List.copyOf(rules);
    }

    /** JVM rules: heap after GC, GC time ratio, deadlocked threads. */
    public static List<Rule> jvm() {
        return List.of(
                Rule.threshold("heap-after-gc-high")
                        .metric(HEAP_AFTER_GC)
                        .warnAbove(0.90)
                        .critAbove(0.95)
                        .forDuration(Duration.ofMinutes(5))
                        .summary("The heap is {{value}} full right after GC (threshold {{threshold}})")
                        .build(),
                Rule.threshold("gc-overhead-high")
                        .metric(GC_OVERHEAD)
                        .warnAbove(0.10)
                        .critAbove(0.30)
                        .forDuration(Duration.ofMinutes(5))
                        .summary("GC takes {{value}} of the time (threshold {{threshold}})")
                        .build(),
                Rule.threshold("threads-deadlocked")
                        .metric(THREADS_DEADLOCKED)
                        .critAbove(0)
                        .summary("{{value}} threads are deadlocked")
                        .build());
    }

    /**
     * Source rules: a source that has not answered (it threw or missed its deadline) on three
     * ticks in a row, from its status series {@value dev.vigil.core.Monitor#SOURCE_UP} (Prometheus'
     * {@code up == 0}). Its own series are UNKNOWN meanwhile; this is the alert that says why.
     */
    public static List<Rule> sources() {
        return List.of(Rule.threshold("source-down")
                .metric(SOURCE_UP)
                .critBelow(1)
                .forEvaluations(3)
                .summary("Source {{source}} has not answered on 3 ticks in a row; its series are UNKNOWN")
                .build());
    }

    /** Process rules: file descriptors near the limit, process CPU. */
    public static List<Rule> process() {
        return List.of(
                Rule.custom("file-descriptors-near-limit")
                        .metric(FILES_OPEN)
                        .value(dividedBy(FILES_MAX), "open files / max files")
                        .unit(Unit.RATIO)
                        .warnAbove(0.80)
                        .critAbove(0.90)
                        .forDuration(Duration.ofMinutes(5))
                        .summary("{{value}} of the file descriptors are open (threshold {{threshold}})")
                        .build(),
                Rule.threshold("process-cpu-high")
                        .metric(PROCESS_CPU)
                        .warnAbove(0.90)
                        .forDuration(Duration.ofMinutes(10))
                        .summary("The process uses {{value}} of the CPU (threshold {{threshold}})")
                        .build());
    }

    /**
     * Probe rules for probes checked at {@link Probe#DEFAULT_INTERVAL}: endpoint down, slow,
     * certificate expiring; see {@link #probes(Duration)}.
     */
    public static List<Rule> probes() {
        return probes(Probe.DEFAULT_INTERVAL);
    }

    /**
     * Probe rules: endpoint down for {@value #PROBE_DOWN_CHECKS} consecutive checks, slow checks,
     * certificate expiring within 14 days (critical within 3). A probe series repeats its latest
     * check on every tick, so {@code probe-down} waits {@code PROBE_DOWN_CHECKS - 1} check intervals
     * after the first failure is seen. For probes on different intervals, derive one
     * {@code probe-down} per interval with {@code toBuilder().where("probe", name)}.
     *
     * @param checkInterval the interval the probes are checked at ({@code Probe.Builder#every})
     */
    public static List<Rule> probes(Duration checkInterval) {
        Require.positive("checkInterval", checkInterval);
        return List.of(
                Rule.threshold("probe-down")
                        .metric(PROBE_SUCCESS)
                        .critBelow(1)
                        .forDuration(checkInterval.multipliedBy(PROBE_DOWN_CHECKS - 1))
                        .summary("Probe {{probe}} of {{target}} failed " + PROBE_DOWN_CHECKS + " checks in a row")
                        .build(),
                Rule.custom("probe-slow")
                        .metric(PROBE_DURATION)
                        .value(whileSucceeding(), "duration of succeeding checks")
                        .unit(Unit.SECONDS)
                        .warnAbove(1)
                        .critAbove(3)
                        .forDuration(Duration.ofMinutes(5))
                        .summary("Probe {{probe}} of {{target}} takes {{value}} (threshold {{threshold}})")
                        .build(),
                Rule.threshold("probe-cert-expiring")
                        .metric(PROBE_CERT_EXPIRY)
                        .warnBelow((double) Duration.ofDays(14).toSeconds())
                        .critBelow((double) Duration.ofDays(3).toSeconds())
                        .keepFiringFor(Duration.ofHours(1))
                        .summary("The certificate of {{target}} expires in {{value}} (threshold {{threshold}})")
                        .build());
    }

    /** Container rules: memory near the limit, CPU throttled, OOM kill. */
    public static List<Rule> container() {
        return List.of(
                Rule.threshold("container-memory-near-limit")
                        .metric(CONTAINER_MEMORY_UTILIZATION)
                        .warnAbove(0.90)
                        .critAbove(0.95)
                        .forDuration(Duration.ofMinutes(5))
                        .summary("The container uses {{value}} of its memory limit (threshold {{threshold}})")
                        .build(),
                Rule.threshold("container-cpu-throttled")
                        .metric(CONTAINER_CPU_THROTTLED)
                        .warnAbove(0.25)
                        .critAbove(0.50)
                        .forDuration(Duration.ofMinutes(15))
                        .summary("The container is throttled in {{value}} of the CPU periods (threshold {{threshold}})")
                        .build(),
                Rule.threshold("container-oom-kill")
                        .metric(CONTAINER_OOM_KILLS)
                        .critAbove(0)
                        .keepFiringFor(Duration.ofMinutes(15))
                        .summary("The OOM killer killed a process of the container")
                        .build());
    }

    /**
     * The default packs: host, JVM and process, whose series the monitor's standard sources
     * report, and {@link #sources()}, which watches every source. {@link #probes()} and
     * {@link #container()} are not included: they watch sources the
     * application adds itself, and the probe rules depend on its check interval.
     */
    public static List<Rule> all() {
        List<Rule> all = new ArrayList<>(host());
        all.addAll(jvm());
        all.addAll(process());
        all.addAll(sources());
        return List.copyOf(all);
    }

    /**
     * The series' latest value divided by the latest value of {@code denominator}: the series of
     * that name with the same tags, else the one without tags. {@code NaN} when the series has no
     * sample in the latest tick, when the denominator has never been recorded, or when it is 0.
     *
     * <pre>{@code
     * Rule.custom("load-per-core").metric("system.load.average.1m")
     *         .value(RulePacks.dividedBy("system.cpu.count"), "load per core").warnAbove(1.5);
     * }</pre>
     */
    public static SeriesFunction dividedBy(String denominator) {
        if (!MetricId.isValidName(denominator)) {
            throw new IllegalArgumentException("denominator is not a valid metric name: '" + denominator + "'");
        }
        return new Ratio(denominator);
    }

    /**
     * The series' latest value while the {@value #PROBE_SUCCESS} series of the same tags says its
     * latest check succeeded; {@code NaN} otherwise: a failed check lasts up to its timeout, which
     * is {@code probe-down}'s business, not {@code probe-slow}'s.
     */
    static SeriesFunction whileSucceeding() {
        return new Sibling(PROBE_SUCCESS) {
            @Override
            double combine(double value, SeriesHistory success, History history) {
                return success.latestTimeMillis() >= history.nowMillis() && success.latest() == 1 ? value : Double.NaN;
            }
        };
    }

    /**
     * A value of a series and of the series of another name that goes with it: the one with the
     * same tags, else the one without tags (its id looked up once per series). {@code NaN} when
     * the series has no sample in the latest tick or the other series was never recorded.
     */
    private abstract static class Sibling implements SeriesFunction {
        final String sibling;
        private final MetricId untagged;
        private final ConcurrentHashMap<MetricId, MetricId> sameTags = new ConcurrentHashMap<>();

        Sibling(String sibling) {
            this.sibling = sibling;
            this.untagged = MetricId.of(sibling);
        }

        abstract double combine(double value, SeriesHistory other, History history);

        @Override
        public final double apply(SeriesHistory series, History history) {
            if (series.latestTimeMillis() < history.nowMillis()) {
                return Double.NaN; // no sample this tick: a missing sample never breaches
            }
            MetricId id = series.id();
            MetricId tagged = sameTags.get(id);
            if (tagged == null) {
                tagged = MetricId.of(sibling, id.tags());
                sameTags.put(id, tagged);
            }
            SeriesHistory other = history.series(tagged);
            if (other == null) {
                other = history.series(untagged);
            }
            return other == null ? Double.NaN : combine(series.latest(), other, history);
        }
    }

    /** Division by another series. */
    private static final class Ratio extends Sibling {
        Ratio(String denominator) {
            super(denominator);
        }

        @Override
        double combine(double value, SeriesHistory denominator, History history) {
            double den = denominator.latest();
            return den == 0 ? Double.NaN : value / den;
        }

        @Override
        public String toString() {
            return "divided by " + sibling;
        }
    }
}

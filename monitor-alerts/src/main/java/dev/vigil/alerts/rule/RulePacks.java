package dev.vigil.alerts.rule;

import dev.vigil.core.history.History;
import dev.vigil.core.history.SeriesHistory;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ready rules with documented defaults for the host, the JVM and the process (each rule is listed
 * with its metric, condition, {@code for} and reason in {@code docs/rules.md}). Take them as they
 * are, or derive variants with {@link Rule#toBuilder()}.
 *
 * <pre>{@code
 * AlertEngine.builder().rules(RulePacks.host()).rules(RulePacks.jvm()).rules(RulePacks.process());
 * }</pre>
 */
public final class RulePacks {

    // The series the packs read, in one place. Names follow Micrometer where it has the measurement.
    /** Ratio of a filesystem used, tag {@code mount}. */
    public static final String DISK_USAGE = "disk.usage";
    /** Free bytes of a filesystem, tag {@code mount}. */
    public static final String DISK_FREE = "disk.free";
    /** Ratio of physical memory used. */
    public static final String MEMORY_USAGE = "system.memory.usage";
    /** Ratio of swap used. */
    public static final String SWAP_USAGE = "system.swap.usage";
    /** One-minute load average. */
    public static final String LOAD_1M = "system.load.average.1m";
    /** Number of logical CPUs. */
    public static final String CPU_COUNT = "system.cpu.count";
    /** Ratio of CPU time, tag {@code mode} ({@code steal}, {@code user}, ...). */
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

    private RulePacks() {
    }

    /**
     * Host rules: disk filling, disk predicted full within 4 h, memory, swap, load per core, CPU
     * steal.
     */
    public static List<Rule> host() {
        List<Rule> rules = new ArrayList<>();
        rules.add(Rule.threshold("disk-filling").metric(DISK_USAGE)
                .warnAbove(0.90).critAbove(0.95).clearBelow(0.88).forDuration(Duration.ofMinutes(5))
                .summary("Disk {{mount}} is {{value}} full (threshold {{threshold}})").build());
        rules.add(Rule.threshold("disk-full-in-4h").metric(DISK_FREE)
                .predict(Duration.ofHours(1), Duration.ofHours(4)).warnBelow(0).forDuration(Duration.ofMinutes(10))
                .summary("Disk {{mount}} will be full within 4 hours at the rate of the last hour").build());
        rules.add(Rule.threshold("memory-high").metric(MEMORY_USAGE)
                .warnAbove(0.90).critAbove(0.95).forDuration(Duration.ofMinutes(5))
                .summary("Memory is {{value}} used (threshold {{threshold}})").build());
        rules.add(Rule.threshold("swap-high").metric(SWAP_USAGE)
                .warnAbove(0.50).critAbove(0.80).forDuration(Duration.ofMinutes(10))
                .summary("Swap is {{value}} used (threshold {{threshold}})").build());
        rules.add(Rule.custom("load-per-core-high").metric(LOAD_1M)
                .value(dividedBy(CPU_COUNT), "load average 1m / cpu count")
                .warnAbove(1.5).critAbove(3.0).forDuration(Duration.ofMinutes(10))
                .summary("Load per core is {{value}} (threshold {{threshold}})").build());
        rules.add(Rule.threshold("cpu-steal-high").metric(CPU_USAGE).where("mode", "steal")
                .warnAbove(0.10).critAbove(0.25).forDuration(Duration.ofMinutes(10))
                .summary("The hypervisor steals {{value}} of the CPU (threshold {{threshold}})").build());
        return List.copyOf(rules);
    }

    /** JVM rules: heap after GC, GC time ratio, deadlocked threads. */
    public static List<Rule> jvm() {
        return List.of(
                Rule.threshold("heap-after-gc-high").metric(HEAP_AFTER_GC)
                        .warnAbove(0.90).critAbove(0.95).forDuration(Duration.ofMinutes(5))
                        .summary("The heap is {{value}} full right after GC (threshold {{threshold}})").build(),
                Rule.threshold("gc-overhead-high").metric(GC_OVERHEAD)
                        .warnAbove(0.10).critAbove(0.30).forDuration(Duration.ofMinutes(5))
                        .summary("GC takes {{value}} of the time (threshold {{threshold}})").build(),
                Rule.threshold("threads-deadlocked").metric(THREADS_DEADLOCKED).critAbove(0)
                        .summary("{{value}} threads are deadlocked").build());
    }

    /** Process rules: file descriptors near the limit, process CPU. */
    public static List<Rule> process() {
        return List.of(
                Rule.custom("file-descriptors-near-limit").metric(FILES_OPEN)
                        .value(dividedBy(FILES_MAX), "open files / max files").unit(Unit.RATIO)
                        .warnAbove(0.80).critAbove(0.90).forDuration(Duration.ofMinutes(5))
                        .summary("{{value}} of the file descriptors are open (threshold {{threshold}})").build(),
                Rule.threshold("process-cpu-high").metric(PROCESS_CPU)
                        .warnAbove(0.90).forDuration(Duration.ofMinutes(10))
                        .summary("The process uses {{value}} of the CPU (threshold {{threshold}})").build());
    }

    /** Every pack: host, JVM and process. */
    public static List<Rule> all() {
        List<Rule> all = new ArrayList<>(host());
        all.addAll(jvm());
        all.addAll(process());
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

    /** Division by another series, its id looked up once per numerator series. */
    private static final class Ratio implements SeriesFunction {
        private final String denominator;
        private final MetricId untagged;
        private final ConcurrentHashMap<MetricId, MetricId> sameTags = new ConcurrentHashMap<>();

        Ratio(String denominator) {
            this.denominator = denominator;
            this.untagged = MetricId.of(denominator);
        }

        @Override
        public double apply(SeriesHistory series, History history) {
            if (series.latestTimeMillis() < history.nowMillis()) {
                return Double.NaN; // no sample this tick: a missing sample never breaches
            }
            MetricId numerator = series.id();
            MetricId tagged = sameTags.get(numerator);
            if (tagged == null) {
                tagged = MetricId.of(denominator, numerator.tags());
                sameTags.put(numerator, tagged);
            }
            SeriesHistory d = history.series(tagged);
            if (d == null) {
                d = history.series(untagged);
            }
            if (d == null) {
                return Double.NaN;
            }
            double den = d.latest();
            return den == 0 ? Double.NaN : series.latest() / den;
        }

        @Override
        public String toString() {
            return "divided by " + denominator;
        }
    }
}

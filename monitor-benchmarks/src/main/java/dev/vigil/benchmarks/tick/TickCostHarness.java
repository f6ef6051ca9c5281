package dev.vigil.benchmarks.tick;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures what one tick costs each contender the way a sampler really runs: once per interval
 * (1 s by default) for a while (60 s by default), not in a hot loop, so that the code runs mostly
 * interpreted or lightly compiled as it does in production. Every contender takes its tick in the
 * same interval, in an order rotated each tick, so all of them see the same machine.
 *
 * <p>Per tick it records the CPU time and the bytes allocated by the calling thread plus every
 * thread named {@code vigil-*} (Vigil's source and filesystem workers) for contenders that use
 * them, read {@link #SETTLE_NANOS} after the tick returns so that their tail is counted. The first
 * {@code warmupTicks} ticks (class loading, first allocation of the history) are run but not
 * counted; a {@link NoopContender} shows what the measurement itself costs.
 *
 * <pre>{@code
 * var harness = new TickCostHarness(new TickCostHarness.Options(Duration.ofSeconds(1), 60, 2));
 * List<TickCostHarness.Stats> stats = harness.run(List.of(new NoopContender(), new JdkFloor(new Mounts(), 60)));
 * }</pre>
 */
public final class TickCostHarness {

    /** Name prefix of the worker threads whose cost is added to the caller's. */
    public static final String WORKER_PREFIX = "vigil-";

    /** How long the harness waits after a tick before reading the workers' counters. */
    static final long SETTLE_NANOS = 2_000_000;

    private final Options options;

    public TickCostHarness(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * How the harness runs.
     *
     * @param interval time between two ticks of a contender
     * @param measuredTicks ticks counted per contender
     * @param warmupTicks ticks run first and not counted
     */
    public record Options(Duration interval, int measuredTicks, int warmupTicks) {
        public Options {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("interval must be positive, got " + interval);
            }
            if (measuredTicks < 1) {
                throw new IllegalArgumentException("measuredTicks must be at least 1, got " + measuredTicks);
            }
            if (warmupTicks < 0) {
                throw new IllegalArgumentException("warmupTicks must not be negative, got " + warmupTicks);
            }
        }
    }

    /**
     * What one contender's ticks cost.
     *
     * @param name contender
     * @param description what one of its ticks does
     * @param ticks ticks counted
     * @param cpuMicros CPU time per tick in microseconds: median, mean, p90, max
     * @param allocBytes bytes allocated per tick: median, mean, p90, max
     * @param workerCpuShare share of the CPU time spent on {@code vigil-*} worker threads
     * @param workerAllocShare share of the allocated bytes allocated on those threads
     */
    public record Stats(
            String name,
            String description,
            int ticks,
            Summary cpuMicros,
            Summary allocBytes,
            double workerCpuShare,
            double workerAllocShare) {}

    /** Median, mean, 90th percentile and maximum of a set of per-tick figures. */
    public record Summary(double median, double mean, double p90, double max) {
        static Summary of(double[] values) {
            double[] v = values.clone();
            Arrays.sort(v);
            return new Summary(
                    quantile(v, 0.5), Arrays.stream(v).average().orElse(Double.NaN), quantile(v, 0.9), v[v.length - 1]);
        }

        private static double quantile(double[] sorted, double q) {
            double rank = q * (sorted.length - 1);
            int lo = (int) Math.floor(rank);
            int hi = (int) Math.ceil(rank);
            return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
        }
    }

    /** Runs every contender at the configured cadence and returns their costs, in the given order. */
    public List<Stats> run(List<? extends TickContender> contenders) throws Exception {
        int n = contenders.size();
        int total = options.warmupTicks() + options.measuredTicks();
        double[][] cpu = new double[n][options.measuredTicks()];
        double[][] alloc = new double[n][options.measuredTicks()];
        double[] workerCpu = new double[n];
        double[] allCpu = new double[n];
        double[] workerAlloc = new double[n];
        double[] allAlloc = new double[n];
        ThreadCost cost = new ThreadCost(WORKER_PREFIX);
        long intervalNanos = options.interval().toNanos();
        long start = System.nanoTime();
        for (int tick = 0; tick < total; tick++) {
            long due = start + tick * intervalNanos;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            for (int k = 0; k < n; k++) {
                int c = (k + tick) % n; // rotate who goes first: no contender always runs on a cold cache
                TickContender contender = contenders.get(c);
                boolean workers = contender.usesWorkers();
                cost.begin(workers);
                contender.tick();
                if (workers) {
                    // a worker finishes its task just after the caller sees the result: let it end
                    LockSupport.parkNanos(SETTLE_NANOS);
                }
                long[] d = cost.end(workers);
                int m = tick - options.warmupTicks();
                if (m >= 0) {
                    cpu[c][m] = (d[0] + d[2]) / 1_000.0;
                    alloc[c][m] = d[1] + d[3];
                    workerCpu[c] += d[2];
                    allCpu[c] += d[0] + d[2];
                    workerAlloc[c] += d[3];
                    allAlloc[c] += d[1] + d[3];
                }
            }
        }
        List<Stats> out = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            TickContender t = contenders.get(c);
            out.add(new Stats(
                    t.name(),
                    t.description(),
                    options.measuredTicks(),
                    Summary.of(cpu[c]),
                    Summary.of(alloc[c]),
                    share(workerCpu[c], allCpu[c]),
                    share(workerAlloc[c], allAlloc[c])));
        }
        return out;
    }

    private static double share(double part, double whole) {
        return whole == 0 ? 0 : part / whole;
    }
}

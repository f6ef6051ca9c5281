package dev.vigil.benchmarks;

import dev.vigil.benchmarks.history.DurableHistoryFigures;
import dev.vigil.benchmarks.history.HistoryBenchmark;
import dev.vigil.benchmarks.history.HistoryStorageBenchmark;
import dev.vigil.benchmarks.history.RawTierFootprint;
import dev.vigil.benchmarks.history.RecordedSeries;
import dev.vigil.benchmarks.notify.AlertLatency;
import dev.vigil.benchmarks.notify.AlertStormBenchmark;
import dev.vigil.benchmarks.overhead.LibraryOverhead;
import dev.vigil.benchmarks.rules.HostileSilenceBenchmark;
import dev.vigil.benchmarks.rules.RuleEvaluationBenchmark;
import dev.vigil.benchmarks.tick.JdkFloor;
import dev.vigil.benchmarks.tick.MicrometerBinders;
import dev.vigil.benchmarks.tick.Mounts;
import dev.vigil.benchmarks.tick.NoopContender;
import dev.vigil.benchmarks.tick.OshiDirect;
import dev.vigil.benchmarks.tick.TickContender;
import dev.vigil.benchmarks.tick.TickCostHarness;
import dev.vigil.benchmarks.tick.VigilDefaultSources;
import dev.vigil.benchmarks.tick.VigilSourcesOnly;
import dev.vigil.notify.Notifications;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the whole benchmark suite and writes {@code results.json} and {@code results.md}:
 * {@code java -jar vigil-benchmarks.jar [--quick] [--ticks 60] [--tick-interval-ms 1000]
 * [--only tick,history] [--overhead-minutes 14] [--out benchmark-results]}.
 *
 * <pre>{@code
 * List<Figure> figures = BenchmarkSuite.run(BenchmarkSuite.Options.quick(Path.of("target/smoke")));
 * }</pre>
 */
public final class BenchmarkSuite {

    /** Parts of the suite, in the order they run. */
    public static final List<String> PARTS = List.of("tick", "history", "rules", "notify", "overhead");

    private BenchmarkSuite() {}

    /**
     * How to run.
     *
     * @param quick tiny JMH counts in this JVM (no fork): for the smoke test, not for figures
     * @param tickInterval cadence of the tick cost harness
     * @param measuredTicks ticks counted per contender
     * @param warmupTicks ticks run first and not counted
     * @param parts parts to run, from {@link #PARTS}
     * @param overheadWall how long the whole-library overhead JVMs run; the steady window is its
     *     second half
     * @param out directory for the result files
     * @param command the command line, for the report
     */
    public record Options(
            boolean quick,
            Duration tickInterval,
            int measuredTicks,
            int warmupTicks,
            Set<String> parts,
            Duration overheadWall,
            Path out,
            String command) {
        public Options {
            Objects.requireNonNull(tickInterval, "tickInterval");
            Objects.requireNonNull(overheadWall, "overheadWall");
            if (overheadWall.toSeconds() < 2) {
                throw new IllegalArgumentException("overheadWall must be at least 2 s, got " + overheadWall);
            }
            Objects.requireNonNull(out, "out");
            parts = Set.copyOf(parts);
            for (String p : parts) {
                if (!PARTS.contains(p)) {
                    throw new IllegalArgumentException("part must be one of " + PARTS + ", got '" + p + "'");
                }
            }
        }

        /** The full run: 1 s ticks for 60 s after 2 warm-up ticks, every part. */
        public static Options full(Path out, String command) {
            return new Options(
                    false, Duration.ofSeconds(1), 60, 2, new LinkedHashSet<>(PARTS), OVERHEAD_WALL, out, command);
        }

        /** The smoke run: a few 50 ms ticks, one 100 ms JMH iteration of each benchmark. */
        public static Options quick(Path out) {
            return new Options(
                    true,
                    Duration.ofMillis(50),
                    3,
                    1,
                    new LinkedHashSet<>(PARTS),
                    Duration.ofSeconds(3),
                    out,
                    "smoke test");
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        long start = System.nanoTime();
        List<Figure> figures = run(o);
        figures.add(Figure.info(
                "suite.duration",
                "Whole suite, wall time",
                (System.nanoTime() - start) / 60e9,
                "min",
                "this run, including JMH forks"));
        new Report(Environment.describe(o.command()), figures).write(o.out());
        System.out.println(new Report(Environment.describe(o.command()), figures).markdown());
        System.out.println("written to " + o.out().toAbsolutePath());
    }

    static Options parse(String[] args) {
        Options o =
                Options.full(Path.of("benchmark-results"), "java -jar vigil-benchmarks.jar " + String.join(" ", args));
        boolean quick = false;
        Duration interval = o.tickInterval();
        int ticks = o.measuredTicks();
        Set<String> parts = o.parts();
        Duration overheadWall = o.overheadWall();
        Path out = o.out();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--ticks" -> ticks = Integer.parseInt(args[++i]);
                case "--tick-interval-ms" -> interval = Duration.ofMillis(Long.parseLong(args[++i]));
                case "--only" -> parts = new LinkedHashSet<>(List.of(args[++i].split(",")));
                case "--overhead-minutes" -> overheadWall = Duration.ofMinutes(Long.parseLong(args[++i]));
                case "--out" -> out = Path.of(args[++i]);
                default ->
                    throw new IllegalArgumentException("unknown option '" + args[i]
                            + "'; options: --quick --ticks N --tick-interval-ms N --only " + String.join(",", PARTS)
                            + " --overhead-minutes N --out DIR");
            }
        }
        if (quick && !Arrays.asList(args).contains("--overhead-minutes")) {
            overheadWall = Options.quick(out).overheadWall();
        }
        return new Options(quick, interval, ticks, o.warmupTicks(), parts, overheadWall, out, o.command());
    }

    /** Runs the parts asked for and returns their figures. */
    public static List<Figure> run(Options o) throws Exception {
        List<Figure> figures = new ArrayList<>();
        if (o.parts().contains("tick")) {
            figures.addAll(tickCost(o));
        }
        if (o.parts().contains("history")) {
            figures.addAll(history(o));
        }
        if (o.parts().contains("rules")) {
            figures.addAll(rules(o));
        }
        if (o.parts().contains("notify")) {
            figures.addAll(notify(o));
        }
        if (o.parts().contains("overhead")) {
            figures.addAll(overhead(o));
        }
        return figures;
    }

    static List<Figure> tickCost(Options o) throws Exception {
        // filesystems are read every 60 s by Vigil; the baselines that can follow the same schedule do
        int fsEvery = (int)
                Math.max(1, Duration.ofSeconds(60).toMillis() / o.tickInterval().toMillis());
        Mounts mounts = new Mounts();
        List<TickContender> contenders = new ArrayList<>();
        contenders.add(new NoopContender());
        contenders.add(new JdkFloor(mounts, fsEvery));
        contenders.add(new OshiDirect(fsEvery));
        contenders.add(new MicrometerBinders(mounts));
        contenders.add(new VigilDefaultSources(o.tickInterval()));
        contenders.add(new VigilSourcesOnly());
        List<TickCostHarness.Stats> stats;
        try {
            stats = new TickCostHarness(
                            new TickCostHarness.Options(o.tickInterval(), o.measuredTicks(), o.warmupTicks()))
                    .run(contenders);
        } finally {
            for (TickContender c : contenders) {
                c.close();
            }
        }
        TickCostHarness.Stats floor = stats.get(1);
        TickCostHarness.Stats oshi = stats.get(2);
        TickCostHarness.Stats micrometer = stats.get(3);
        TickCostHarness.Stats vigil = stats.get(4);
        String cadence = o.measuredTicks() + " ticks at " + o.tickInterval().toMillis() + " ms";
        List<Figure> figures = new ArrayList<>();
        for (TickCostHarness.Stats s : stats) {
            String key = s.name().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]+", "_");
            figures.add(Figure.info(
                    "tick.cpu.median." + key,
                    "Tick CPU, median: " + s.name(),
                    s.cpuMicros().median(),
                    "µs",
                    "mean " + Figure.format(s.cpuMicros().mean()) + " µs, p90 "
                            + Figure.format(s.cpuMicros().p90()) + " µs, max "
                            + Figure.format(s.cpuMicros().max())
                            + " µs; " + Math.round(100 * s.workerCpuShare()) + " % on vigil-* workers; "
                            + cadence + "; " + s.description()));
            figures.add(Figure.info(
                    "tick.alloc.mean." + key,
                    "Tick allocation, mean: " + s.name(),
                    s.allocBytes().mean(),
                    "bytes",
                    "median " + Figure.format(s.allocBytes().median())
                            + " bytes, max " + Figure.format(s.allocBytes().max()) + " bytes; "
                            + Math.round(100 * s.workerAllocShare()) + " % on vigil-* workers"));
        }
        figures.add(Figure.atMost(
                "tick.cpu.vigil_over_floor",
                "Tick CPU, Vigil / floor (medians)",
                vigil.cpuMicros().median() / floor.cpuMicros().median(),
                "x",
                1.5,
                "means: "
                        + Figure.format(
                                vigil.cpuMicros().mean() / floor.cpuMicros().mean()) + " x"));
        figures.add(Figure.atMost(
                "tick.cpu.vigil_over_oshi",
                "Tick CPU, Vigil / OSHI direct (medians)",
                vigil.cpuMicros().median() / oshi.cpuMicros().median(),
                "x",
                1,
                "below 1 means cheaper than OSHI; means: "
                        + Figure.format(
                                vigil.cpuMicros().mean() / oshi.cpuMicros().mean()) + " x"));
        figures.add(Figure.atMost(
                "tick.cpu.vigil_over_micrometer",
                "Tick CPU, Vigil / Micrometer binders (medians)",
                vigil.cpuMicros().median() / micrometer.cpuMicros().median(),
                "x",
                1,
                "below 1 means cheaper than Micrometer's binders; means: "
                        + Figure.format(vigil.cpuMicros().mean()
                                / micrometer.cpuMicros().mean()) + " x"));
        figures.add(Figure.atMost(
                "tick.alloc.vigil",
                "Tick allocation, Vigil default sources (mean)",
                vigil.allocBytes().mean() / 1024,
                "KiB",
                10,
                "whole tick: sources, counter rates, history, tick view"));
        return figures;
    }

    static List<Figure> history(Options o) throws RunnerException {
        List<Figure> figures = new ArrayList<>();
        for (RunResult r : jmh(o, HistoryBenchmark.class, false)) {
            String method = method(r);
            String interval = r.getParams().getParam("intervalSeconds");
            double score = r.getPrimaryResult().getScore();
            String note = "JMH average time, tick interval " + interval + " s, default tiers; ± "
                    + Figure.format(r.getPrimaryResult().getScoreError()) + " ns (99.9 %)";
            if (method.equals("append")) {
                figures.add(Figure.atMost(
                        "history.append." + interval + "s",
                        "History append (" + interval + " s ticks)",
                        score,
                        "ns",
                        50,
                        note));
            } else {
                figures.add(Figure.atMost(
                        "history.avg1h." + interval + "s",
                        "History 1-hour average (" + interval + " s ticks)",
                        score / 1000,
                        "µs",
                        2,
                        note));
            }
        }
        RecordedSeries recording = RecordedSeries.load();
        RawTierFootprint.Result fp = RawTierFootprint.measure(recording, o.quick() ? 2 : 20);
        String what = fp.samples() + " samples of " + fp.series() + " series (" + fp.copies() + " copies of "
                + recording.series().size() + " recorded real series, up to " + recording.longest()
                + " samples each)";
        figures.add(Figure.atMost(
                "history.raw.bytes_per_sample",
                "History raw tier, heap per additional sample",
                fp.marginalBytesPerSample(),
                "bytes",
                2,
                "marginal: per-series overhead cancelled out; " + what));
        figures.add(Figure.info(
                "history.raw.bytes_per_sample_total",
                "History raw tier, heap per sample held",
                fp.totalBytesPerSample(),
                "bytes",
                "retained heap over samples held, per-series overhead included; " + what));
        figures.add(Figure.info(
                "history.raw.bytes_per_sample_uncompressed",
                "Uncompressed ring (before issue 14), heap per additional sample",
                RawTierFootprint.uncompressedMarginalBytesPerSample(recording, o.quick() ? 2 : 20),
                "bytes",
                "the baseline, measured the same way in the same run; " + what));
        for (RunResult r : jmh(o, HistoryStorageBenchmark.class, false)) {
            boolean compressed = method(r).equals("appendCompressed");
            String note = "JMH average time, raw tier only, 10 s ticks, recorded values; ± "
                    + Figure.format(r.getPrimaryResult().getScoreError()) + " ns (99.9 %)";
            figures.add(
                    compressed
                            ? Figure.atMost(
                                    "history.raw.append",
                                    "Raw tier append, Gorilla-compressed",
                                    r.getPrimaryResult().getScore(),
                                    "ns",
                                    50,
                                    note)
                            : Figure.info(
                                    "history.raw.append_uncompressed",
                                    "Raw tier append, uncompressed ring (baseline)",
                                    r.getPrimaryResult().getScore(),
                                    "ns",
                                    note));
        }
        DurableHistoryFigures.Result d =
                DurableHistoryFigures.measure(recording, o.quick() ? 50 : 1_000, o.quick() ? 2 : 30);
        figures.add(Figure.atMost(
                "history.disk.bytes_per_sample",
                "History raw tier on disk, bytes per sample",
                d.diskBytesPerSample(),
                "bytes",
                2,
                "segments and head after a close, " + recording.sampleCount()
                        + " recorded samples; an uncompressed (time, value) log of the same samples: "
                        + Figure.format(d.uncompressedBytesPerSample()) + " bytes"));
        figures.add(
                Figure.info(
                        "history.disk.bytes_per_hour",
                        "History bytes written to disk per hour",
                        d.bytesWrittenPerHour() / 1024,
                        "KiB",
                        "the " + d.recordedSeries() + " recorded series of the default "
                                + "sources at 10 s ticks, default tiers, 60 s checkpoints (catalog, segments, tier slots, head)"));
        figures.add(Figure.atMost(
                "history.disk.reopen",
                "History reopen, " + d.reopenSeries() + " series with " + d.reopenDays() + " days",
                d.reopenMillis(),
                "ms",
                1000,
                "best of 3 HistoryStore.open of a " + (d.reopenDiskBytes() >> 20)
                        + " MiB directory, default tiers, 10 s ticks"));
        return figures;
    }

    static List<Figure> rules(Options o) throws RunnerException {
        List<Figure> figures = new ArrayList<>();
        for (RunResult r : jmh(o, RuleEvaluationBenchmark.class, true)) {
            String series = r.getParams().getParam("series");
            String suffix = series.equals("1000") ? "" : "." + series;
            String count = series.equals("1000") ? "1,000" : "10,000";
            figures.add(Figure.atMost(
                    "rules.pass.time" + suffix,
                    "Rule evaluation, " + count + " threshold rules over " + count + " series, per pass",
                    r.getPrimaryResult().getScore(),
                    "µs",
                    1000,
                    "JMH average time of AlertEngine.onTick, no alert " + "changing state; ± "
                            + Figure.format(r.getPrimaryResult().getScoreError()) + " µs (99.9 %)"));
            figures.add(Figure.atMost(
                    "rules.pass.alloc" + suffix,
                    "Rule evaluation (" + count + " rules), allocation per pass",
                    secondary(r, "gc.alloc.rate.norm"),
                    "bytes",
                    1,
                    "JMH gc profiler, gc.alloc.rate.norm; the goal is none, read as under 1 byte per pass "
                            + "(the profiler's resolution)"));
        }
        for (RunResult r : jmh(o, HostileSilenceBenchmark.class, false)) {
            figures.add(Figure.atMost(
                    "rules.hostile_silence.time",
                    "Rule evaluation with a silence matching " + "(.*a){12} against 10 firing alerts, per pass",
                    r.getPrimaryResult().getScore(),
                    "µs",
                    100,
                    "JMH average time; RE2/J, linear time (a "
                            + "backtracking engine takes about 1 s per check); ± "
                            + Figure.format(r.getPrimaryResult().getScoreError()) + " µs (99.9 %)"));
        }
        return figures;
    }

    static List<Figure> notify(Options o) throws Exception {
        List<Figure> figures = new ArrayList<>();
        Duration interval = o.quick() ? Duration.ofMillis(50) : Duration.ofMillis(100);
        int crossings = o.quick() ? 3 : 100;
        int warmup = o.quick() ? 3 : 1000;
        // The goal's figure is measured as it always was: the first crossings this JVM sees, the
        // path loaded, interpreted and compiled meanwhile. The warm figures come after it, for
        // information: the same measurement after a warm-up, as JMH measures.
        AlertLatency.Result def = AlertLatency.measure(interval, crossings, Notifications.Builder.DEFAULT_FLUSH_EVERY);
        figures.add(Figure.atMost(
                "notify.latency.p99",
                "Alert latency, tick to notifier call, p99 (defaults, group wait 0)",
                def.p99(),
                "ms",
                2,
                latencyNote(def)));
        AlertLatency.Result fast = AlertLatency.measure(interval, crossings, Duration.ofMillis(10));
        figures.add(Figure.info(
                "notify.latency.p99.flush10ms",
                "Alert latency, p99, notifications flushed every 10 ms",
                fast.p99(),
                "ms",
                latencyNote(fast)));
        AlertLatency.Result warm =
                AlertLatency.measureWarm(interval, warmup, crossings, Notifications.Builder.DEFAULT_FLUSH_EVERY);
        figures.add(Figure.info(
                "notify.latency.p99.warm",
                "Alert latency, p99 after a warm-up (defaults, group wait 0)",
                warm.p99(),
                "ms",
                latencyNote(warm)));
        AlertLatency.Result warmFast = AlertLatency.measureWarm(interval, warmup, crossings, Duration.ofMillis(10));
        figures.add(Figure.info(
                "notify.latency.p99.warm.flush10ms",
                "Alert latency, p99 after a warm-up, notifications flushed every 10 ms",
                warmFast.p99(),
                "ms",
                latencyNote(warmFast)));
        for (RunResult r : jmh(o, AlertStormBenchmark.class, true)) {
            figures.add(Figure.atLeast(
                    "notify.storm.events_per_second",
                    "Alert storm, events routed and grouped on one thread",
                    r.getPrimaryResult().getScore(),
                    "events/s",
                    100_000,
                    "JMH throughput; 10,000 alerts firing and resolving, 2 routes, grouped by alertname, "
                            + "flushed every 1,000 events in the measured time; ± "
                            + Figure.format(r.getPrimaryResult().getScoreError()) + " (99.9 %)"));
            figures.add(Figure.info(
                    "notify.storm.alloc_per_event",
                    "Alert storm, allocation per event",
                    secondary(r, "gc.alloc.rate.norm"),
                    "bytes",
                    "JMH gc profiler, gc.alloc.rate.norm"));
        }
        return figures;
    }

    private static String latencyNote(AlertLatency.Result r) {
        return "median " + Figure.format(r.p50()) + " ms, max " + Figure.format(r.max()) + " ms over " + r.crossings()
                + " crossings"
                + (r.warmup() > 0
                        ? " after " + r.warmup() + " unmeasured ones (ticks every "
                                + AlertLatency.WARMUP_INTERVAL.toMillis() + " ms)"
                        : "")
                + "; ticks every " + r.interval().toMillis() + " ms, flush every "
                + r.flushEvery().toMillis()
                + " ms; from the source reading the crossing value to the notifier's call, on real threads";
    }

    /**
     * How long the whole-library overhead JVMs run by default: as long as the 20-minute budget of
     * the full suite allows; the steady window is the second half.
     */
    static final Duration OVERHEAD_WALL = Duration.ofMinutes(14);
    /** The first span, comparable with the runs before the steady window moved. */
    static final Duration OVERHEAD_FIRST_SPAN = Duration.ofMinutes(5);

    static List<Figure> overhead(Options o) throws Exception {
        Duration wall = o.overheadWall();
        Duration interval = o.quick() ? Duration.ofSeconds(1) : Duration.ofSeconds(10);
        LibraryOverhead.Result r =
                LibraryOverhead.measure(wall, interval, OVERHEAD_FIRST_SPAN, Duration.ofSeconds(wall.toSeconds() / 2));
        String how = "two JVMs side by side, ticks every " + interval.toSeconds()
                + " s, default JVM flags; the first " + r.firstSpan().toSeconds() + " s: idle JVM "
                + Figure.format(r.idleCpuNanos() / 1e6) + " ms CPU, with Vigil "
                + Figure.format(r.vigilCpuNanos() / 1e6)
                + " ms; includes loading and first compilation of Vigil";
        String steadyHow = "the same from " + r.wall().minus(r.steadyWall()).toSeconds() + " s to the end of a "
                + r.wall().toSeconds() + " s run (" + r.steadyWall().toSeconds() + " s): idle JVM "
                + Figure.format(r.idleSteadyCpuNanos() / 1e6) + " ms CPU, with Vigil "
                + Figure.format(r.vigilSteadyCpuNanos() / 1e6) + " ms; JIT compiler threads in the window: idle "
                + Figure.format(r.idleCompilerMicros() / 1e3) + " ms, with Vigil "
                + Figure.format(r.vigilCompilerMicros() / 1e3)
                + " ms; extra CPU by thread (ms): " + topMillis(r.threadCpuDifference(), 8);
        // what the JIT still compiles at 10 s ticks falls in any window a 20-minute suite allows
        double compilerShare = (r.vigilCompilerMicros() - r.idleCompilerMicros())
                * 1e3
                / r.steadyWall().toNanos();
        return List.of(
                Figure.atMost(
                        "overhead.cpu",
                        "Whole library, CPU share of one core over an idle JVM",
                        100 * r.cpuShareOfOneCore(),
                        "%",
                        0.05,
                        how),
                Figure.atMost(
                        "overhead.cpu.steady",
                        "Whole library, CPU share of one core over an idle JVM, steady state",
                        100 * r.steadyCpuShareOfOneCore(),
                        "%",
                        0.03,
                        steadyHow),
                Figure.info(
                        "overhead.cpu.steady.jit",
                        "Whole library, steady state: of which JIT compiler threads",
                        100 * compilerShare,
                        "%",
                        "compiler threads' CPU in the window (schedstat), Vigil's JVM minus the"
                                + " idle one, over the window; information, not a goal"),
                Figure.atMost(
                        "overhead.heap",
                        "Whole library, heap held over an idle JVM",
                        r.heapBytes() / (1024.0 * 1024.0),
                        "MiB",
                        16,
                        "heap in use after full GCs, monitor open"));
    }

    private static String topMillis(java.util.Map<String, Long> micros, int n) {
        return micros.entrySet().stream()
                .limit(n)
                .map(e -> e.getKey() + " " + Figure.format(e.getValue() / 1e3))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    static Collection<RunResult> jmh(Options o, Class<?> benchmark, boolean gc) throws RunnerException {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include("^" + benchmark.getName().replace(".", "\\.") + "\\.")
                .shouldFailOnError(true);
        if (o.quick()) {
            // the smoke run's figures mean nothing: it need not wait for a full run holding JMH's lock
            System.setProperty("jmh.ignoreLock", "true");
            b.forks(0)
                    .warmupIterations(1)
                    .warmupTime(TimeValue.milliseconds(100))
                    .measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(100));
        }
        if (gc) {
            b.addProfiler(GCProfiler.class);
        }
        return new Runner(b.build()).run();
    }

    static String method(RunResult r) {
        String name = r.getParams().getBenchmark();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    static double secondary(RunResult r, String key) {
        Result<?> s = r.getSecondaryResults().get(key);
        return s == null ? Double.NaN : s.getScore();
    }
}

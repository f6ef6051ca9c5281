package dev.vigil.benchmarks.rules;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.history.HistoryConfig;
import dev.vigil.core.history.HistoryStore;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Sample;
import dev.vigil.core.metric.Unit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One evaluation pass of an {@link AlertEngine} holding 1,000 (or 10,000) threshold rules, each
 * over its own series, fed a tick of as many samples that all stay below their thresholds: no
 * alert changes state. Run with JMH's {@code gc} profiler, {@code gc.alloc.rate.norm} is the allocation per
 * pass. Two sample sets with different values alternate, so values do change between passes.
 *
 * <pre>{@code
 * java -jar vigil-benchmarks.jar --only rules
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RuleEvaluationBenchmark {

    /** Rules, and series, one each. */
    @Param({"1000", "10000"})
    public int series;

    private AlertEngine engine;
    private BenchTick tick;
    private final List<List<Sample>> sampleSets = new ArrayList<>();
    private int next;

    @Setup
    public void setUp() {
        Duration interval = Duration.ofSeconds(10);
        HistoryStore history = new HistoryStore(HistoryConfig.defaults(), interval);
        AlertEngine.Builder b = AlertEngine.builder();
        List<MetricId> ids = new ArrayList<>();
        for (int i = 0; i < series; i++) {
            MetricId id = MetricId.of("bench.usage", "instance", "i" + i);
            ids.add(id);
            b.rule(Rule.threshold("usage-" + i)
                    .metric("bench.usage")
                    .where("instance", "i" + i)
                    .warnAbove(0.90)
                    .critAbove(0.95));
        }
        engine = b.build();
        long start = 1_700_000_000_000L;
        for (int set = 0; set < 2; set++) {
            List<Sample> samples = new ArrayList<>(series);
            for (int i = 0; i < series; i++) {
                double v = 0.2 + 0.5 * ((i * 7 + set * 13) % 100) / 100.0; // 0.2 .. 0.7, below both
                samples.add(new Sample(ids.get(i), Unit.RATIO, start, v));
                history.record(ids.get(i), Unit.RATIO, start + set * interval.toMillis(), v);
            }
            sampleSets.add(List.copyOf(samples));
        }
        history.advanceTo(start + interval.toMillis());
        tick = new BenchTick(interval, history, start + interval.toMillis());
        engine.onTick(tick.advance(sampleSets.get(0))); // first pass creates the alert instances
        if (!engine.activeAlerts().isEmpty()) {
            throw new IllegalStateException("no alert may be active: " + engine.activeAlerts());
        }
    }

    @Benchmark
    public BenchTick evaluatePass() {
        next ^= 1;
        engine.onTick(tick.advance(sampleSets.get(next)));
        return tick;
    }

    @TearDown
    public void tearDown() {
        if (!engine.activeAlerts().isEmpty()) {
            throw new IllegalStateException("an alert changed state during the benchmark: " + engine.activeAlerts());
        }
        engine.close();
    }
}

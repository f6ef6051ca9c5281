package dev.vigil.benchmarks.history;

import dev.vigil.core.history.HistoryConfig;
import dev.vigil.core.history.HistoryStore;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Append cost of the raw tier alone (no consolidated tier) at 10 s ticks, on the recorded real
 * values: the Gorilla-compressed tier against the uncompressed ring it replaced, in the same
 * run.
 *
 * <pre>{@code
 * java -jar vigil-benchmarks.jar --jmh HistoryStorageBenchmark
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class HistoryStorageBenchmark {

    private static final long INTERVAL = 10_000;

    private HistoryStore compressed;
    private MetricId id;
    private UncompressedRing uncompressed;
    private double[] values;
    private int next;
    private long time;

    @Setup
    public void setUp() {
        values = HistoryBenchmark.recordedValues();
        HistoryConfig rawOnly =
                HistoryConfig.builder().raw(Duration.ofHours(1)).noTiers().build();
        compressed = new HistoryStore(rawOnly, Duration.ofMillis(INTERVAL));
        id = MetricId.of("bench.append");
        uncompressed = new UncompressedRing(rawOnly.rawCapacity(Duration.ofMillis(INTERVAL)));
        time = 1_700_000_000_000L;
        for (int i = 0; i < 720; i++) { // both at capacity
            appendCompressed();
            appendUncompressed();
        }
    }

    private double nextValue() {
        double v = values[next];
        if (++next == values.length) {
            next = 0;
        }
        return v;
    }

    @Benchmark
    public boolean appendCompressed() {
        time += INTERVAL;
        return compressed.record(id, Unit.BYTES, time, nextValue());
    }

    @Benchmark
    public int appendUncompressed() {
        time += INTERVAL;
        uncompressed.append(time, nextValue());
        return uncompressed.size();
    }
}

package dev.vigil.benchmarks.history;

import dev.vigil.core.history.HistoryConfig;
import dev.vigil.core.history.HistoryStore;
import dev.vigil.core.history.SeriesHistory;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The history's hot paths with the default configuration (raw 1 h plus 1-minute and 1-hour
 * tiers): one {@link HistoryStore#record} of a series already held (what the monitor does per
 * sample, consolidated tiers included), and a 1-hour {@link SeriesHistory#avg} (what a windowed
 * rule does per evaluation). Values come from {@link RecordedSeries}, real host and JVM readings.
 *
 * <pre>{@code
 * java -jar vigil-benchmarks.jar --jmh HistoryBenchmark
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class HistoryBenchmark {

    private static final Duration ONE_HOUR = Duration.ofHours(1);

    /** Tick interval in seconds: 10 is the default (360 raw samples an hour), 1 the finest usual. */
    @Param({"10", "1"})
    public int intervalSeconds;

    private HistoryStore appendStore;
    private MetricId appendId;
    private double[] values;
    private int next;
    private long appendTime;
    private long intervalMillis;
    private SeriesHistory queried;

    @Setup
    public void setUp() {
        intervalMillis = intervalSeconds * 1000L;
        values = recordedValues();
        Duration interval = Duration.ofSeconds(intervalSeconds);
        appendStore = new HistoryStore(HistoryConfig.defaults(), interval);
        appendId = MetricId.of("bench.append");
        HistoryStore queryStore = new HistoryStore(HistoryConfig.defaults(), interval);
        MetricId queryId = MetricId.of("bench.query");
        // two hours: both rings at capacity, so neither grows while measured
        int samples = (int) (2 * ONE_HOUR.toMillis() / intervalMillis);
        long t = 1_700_000_000_000L;
        for (int i = 0; i < samples; i++) {
            t += intervalMillis;
            appendStore.record(appendId, Unit.BYTES, t, values[i % values.length]);
            queryStore.record(queryId, Unit.BYTES, t, values[i % values.length]);
        }
        queryStore.advanceTo(t);
        appendTime = t;
        queried = queryStore.series(queryId);
    }

    /** Every recorded value, series after series, so appends see real runs and real changes. */
    static double[] recordedValues() {
        RecordedSeries rec = RecordedSeries.load();
        double[] all = new double[(int) rec.sampleCount()];
        int n = 0;
        for (RecordedSeries.Series s : rec.series()) {
            System.arraycopy(s.values(), 0, all, n, s.values().length);
            n += s.values().length;
        }
        return all;
    }

    @Benchmark
    public boolean append() {
        appendTime += intervalMillis;
        double v = values[next];
        if (++next == values.length) {
            next = 0;
        }
        return appendStore.record(appendId, Unit.BYTES, appendTime, v);
    }

    @Benchmark
    public double average1h() {
        return queried.avg(ONE_HOUR);
    }
}

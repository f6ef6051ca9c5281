package dev.vigil.benchmarks.history;

import dev.vigil.core.history.HistoryConfig;
import dev.vigil.core.history.HistoryStore;
import dev.vigil.core.history.RawFitPaths;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The least-squares fit behind the built-in "disk predicted full within 4 h" rule: {@code
 * predict(1h, 4h)} on the raw tier at 10 s ticks (360 samples in two or three chunks of up to
 * 240), as the rule runs it: one sample appended, then the fit, every operation, so the window
 * moves through every position in the chunks. The fit's cost is each {@code tickThen*} figure
 * minus {@link #tick}'s, in the same run:
 *
 * <ul>
 *   <li>{@code tickThenPredictByDecoding}: the previous path, decoding every chunk the window
 *       overlaps, then two passes;
 *   <li>{@code tickThenPredictFromChunkTerms}: per-chunk fit terms, resuming the decoding of the
 *       cut chunk where the last tick's window started (the path queries take);
 *   <li>{@code tickThenShortFitThenPredictFromChunkTerms} minus {@code tickThenShortFit}: chunk
 *       terms without resuming (a 5 s fit in between leaves no cursor), so the part before the
 *       window in the cut chunk is decoded every time.
 * </ul>
 *
 * At 10 s ticks the rule runs interpreted for hours, so run it once as is and once with {@code
 * -Xint}:
 *
 * <pre>{@code
 * java -cp vigil-benchmarks.jar org.openjdk.jmh.Main RawFitBenchmark
 * java -cp vigil-benchmarks.jar org.openjdk.jmh.Main RawFitBenchmark -jvmArgsAppend -Xint
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class RawFitBenchmark {

    private static final long INTERVAL_MILLIS = 10_000;
    private static final long WINDOW_MILLIS = Duration.ofHours(1).toMillis();
    private static final double AHEAD_SECONDS = Duration.ofHours(4).toSeconds();

    private HistoryStore store;
    private MetricId id;
    private SeriesHistory series;
    private double[] values;
    private int next;
    private long now;

    @Setup
    public void setUp() {
        values = HistoryBenchmark.recordedValues();
        store = new HistoryStore(HistoryConfig.defaults(), Duration.ofMillis(INTERVAL_MILLIS));
        id = MetricId.of("bench.disk.free");
        now = 1_700_000_000_000L;
        // two hours: the raw ring at capacity, so it does not grow while measured
        for (int i = 0; i < 720; i++) {
            tick();
        }
        series = store.series(id);
        for (int i = 0; i < 240; i++) { // a chunk's worth of positions: both fits agree at each
            tick();
            double fromTerms = RawFitPaths.predictFromChunkTerms(series, now, WINDOW_MILLIS, AHEAD_SECONDS);
            double byDecoding = RawFitPaths.predictByDecoding(series, now, WINDOW_MILLIS, AHEAD_SECONDS);
            if (!(Math.abs(fromTerms - byDecoding) <= 1e-9 * Math.max(1, Math.abs(byDecoding)))) {
                throw new IllegalStateException("the two fits disagree: " + fromTerms + " vs " + byDecoding);
            }
        }
    }

    @Benchmark
    public long tick() {
        now += INTERVAL_MILLIS;
        store.record(id, Unit.BYTES, now, values[next]);
        if (++next == values.length) {
            next = 0;
        }
        store.advanceTo(now);
        return now;
    }

    @Benchmark
    public double tickThenPredictByDecoding() {
        return RawFitPaths.predictByDecoding(series, tick(), WINDOW_MILLIS, AHEAD_SECONDS);
    }

    @Benchmark
    public double tickThenPredictFromChunkTerms() {
        return RawFitPaths.predictFromChunkTerms(series, tick(), WINDOW_MILLIS, AHEAD_SECONDS);
    }

    @Benchmark
    public double tickThenShortFit() {
        return RawFitPaths.predictFromChunkTerms(series, tick(), 5_000, AHEAD_SECONDS);
    }

    @Benchmark
    public double tickThenShortFitThenPredictFromChunkTerms() {
        return tickThenShortFit() + RawFitPaths.predictFromChunkTerms(series, now, WINDOW_MILLIS, AHEAD_SECONDS);
    }

    /** What a rule calls (window checks and the series' lock included). */
    @Benchmark
    public double tickThenPredictThroughTheApi() {
        tick();
        return series.predict(Duration.ofHours(1), Duration.ofHours(4));
    }
}

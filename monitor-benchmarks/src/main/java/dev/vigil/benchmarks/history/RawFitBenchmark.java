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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The least-squares fit behind the built-in "disk predicted full within 4 h" rule: {@code
 * predict(1h, 4h)} on the raw tier at 10 s ticks (360 samples, chunks of 240), from per-chunk fit
 * terms (decoding only the part of the chunk before the window) against the previous path
 * (decoding every chunk the window overlaps, then two passes), in the same run. At 10 s ticks the
 * rule runs interpreted for hours, so run it once as is and once with {@code -Xint}:
 *
 * <pre>{@code
 * java -cp vigil-benchmarks.jar org.openjdk.jmh.Main RawFitBenchmark
 * java -cp vigil-benchmarks.jar org.openjdk.jmh.Main RawFitBenchmark -jvmArgsAppend -Xint
 * }</pre>
 *
 * {@code openSamples} is how full the open chunk is: with 60 the hour spans three chunks (180
 * samples of the oldest decoded, to be subtracted), with 180 two (60 decoded).
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

    @Param({"60", "180"})
    public int openSamples;

    private SeriesHistory series;
    private long now;

    @Setup
    public void setUp() {
        double[] values = HistoryBenchmark.recordedValues();
        HistoryStore store = new HistoryStore(HistoryConfig.defaults(), Duration.ofMillis(INTERVAL_MILLIS));
        MetricId id = MetricId.of("bench.disk.free");
        long t = 1_700_000_000_000L;
        // four chunks sealed (the oldest since dropped), then the open chunk's samples
        for (int i = 0; i < 4 * 240 + openSamples; i++) {
            t += INTERVAL_MILLIS;
            store.record(id, Unit.BYTES, t, values[i % values.length]);
        }
        store.advanceTo(t);
        series = store.series(id);
        now = t;
        double fromTerms = predictFromChunkTerms();
        double byDecoding = predictByDecoding();
        if (!(Math.abs(fromTerms - byDecoding) <= 1e-9 * Math.max(1, Math.abs(byDecoding)))) {
            throw new IllegalStateException("the two fits disagree: " + fromTerms + " vs " + byDecoding);
        }
    }

    @Benchmark
    public double predictFromChunkTerms() {
        return RawFitPaths.predictFromChunkTerms(series, now, WINDOW_MILLIS, AHEAD_SECONDS);
    }

    @Benchmark
    public double predictByDecoding() {
        return RawFitPaths.predictByDecoding(series, now, WINDOW_MILLIS, AHEAD_SECONDS);
    }

    /** What a rule calls (window checks and the series' lock included): the fit from chunk terms. */
    @Benchmark
    public double predictThroughTheApi() {
        return series.predict(Duration.ofHours(1), Duration.ofHours(4));
    }
}

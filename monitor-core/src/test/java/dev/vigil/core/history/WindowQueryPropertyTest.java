package dev.vigil.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.history.SeriesHistory.Point;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Every window query equals a brute-force computation over the whole recorded sequence: over the
 * samples themselves within raw retention, over buckets built from the samples beyond it.
 */
class WindowQueryPropertyTest {

    private static final MetricId ID = MetricId.of("test.value");
    private static final long INTERVAL = 1_000;
    private static final long RAW = 60_000;
    private static final long[] RESOLUTION = {10_000, 60_000};
    private static final long[] RETENTION = {300_000, 1_800_000};
    private static final HistoryConfig CONFIG = HistoryConfig.builder()
            .raw(Duration.ofMillis(RAW))
            .tier(Duration.ofMillis(RESOLUTION[0]), Duration.ofMillis(RETENTION[0]))
            .tier(Duration.ofMillis(RESOLUTION[1]), Duration.ofMillis(RETENTION[1]))
            .build();
    private static final long T0 = 1_767_225_600_000L;

    /** A sample {@code gapTicks} intervals (plus a jitter under one interval) after the previous one. */
    record Step(int gapTicks, int jitterMillis, double value) {}

    /**
     * One sample, or one bucket; {@code seconds} places it in time relative to now, where the
     * documentation says rates and regressions place it.
     */
    record Pt(long time, double seconds, long count, double sum, double min, double max) {
        double value() {
            return sum / count;
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> gaps = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(1)),
                Tuple.of(5, Arbitraries.integers().between(2, 5)),
                Tuple.of(1, Arbitraries.integers().between(6, 300)));
        Arbitrary<Double> values = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.doubles().between(-1000, 1000)),
                Tuple.of(1, Arbitraries.integers().between(0, 20).map(Integer::doubleValue)));
        return Combinators.combine(gaps, Arbitraries.integers().between(0, 999), values)
                .as(Step::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(2500)
                .withSizeDistribution(RandomDistribution.uniform()); // long runs wrap every tier
    }

    @Provide
    Arbitrary<List<Long>> windows() {
        return Arbitraries.frequencyOf(
                        Tuple.of(3, Arbitraries.longs().between(1, RAW)),
                        Tuple.of(3, Arbitraries.longs().between(RAW + 1, RETENTION[0])),
                        Tuple.of(3, Arbitraries.longs().between(RETENTION[0] + 1, RETENTION[1])),
                        Tuple.of(1, Arbitraries.longs().between(RETENTION[1] + 1, 4 * RETENTION[1])),
                        Tuple.of(1, Arbitraries.of(0L, RAW, RETENTION[0], RETENTION[1])))
                .list()
                .ofMinSize(1)
                .ofMaxSize(6);
    }

    @Property(tries = 300)
    void windowQueriesEqualTheBruteForce(
            @ForAll("steps") List<Step> steps,
            @ForAll @LongRange(min = 0, max = 3_600_000) long startOffset,
            @ForAll @IntRange(min = 0, max = 200_000) int idleAfterLast,
            @ForAll("windows") List<Long> windows,
            @ForAll @DoubleRange(min = 0, max = 1) double q,
            @ForAll @IntRange(min = -7200, max = 7200) int aheadSeconds) {
        HistoryStore store = new HistoryStore(CONFIG, Duration.ofMillis(INTERVAL));
        List<Long> times = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        long t = T0 + startOffset;
        long lastTime = Long.MIN_VALUE;
        for (Step step : steps) {
            t += step.gapTicks() * INTERVAL;
            long at = t + step.jitterMillis();
            store.record(ID, Unit.NONE, at, step.value());
            times.add(at);
            values.add(step.value());
            lastTime = at;
        }
        long now = lastTime + idleAfterLast;
        store.advanceTo(now);
        SeriesHistory s = store.series(ID);

        assertThat(s.latest()).isEqualTo(values.get(values.size() - 1));
        assertThat(s.rawSize()).isEqualTo(Math.min(steps.size(), CONFIG.rawCapacity(Duration.ofMillis(INTERVAL))));
        for (long w : windows) {
            List<Pt> pts = bruteForcePoints(times, values, now, w);
            Duration window = Duration.ofMillis(w);
            String at = "window " + w + " ms, " + pts.size() + " points";
            assertThat(s.count(window))
                    .as(at)
                    .isEqualTo(pts.stream().mapToLong(Pt::count).sum());
            assertClose(s.sum(window), sum(pts), "sum, " + at);
            assertClose(
                    s.avg(window), sum(pts) / pts.stream().mapToLong(Pt::count).sum(), "avg, " + at);
            assertClose(s.min(window), pts.stream().mapToDouble(Pt::min).min().orElse(Double.NaN), "min, " + at);
            assertClose(s.max(window), pts.stream().mapToDouble(Pt::max).max().orElse(Double.NaN), "max, " + at);
            assertClose(s.percentile(q, window), percentile(pts, q), "percentile " + q + ", " + at);
            assertClose(s.increase(window), extrapolatedIncrease(pts, w / 1000.0), "increase, " + at);
            assertClose(s.rate(window), extrapolatedIncrease(pts, w / 1000.0) / (w / 1000.0), "rate, " + at);
            assertClose(s.slope(window), line(pts, Double.NaN), "slope, " + at);
            assertClose(
                    s.predict(window, Duration.ofSeconds(aheadSeconds)),
                    line(pts, aheadSeconds),
                    "predict " + aheadSeconds + " s, " + at);

            if (w == 0) {
                continue; // an empty window has no inclusive range equivalent
            }
            long from = now - w; // a span equal to the window is served by the window's tier
            assertThat(s.range(from, now)).as("range, " + at).isEqualTo(bruteForceRange(times, values, now, from));
        }
    }

    /** The points a window (now - w, now] covers, built from the complete sequence. */
    private static List<Pt> bruteForcePoints(List<Long> times, List<Double> values, long now, long w) {
        List<Pt> out = new ArrayList<>();
        if (w <= RAW) {
            for (int i = 0; i < times.size(); i++) {
                long t = times.get(i);
                if (t > now - w && t <= now) {
                    double v = values.get(i);
                    out.add(new Pt(t, (t - now) / 1000.0, 1, v, v, v));
                }
            }
            return out;
        }
        int tier = w <= RETENTION[0] ? 0 : 1;
        long res = RESOLUTION[tier];
        long capacity = RETENTION[tier] / res + 2; // besides the retention: the filling and the straddling bucket
        Map<Long, List<Integer>> buckets = new TreeMap<>();
        for (int i = 0; i < times.size(); i++) {
            buckets.computeIfAbsent(Math.floorDiv(times.get(i), res), k -> new ArrayList<>())
                    .add(i);
        }
        long lastTime = times.get(times.size() - 1);
        long lastBucket = Math.floorDiv(lastTime, res);
        for (Map.Entry<Long, List<Integer>> e : buckets.entrySet()) {
            long k = e.getKey();
            long start = k * res;
            // every bucket holding a moment of (now - w, now]
            if (k <= lastBucket - capacity || start + res - 1 <= now - w || start > now) {
                continue;
            }
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i : e.getValue()) {
                double v = values.get(i);
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            double seconds = k == lastBucket
                    ? ((start - now) + (Math.min(lastTime + INTERVAL, start + res) - now)) / 2000.0
                    : (start - now + res / 2.0) / 1000.0;
            out.add(new Pt(start, seconds, e.getValue().size(), sum, min, max));
        }
        return out;
    }

    /**
     * What a chart of [from, now] shows: raw samples with a gap after two missed ticks, or every
     * bucket holding a moment of the span, unknown when it misses more than xff of its samples.
     */
    private static List<Point> bruteForceRange(List<Long> times, List<Double> values, long now, long from) {
        List<Point> out = new ArrayList<>();
        long w = now - from;
        if (w <= RAW) {
            long previous = Long.MIN_VALUE;
            for (int i = 0; i < times.size(); i++) {
                long t = times.get(i);
                if (t >= from && t <= now) {
                    if (previous != Long.MIN_VALUE && t - previous > 2 * INTERVAL) {
                        out.add(Point.unknown(previous + INTERVAL, 0));
                    }
                    double v = values.get(i);
                    out.add(new Point(t, v, v, v, 1));
                    previous = t;
                }
            }
            return out;
        }
        int tier = w <= RETENTION[0] ? 0 : 1;
        long res = RESOLUTION[tier];
        long slots = RETENTION[tier] / res + 2;
        long firstBucket = Math.floorDiv(times.get(0), res);
        long lastBucket = Math.floorDiv(times.get(times.size() - 1), res);
        long oldest = Math.max(firstBucket, lastBucket - slots + 1);
        long full = res / INTERVAL;
        for (long k = Math.max(oldest, Math.floorDiv(from, res));
                k <= Math.min(lastBucket, Math.floorDiv(now, res));
                k++) {
            long start = k * res;
            int count = 0;
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < times.size(); i++) {
                if (Math.floorDiv(times.get(i), res) == k) {
                    double v = values.get(i);
                    count++;
                    sum += v;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            long expected = k == lastBucket && now < start + res ? Math.min(full, (now - start) / INTERVAL + 1) : full;
            if (count > 0 && count >= (1 - HistoryConfig.DEFAULT_XFF) * expected) {
                out.add(new Point(start, min, sum / count, max, count));
            } else {
                out.add(Point.unknown(start, count));
            }
        }
        return out;
    }

    private static double sum(List<Pt> pts) {
        if (pts.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        for (Pt p : pts) {
            sum += p.sum();
        }
        return sum;
    }

    private static double percentile(List<Pt> pts, double q) {
        if (pts.isEmpty()) {
            return Double.NaN;
        }
        double[] v = pts.stream().mapToDouble(Pt::value).sorted().toArray();
        double rank = q * (v.length - 1);
        int lo = (int) rank;
        int hi = Math.min(lo + 1, v.length - 1);
        return v[lo] + (v[hi] - v[lo]) * (rank - lo);
    }

    /**
     * PromQL's extrapolatedRate (promql/functions.go, Prometheus 3) written from its source: the
     * window is (now - w, now], times are seconds relative to now.
     */
    private static double extrapolatedIncrease(List<Pt> pts, double windowSeconds) {
        if (pts.size() < 2) {
            return Double.NaN;
        }
        double result = increase(pts);
        double firstT = pts.get(0).seconds();
        double lastT = pts.get(pts.size() - 1).seconds();
        double durationToStart = firstT + windowSeconds;
        double durationToEnd = -lastT;
        double sampledInterval = lastT - firstT;
        double averageDurationBetweenSamples = sampledInterval / (pts.size() - 1);
        double extrapolationThreshold = averageDurationBetweenSamples * 1.1;
        if (durationToStart >= extrapolationThreshold) {
            durationToStart = averageDurationBetweenSamples / 2;
        }
        double firstV = pts.get(0).value();
        if (result > 0 && firstV >= 0) {
            double durationToZero = sampledInterval * (firstV / result);
            if (durationToZero < durationToStart) {
                durationToStart = durationToZero;
            }
        }
        if (durationToEnd >= extrapolationThreshold) {
            durationToEnd = averageDurationBetweenSamples / 2;
        }
        return result * (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
    }

    private static double increase(List<Pt> pts) {
        if (pts.size() < 2) {
            return Double.NaN;
        }
        double increase = 0;
        for (int i = 1; i < pts.size(); i++) {
            double previous = pts.get(i - 1).value();
            double current = pts.get(i).value();
            increase += current < previous ? current : current - previous;
        }
        return increase;
    }

    /** Least squares over (seconds relative to now, value): the slope, or the value at {@code at}. */
    private static double line(List<Pt> pts, double at) {
        if (pts.size() < 2) {
            return Double.NaN;
        }
        double[] x = pts.stream().mapToDouble(Pt::seconds).toArray();
        double[] y = pts.stream().mapToDouble(Pt::value).toArray();
        double mx = Arrays.stream(x).sum() / x.length;
        double my = Arrays.stream(y).sum() / y.length;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        double slope = sxy / sxx;
        return Double.isNaN(at) ? slope : my + slope * (at - mx);
    }

    private static void assertClose(double actual, double expected, String what) {
        if (Double.isNaN(expected)) {
            assertThat(actual).as(what).isNaN();
        } else {
            assertThat(Math.abs(actual - expected))
                    .as(what + ": " + actual + " vs " + expected)
                    .isLessThanOrEqualTo(1e-9 * Math.max(1, Math.abs(expected)));
        }
    }
}

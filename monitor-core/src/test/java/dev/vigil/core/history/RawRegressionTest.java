package dev.vigil.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The raw tier's least-squares fit from per-chunk terms ({@link RawRing#regression}, the path
 * {@code slope} and {@code predict} take within raw retention) agrees with the two-pass fit over
 * the decoded samples ({@link WindowStats#perPointRegression}): the slope within 1e-9 of the
 * range of the values in the chunks the window touches, per second of the window's span; the
 * prediction within 1e-9 of that range plus the slope's run over the horizon (plus the rounding
 * of the reference's own mean of large values). A constant series gives a slope of exactly 0.
 */
class RawRegressionTest {

    private static final long T0 = 1_767_225_600_000L;
    private static final double FOUR_HOURS = 4 * 3600;

    @Property(tries = 400)
    void theFitFromChunkTermsAgreesWithTheTwoPassFitOnRandomWalks(
            @ForAll long seed,
            @ForAll @IntRange(min = 16, max = 800) int capacity,
            @ForAll @IntRange(min = 1, max = 2_000) int samples,
            @ForAll @IntRange(min = 0, max = 4) int windowKind) {
        Random random = new Random(seed);
        RawRing ring = new RawRing(capacity);
        long interval = random.nextBoolean() ? 10_000 : 1_000;
        double offset = random.nextBoolean() ? 0 : (random.nextDouble() - 0.5) * 2e9;
        double step = Math.pow(10, random.nextInt(8) - 3);
        double drift = random.nextBoolean() ? 0 : step * (random.nextDouble() - 0.5);
        long t = T0 + random.nextInt(3_600_000);
        double v = offset;
        for (int i = 0; i < samples; i++) {
            t += random.nextInt(20) == 0 ? interval * (1 + random.nextInt(400)) : interval + random.nextInt(50) - 25;
            v += drift + step * random.nextGaussian();
            ring.append(t, v);
        }
        long now = t + random.nextInt(60_000);
        long oldest = ring.view(Long.MIN_VALUE).timeAt(0);
        long[][] chunks = ring.sealedChunks();
        long[] chunk = chunks.length == 0 ? null : chunks[random.nextInt(chunks.length)];
        long to = now;
        long from = switch (windowKind) {
            case 0 -> oldest - 1_000 + (long) (random.nextDouble() * (t - oldest + 1_000));
            case 1 -> chunk == null ? oldest : GorillaChunk.lastTime(chunk); // the next chunk whole
            case 2 -> chunk == null ? oldest - 1 : GorillaChunk.firstTime(chunk) - random.nextInt(2);
            case 3 -> Long.MIN_VALUE; // everything visible, beyond the capacity skip
            default -> {
                // a window the end cuts as well
                to = oldest + (long) (random.nextDouble() * (t - oldest));
                yield oldest - 1 + (long) (random.nextDouble() * (to - oldest));
            }
        };
        double ahead = (random.nextDouble() - 0.3) * 86_400;

        assertAgreesWithTheTwoPassFit(ring, from, to, now, ahead);
    }

    @Test
    void theRecordedRealSeriesFitAsTheTwoPassFitAtEveryTick() throws IOException {
        Map<String, List<double[]>> recorded = recordedSeries();
        assertThat(recorded).hasSizeGreaterThanOrEqualTo(10);
        for (List<double[]> series : recorded.values()) {
            for (int stretch : new int[] {1, 10}) { // as recorded (1 s) and as at 10 s ticks
                RawRing ring = new RawRing(360);
                long start = (long) series.get(0)[0];
                for (double[] sample : series) {
                    long t = start + stretch * ((long) sample[0] - start);
                    ring.append(t, sample[1]);
                    for (long window : new long[] {15_000, 60_000, 300_000, 360_000}) {
                        assertAgreesWithTheTwoPassFit(ring, t - stretch * window, t, t, FOUR_HOURS);
                    }
                }
            }
        }
    }

    @Test
    void aConstantSeriesHasASlopeOfExactlyZeroAndPredictsItself() {
        for (double value : new double[] {0, 0.1, -3.7e9, 85_654_638_592.0, 1e300}) {
            List<long[]> sealed = new ArrayList<>();
            RawRing ring = new RawRing(360, sealed::add);
            long t = T0;
            for (int i = 0; i < 1_000; i++) {
                t += 10_000;
                ring.append(t, value);
                if (i % 37 == 0 || i > 980) {
                    for (long window : new long[] {3_600_000, 2_400_000, 600_000, 25_000, 10_000}) {
                        double slope = ring.regression(t - window, t, t, Double.NaN);
                        if (i == 0 || window == 10_000) {
                            assertThat(slope).as("one sample: no line").isNaN();
                        } else {
                            assertThat(slope)
                                    .as("slope of %s over %d ms", value, window)
                                    .isEqualTo(0.0);
                        }
                        if (i > 0 && window > 10_000) {
                            assertThat(ring.regression(t - window, t, t + 5_000, FOUR_HOURS))
                                    .isEqualTo(value);
                        }
                    }
                }
            }
            RawRing restored = restored(sealed, ring);
            assertThat(restored.regression(t - 3_600_000, t, t, Double.NaN)).isEqualTo(0.0);
            assertThat(restored.regression(t - 1_234_567, t, t, FOUR_HOURS)).isEqualTo(value);
        }
    }

    @Test
    void epochTimesAndValuesNearATrillionKeepATinySlope() {
        RawRing ring = new RawRing(360);
        long t = T0;
        for (int i = 0; i < 1_000; i++) {
            t += 10_000;
            ring.append(t, 1e12 + 1e-3 * (t - T0) / 1000.0);
            if (i < 2) {
                continue;
            }
            for (long window : new long[] {3_600_000, 1_800_000, 95_000}) {
                long now = t + 3_000;
                long from = t - window;
                RawView view = ring.view(from);
                long selection = view.select(from, now);
                int first = Archive.first(selection);
                int end = first + Archive.count(selection);
                double[] exact = exactLine(view, first, end, now, FOUR_HOURS);
                double slope = ring.regression(from, now, now, Double.NaN);
                double predicted = ring.regression(from, now, now, FOUR_HOURS);

                assertThat(exact[0]).isCloseTo(1e-3, Offset.offset(1e-6));
                assertThat(Math.abs(slope - exact[0])).as("slope at %d", t).isLessThanOrEqualTo(1e-12);
                double horizon = FOUR_HOURS + window / 1000.0;
                assertThat(Math.abs(predicted - exact[1]))
                        .as("predicted at %d: %s vs %s", t, predicted, exact[1])
                        .isLessThanOrEqualTo(1e-9 * 1e-3 * horizon + 2 * Math.ulp(1e12));
                assertAgreesWithTheTwoPassFit(ring, from, now, now, FOUR_HOURS);
            }
        }
    }

    @Test
    void aRestoredRingFitsToTheBitAsTheRingItWasWrittenFrom() {
        Random random = new Random(19);
        for (int capacity : new int[] {16, 100, 360, 700}) {
            List<long[]> sealed = new ArrayList<>();
            RawRing written = new RawRing(capacity, sealed::add);
            long t = T0;
            for (int i = 0; i < 3 * capacity + random.nextInt(capacity); i++) {
                t += 10_000 + random.nextInt(100);
                written.append(t, 1e6 + random.nextGaussian() * 1e3 + i * 7.5);
            }
            RawRing restored = restored(sealed, written);
            long oldest = written.view(Long.MIN_VALUE).timeAt(0);
            for (int k = 0; k < 200; k++) {
                long from = k == 0 ? Long.MIN_VALUE : oldest - 1 + (long) (random.nextDouble() * (t - oldest));
                for (double ahead : new double[] {Double.NaN, 0, FOUR_HOURS}) {
                    assertThat(Double.doubleToRawLongBits(restored.regression(from, t, t, ahead)))
                            .as("capacity %d, from %d, ahead %s", capacity, from, ahead)
                            .isEqualTo(Double.doubleToRawLongBits(written.regression(from, t, t, ahead)));
                }
                assertAgreesWithTheTwoPassFit(restored, from, t, t, FOUR_HOURS);
            }
            // appending after a restore starts a new chunk: the fit still agrees
            for (int i = 0; i < capacity / 2; i++) {
                t += 10_000;
                restored.append(t, 1e6 + i);
                assertAgreesWithTheTwoPassFit(restored, t - 600_000, t, t, FOUR_HOURS);
                assertAgreesWithTheTwoPassFit(restored, Long.MIN_VALUE, t, t, FOUR_HOURS);
            }
        }
    }

    @Test
    void aFitResumedWhereTheLastWindowStartedGivesTheBitsOfAFreshFit() {
        Random random = new Random(360);
        RawRing sliding = new RawRing(360);
        RawRing fresh = new RawRing(360);
        long t = T0;
        double v = 5e10;
        for (int tick = 0; tick < 3_000; tick++) {
            // mostly one sample a tick, sometimes a late one or an outage of a few ticks
            t += random.nextInt(30) == 0 ? 10_000L * (2 + random.nextInt(5)) : 10_000 + random.nextInt(40) - 20;
            v += random.nextGaussian() * 1e6;
            sliding.append(t, v);
            fresh.append(t, v);
            long from = t - 3_600_000;
            double slope = sliding.regression(from, t, t, Double.NaN);
            double predicted = sliding.regression(from, t, t, FOUR_HOURS);
            fresh.regression(t - 5_000, t, t, Double.NaN); // a short window leaves no cursor to resume
            assertThat(Double.doubleToRawLongBits(slope))
                    .as("slope at tick %d", tick)
                    .isEqualTo(Double.doubleToRawLongBits(fresh.regression(from, t, t, Double.NaN)));
            fresh.regression(t - 5_000, t, t, Double.NaN);
            assertThat(Double.doubleToRawLongBits(predicted))
                    .as("prediction at tick %d", tick)
                    .isEqualTo(Double.doubleToRawLongBits(fresh.regression(from, t, t, FOUR_HOURS)));
            if (tick % 25 == 0) {
                assertAgreesWithTheTwoPassFit(sliding, from, t, t, FOUR_HOURS);
            }
        }
    }

    /** The decoded samples' two-pass fit on their arrays (the benchmark's baseline) is the per-point path's, to the bit. */
    @Property(tries = 100)
    void theTwoPassFitOnTheDecodedArraysIsThePerPointPathToTheBit(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 400) int samples,
            @ForAll @IntRange(min = 0, max = 399) int from) {
        Random random = new Random(seed);
        GorillaChunk.Encoder encoder = new GorillaChunk.Encoder(1);
        long t = T0;
        for (int i = 0; i < samples; i++) {
            t += 1 + random.nextInt(30_000);
            encoder.append(t, (random.nextDouble() - 0.5) * 2e12);
        }
        RawView raw = new RawView();
        raw.decode(new GorillaChunk.Decoder().start(encoder.seal(null)), 0);
        long now = t + random.nextInt(60_000);
        double ahead = random.nextDouble() * 86_400;
        int first = Math.min(from, raw.size());
        long selection = Archive.selection(first, raw.size() - first);

        assertThat(Double.doubleToRawLongBits(WindowStats.predict(raw, selection, now, ahead)))
                .isEqualTo(
                        Double.doubleToRawLongBits(WindowStats.perPointRegression(raw, first, raw.size(), now, ahead)));
        assertThat(Double.doubleToRawLongBits(WindowStats.slope(raw, selection, now)))
                .isEqualTo(Double.doubleToRawLongBits(
                        WindowStats.perPointRegression(raw, first, raw.size(), now, Double.NaN)));
    }

    /** A ring restored from the chunks {@code written} sealed and its open chunk, as from disk. */
    private static RawRing restored(List<long[]> sealed, RawRing written) {
        RawRing restored = new RawRing(written.capacity());
        for (long[] chunk : sealed) {
            restored.restore(chunk.clone());
        }
        long[] open = written.openChunk();
        if (open != null) {
            restored.restore(open);
        }
        assertThat(restored.size()).isEqualTo(written.size());
        return restored;
    }

    private static void assertAgreesWithTheTwoPassFit(
            RawRing ring, long fromExclusive, long toInclusive, long now, double ahead) {
        double slope = ring.regression(fromExclusive, toInclusive, now, Double.NaN);
        double predicted = ring.regression(fromExclusive, toInclusive, now, ahead);
        RawView view = ring.view(fromExclusive);
        long selection = view.select(fromExclusive, toInclusive);
        int first = Archive.first(selection);
        int end = first + Archive.count(selection);
        String what = "window (" + fromExclusive + ", " + toInclusive + "], " + (end - first) + " samples, now " + now
                + ", ahead " + ahead;
        double referenceSlope = WindowStats.perPointRegression(view, first, end, now, Double.NaN);
        double reference = WindowStats.perPointRegression(view, first, end, now, ahead);
        if (end - first < 2) {
            assertThat(slope).as(what).isNaN();
            assertThat(predicted).as(what).isNaN();
            return;
        }
        // the range of the chunks the window touches, the samples beyond the capacity included:
        // a chunk's terms are sums over all of its samples
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        List<long[]> chunks = new ArrayList<>(List.of(ring.sealedChunks()));
        if (ring.openChunk() != null) {
            chunks.add(ring.openChunk());
        }
        for (long[] chunk : chunks) {
            if (GorillaChunk.lastTime(chunk) > fromExclusive && GorillaChunk.firstTime(chunk) <= toInclusive) {
                GorillaChunk.Decoder d = new GorillaChunk.Decoder().start(chunk);
                while (d.hasNext()) {
                    d.next();
                    min = Math.min(min, d.value());
                    max = Math.max(max, d.value());
                }
            }
        }
        double range = max - min;
        double magnitude = Math.max(Math.abs(min), Math.abs(max));
        double span = (view.timeAt(end - 1) - view.timeAt(first)) / 1000.0;
        double horizon = Math.abs(ahead) + (now - view.timeAt(first)) / 1000.0;
        assertThat(Math.abs(slope - referenceSlope))
                .as("slope %s vs %s, %s", slope, referenceSlope, what)
                .isLessThanOrEqualTo(1e-9 * (range + Math.ulp(magnitude)) / span);
        // the reference's mean of the values is rounded at their magnitude, once per sample
        assertThat(Math.abs(predicted - reference))
                .as("prediction %s vs %s, %s", predicted, reference, what)
                .isLessThanOrEqualTo(
                        1e-9 * (range + Math.abs(referenceSlope) * horizon) + (end - first) * Math.ulp(magnitude));
    }

    /** The least-squares slope and value {@code ahead} after now, in exact decimal arithmetic. */
    private static double[] exactLine(RawView view, int first, int end, long now, double ahead) {
        MathContext mc = MathContext.DECIMAL128;
        BigDecimal n = BigDecimal.valueOf(end - first);
        BigDecimal sx = BigDecimal.ZERO;
        BigDecimal sy = BigDecimal.ZERO;
        BigDecimal sxx = BigDecimal.ZERO;
        BigDecimal sxy = BigDecimal.ZERO;
        for (int i = first; i < end; i++) {
            BigDecimal x = BigDecimal.valueOf(view.timeAt(i) - now).movePointLeft(3);
            BigDecimal y = new BigDecimal(view.valueAt(i));
            sx = sx.add(x);
            sy = sy.add(y);
            sxx = sxx.add(x.multiply(x));
            sxy = sxy.add(x.multiply(y));
        }
        BigDecimal slope =
                n.multiply(sxy).subtract(sx.multiply(sy)).divide(n.multiply(sxx).subtract(sx.multiply(sx)), mc);
        BigDecimal intercept = sy.subtract(slope.multiply(sx)).divide(n, mc);
        BigDecimal value = intercept.add(slope.multiply(new BigDecimal(ahead)));
        return new double[] {slope.doubleValue(), value.doubleValue()};
    }

    /**
     * Real series recorded from this library's default sources (a few of the recording
     * monitor-benchmarks replays): per series, its (time, value) samples in time order.
     */
    private static Map<String, List<double[]>> recordedSeries() throws IOException {
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        try (InputStream in = RawRegressionTest.class.getResourceAsStream("recorded-series.tsv.gz");
                BufferedReader reader =
                        new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String[] f = line.split("\t", -1);
                out.computeIfAbsent(f[0] + "{" + f[1] + "}", k -> new ArrayList<>())
                        .add(new double[] {Long.parseLong(f[3]), Double.parseDouble(f[4])});
            }
        }
        return out;
    }
}

package dev.vigil.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.history.SeriesHistory.Point;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsolidationTest {

    private static final MetricId ID = MetricId.of("test.value");
    /** A multiple of every resolution below, so buckets start at T0. */
    private static final long T0 = 1_767_225_600_000L;

    /**
     * Raw 10 s; 10-second buckets for a minute (6); 1-minute buckets for 10 minutes (10). A
     * bucket with a single sample of its ten is still known: these tests are about what buckets
     * hold, {@link MuninDrawingTest} about gaps.
     */
    private static final HistoryConfig CONFIG = HistoryConfig.builder()
            .raw(Duration.ofSeconds(10))
            .tier(Duration.ofSeconds(10), Duration.ofMinutes(1))
            .tier(Duration.ofMinutes(1), Duration.ofMinutes(10))
            .xff(0.9)
            .build();

    private final HistoryStore store = new HistoryStore(CONFIG, Duration.ofSeconds(1));

    private SeriesHistory record(long t, double v) {
        store.record(ID, Unit.NONE, t, v);
        store.advanceTo(t);
        return store.series(ID);
    }

    @Test
    void bucketsHoldExactMinAvgMaxAndCountOfTheirSamples() {
        // Two samples per second-aligned 10 s bucket would be too regular: use 3 s steps.
        for (long t = 0; t < 30_000; t += 3_000) {
            record(T0 + t, t / 1000.0); // 0, 3, 6, 9 | 12, 15, 18 | 21, 24, 27
        }
        List<Point> points = store.series(ID).range(T0, T0 + 60_000);
        assertThat(points)
                .containsExactly(
                        new Point(T0, 0, 4.5, 9, 4),
                        new Point(T0 + 10_000, 12, 15, 18, 3),
                        new Point(T0 + 20_000, 21, 24, 27, 3));
    }

    @Test
    void bucketsAreAlignedToMultiplesOfTheResolutionSinceTheEpoch() {
        record(T0 + 7_000, 1);
        record(T0 + 12_000, 2);
        record(T0 + 19_999, 4);
        record(T0 + 20_000, 8);
        List<Point> points = store.series(ID).range(T0 - 30_000, T0 + 60_000);
        assertThat(points).extracting(Point::timeMillis).containsExactly(T0, T0 + 10_000, T0 + 20_000);
        assertThat(points.get(1)).isEqualTo(new Point(T0 + 10_000, 2, 3, 4, 2));
    }

    @Test
    void oldBucketsRollOverOnceTheTierIsFull() {
        // 15 buckets of 10 s, one sample each; the 10 s tier keeps the latest 6.
        for (int i = 0; i < 15; i++) {
            record(T0 + i * 10_000L + 5_000, i);
        }
        SeriesHistory s = store.series(ID);
        long now = T0 + 145_000;
        // 50 s back is beyond raw (10 s) but within the 10 s tier's minute; the bucket
        // straddling the start (90..99 s) is included.
        List<Point> points = s.range(now - 50_000, now);
        assertThat(points).extracting(Point::avg).containsExactly(9.0, 10.0, 11.0, 12.0, 13.0, 14.0);
        // The finest tier covering a start 5 minutes back is the minute tier: buckets 0..59 s,
        // 60..119 s, 120..145 s.
        List<Point> minutes = s.range(now - 300_000, now);
        assertThat(minutes)
                .containsExactly(
                        new Point(T0, 0, 2.5, 5, 6),
                        new Point(T0 + 60_000, 6, 8.5, 11, 6),
                        new Point(T0 + 120_000, 12, 13, 14, 3));
    }

    @Test
    void aGapLeavesNoStaleBucketBehind() {
        for (int i = 0; i < 6; i++) {
            record(T0 + i * 10_000L, 100 + i); // fills all six 10 s slots
        }
        // Nothing for 40 s; then two samples. Slots of the skipped buckets must read empty, not
        // as the buckets a ring's length earlier.
        record(T0 + 100_000, 1);
        record(T0 + 110_000, 2);
        SeriesHistory s = store.series(ID);
        assertThat(s.range(T0 + 60_000, T0 + 110_000))
                .containsExactly(
                        Point.unknown(T0 + 60_000, 0),
                        Point.unknown(T0 + 70_000, 0),
                        Point.unknown(T0 + 80_000, 0),
                        Point.unknown(T0 + 90_000, 0),
                        new Point(T0 + 100_000, 1, 1, 1, 1),
                        new Point(T0 + 110_000, 2, 2, 2, 1));
        // The bucket at 50 s (sample 105) holds the window's start; the skipped ones add nothing.
        assertThat(s.count(Duration.ofSeconds(60))).isEqualTo(3);
    }

    @Test
    void aGapLongerThanTheWholeTierEmptiesIt() {
        for (int i = 0; i < 6; i++) {
            record(T0 + i * 10_000L, 100 + i);
        }
        record(T0 + 1_000_000, 7);
        assertThat(store.series(ID).range(T0 + 960_000, T0 + 1_000_000))
                .containsExactly(
                        Point.unknown(T0 + 960_000, 0),
                        Point.unknown(T0 + 970_000, 0),
                        Point.unknown(T0 + 980_000, 0),
                        Point.unknown(T0 + 990_000, 0),
                        new Point(T0 + 1_000_000, 7, 7, 7, 1));
        assertThat(store.series(ID).count(Duration.ofMinutes(1))).isEqualTo(1);
    }

    @Test
    void windowsBeyondRawRetentionUseTheFinestTierCoveringThem() {
        for (int i = 0; i < 120; i++) {
            record(T0 + i * 1000L, i); // now = T0 + 119 s
        }
        SeriesHistory s = store.series(ID);
        // 5 s: raw samples 115..119.
        assertThat(s.count(Duration.ofSeconds(5))).isEqualTo(5);
        assertThat(s.avg(Duration.ofSeconds(5))).isEqualTo(117);
        // 25 s: the 10 s buckets holding a moment of (94 s, 119 s]: 90..99, 100..109, 110..119.
        assertThat(s.count(Duration.ofSeconds(25))).isEqualTo(30);
        assertThat(s.min(Duration.ofSeconds(25))).isEqualTo(90);
        assertThat(s.avg(Duration.ofSeconds(25))).isEqualTo(104.5);
        // 2 minutes: the minute buckets holding a moment of (-1 s, 119 s]: both, all 120 samples.
        assertThat(s.count(Duration.ofMinutes(2))).isEqualTo(120);
        assertThat(s.sum(Duration.ofMinutes(2))).isEqualTo(119 * 120 / 2.0);
        // Longer than every retention: the coarsest tier answers with what it holds.
        assertThat(s.count(Duration.ofHours(5))).isEqualTo(120);
    }

    @Test
    void consolidatedPercentileIsOverBucketMeans() {
        for (int i = 0; i < 60; i++) {
            record(T0 + i * 1000L, i < 50 ? 0 : 100); // bucket means 0,0,0,0,0,100
        }
        SeriesHistory s = store.series(ID);
        assertThat(s.percentile(0.9, Duration.ofSeconds(60))).isEqualTo(50);
        assertThat(s.percentile(0.9, Duration.ofSeconds(10))).isEqualTo(100); // raw
    }

    @Test
    void consolidatedSlopeAndIncreaseUseBucketMeansAtBucketCentres() {
        for (int i = 0; i < 60; i++) {
            record(T0 + i * 1000L, 3 * i); // 3 per second, a counter without resets
        }
        SeriesHistory s = store.series(ID);
        Duration w = Duration.ofSeconds(60);
        assertThat(s.slope(w)).isCloseTo(3, within(1e-9));
        // bucket means 13.5 (0..9) to 163.5 (50..59)
        // Bucket means 13.5 .. 163.5 at 6 s .. 56 s into the window (T0 - 1 s, T0 + 59 s]: raw
        // increase 150 over 50 s, average 10 s; start gap 6 s, limited by the zero at
        // 50 x 13.5 / 150 = 4.5 s; end gap 4 s: Prometheus' extrapolation gives 150 x 58.5 / 50.
        assertThat(s.increase(w)).isCloseTo(175.5, within(1e-9));
        assertThat(s.rate(w)).isCloseTo(175.5 / 60, within(1e-9));
        // Each bucket's point sits half an interval (0.5 s) after its samples' mean time, so the
        // line runs 1.5 below the samples': 3 * 69 - 1.5 ten seconds after now (59 s).
        assertThat(s.predict(w, Duration.ofSeconds(10))).isCloseTo(3 * 69 - 1.5, within(1e-9));
    }
}

package dev.vigil.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WindowQueryTest {

    private static final MetricId ID = MetricId.of("test.value");
    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final Duration SECOND = Duration.ofSeconds(1);

    private final HistoryStore store = new HistoryStore(HistoryConfig.defaults(), Duration.ofSeconds(10));

    /** Records {@code values} 10 s apart starting at T0 and ends the tick at the last one. */
    private SeriesHistory recordEvery10s(double... values) {
        for (int i = 0; i < values.length; i++) {
            store.record(ID, Unit.NONE, T0 + i * 10_000L, values[i]);
        }
        store.advanceTo(T0 + (values.length - 1) * 10_000L);
        return store.series(ID);
    }

    @Test
    void windowCoversEverythingAfterItsStartUpToNowInclusive() {
        SeriesHistory s = recordEvery10s(1, 2, 3, 4, 5);
        // now = T0 + 40 s; a 20 s window is (T0 + 20 s, T0 + 40 s]: the samples 4 and 5.
        assertThat(s.count(Duration.ofSeconds(20))).isEqualTo(2);
        assertThat(s.sum(Duration.ofSeconds(20))).isEqualTo(9);
        assertThat(s.count(Duration.ofSeconds(21))).isEqualTo(3);
        assertThat(s.avg(Duration.ofSeconds(21))).isEqualTo(4);
        assertThat(s.min(Duration.ofSeconds(21))).isEqualTo(3);
        assertThat(s.max(Duration.ofSeconds(21))).isEqualTo(5);
    }

    @Test
    void windowWithoutSamplesGivesNaNAndCountZero() {
        SeriesHistory s = recordEvery10s(1, 2);
        store.advanceTo(T0 + 60_000);
        Duration w = Duration.ofSeconds(30);
        assertThat(s.count(w)).isZero();
        assertThat(s.avg(w)).isNaN();
        assertThat(s.min(w)).isNaN();
        assertThat(s.max(w)).isNaN();
        assertThat(s.sum(w)).isNaN();
        assertThat(s.percentile(0.5, w)).isNaN();
        assertThat(s.increase(w)).isNaN();
        assertThat(s.slope(w)).isNaN();
        assertThat(s.latest()).isEqualTo(2);
    }

    @Test
    void queriesBeforeTheFirstTickFindNothing() {
        store.record(ID, Unit.NONE, T0, 7);
        SeriesHistory s = store.series(ID);
        assertThat(s.latest()).isEqualTo(7);
        assertThat(s.latestTimeMillis()).isEqualTo(T0);
        assertThat(s.count(Duration.ofHours(1))).isZero();
        assertThat(s.avg(Duration.ofHours(1))).isNaN();
    }

    @Test
    void olderOrEqualTimestampsAreIgnored() {
        store.record(ID, Unit.NONE, T0 + 10_000, 1);
        store.record(ID, Unit.NONE, T0 + 10_000, 2);
        store.record(ID, Unit.NONE, T0, 3);
        store.advanceTo(T0 + 10_000);
        SeriesHistory s = store.series(ID);
        assertThat(s.rawSize()).isEqualTo(1);
        assertThat(s.latest()).isEqualTo(1);
        assertThat(s.sum(Duration.ofHours(1))).isEqualTo(1);
    }

    @Test
    void nonFiniteValuesAreNotStored() {
        SeriesHistory s = recordEvery10s(1, Double.NaN, Double.POSITIVE_INFINITY, 4);
        assertThat(s.count(Duration.ofHours(1))).isEqualTo(2);
        assertThat(s.max(Duration.ofHours(1))).isEqualTo(4);
    }

    @Test
    void percentileInterpolatesLinearlyBetweenClosestRanks() {
        SeriesHistory s = recordEvery10s(40, 10, 30, 20);
        Duration w = Duration.ofMinutes(5);
        assertThat(s.percentile(0, w)).isEqualTo(10);
        assertThat(s.percentile(1, w)).isEqualTo(40);
        assertThat(s.percentile(0.5, w)).isEqualTo(25);
        // rank 0.9 * 3 = 2.7: 30 + 0.7 * (40 - 30)
        assertThat(s.percentile(0.9, w)).isCloseTo(37, within(1e-12));
    }

    @Test
    void increaseTreatsADropAsACounterResetAndExtrapolatesAsPrometheus() {
        // 10 -> 15 (+5), reset to 3 (+3), 3 -> 8 (+5): raw increase 13, as in Prometheus.
        // extrapolatedRate over (now - 300 s, now]: sampled 30 s, average interval 10 s; the start
        // is 270 s away (>= 1.1 x 10), so half an interval (5 s) is added there; the counter's zero
        // (30 x 10 / 13 = 23 s before) does not limit it; the end gap is 0: 13 x 35 / 30.
        SeriesHistory s = recordEvery10s(10, 15, 3, 8);
        assertThat(s.increase(Duration.ofMinutes(5))).isCloseTo(13 * 35 / 30.0, within(1e-12));
        assertThat(s.rate(Duration.ofMinutes(5))).isCloseTo(13 * 35 / 30.0 / 300, within(1e-12));
    }

    @Test
    void increaseNeedsTwoSamples() {
        SeriesHistory s = recordEvery10s(10, 15);
        assertThat(s.increase(Duration.ofSeconds(5))).isNaN();
        assertThat(s.rate(Duration.ofSeconds(5))).isNaN();
        // (now - 11 s, now]: the start is 1 s before the first sample (< 1.1 x 10 s): 5 x 11 / 10.
        assertThat(s.increase(Duration.ofSeconds(11))).isCloseTo(5.5, within(1e-12));
    }

    @Test
    void increaseOfACounterGrowingSixtyAMinuteOverTwoMinutesIs120AsInPrometheus() {
        HistoryStore every15s = new HistoryStore(HistoryConfig.defaults(), Duration.ofSeconds(15));
        for (int i = 0; i <= 20; i++) {
            every15s.record(ID, Unit.NONE, T0 + i * 15_000L, 1000 + i * 15.0);
        }
        every15s.advanceTo(T0 + 20 * 15_000L);
        SeriesHistory s = every15s.series(ID);
        // (now - 120 s, now] holds 8 samples 105 s apart in all, rising 105; the start gap is 15 s
        // (< 1.1 x 15 s), the end gap 0: 105 x 120 / 105.
        assertThat(s.increase(Duration.ofMinutes(2))).isCloseTo(120, within(1e-9));
        assertThat(s.rate(Duration.ofMinutes(2))).isCloseTo(1, within(1e-12));
    }

    @Test
    void increaseExtrapolatesAYoungCounterNoFurtherBackThanItsZero() {
        // A counter first seen at 2, then 12 and 22: raw increase 20 over 20 s; the start gap of
        // the 60 s window is 40 s (>= 11 s), so 5 s; the counter was 0 just 20 x 2 / 20 = 2 s
        // before its first sample, so 2 s: 20 x (20 + 2) / 20 = 22.
        SeriesHistory s = recordEvery10s(2, 12, 22);
        assertThat(s.increase(Duration.ofSeconds(60))).isCloseTo(22, within(1e-12));
    }

    @Test
    void meanOfValuesNearTheDoubleMaximumStaysFinite() {
        SeriesHistory s = recordEvery10s(Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE * 0.5);
        // what Prometheus' avg_over_time returns: the exact mean, 5/6 of the maximum
        assertThat(s.avg(Duration.ofMinutes(1))).isCloseTo(Double.MAX_VALUE / 6 * 5, within(Double.MAX_VALUE * 1e-15));
        MetricId negative = MetricId.of("test.negative");
        store.record(negative, Unit.NONE, T0, -Double.MAX_VALUE);
        store.record(negative, Unit.NONE, T0 + 10_000, -Double.MAX_VALUE);
        assertThat(store.series(negative).avg(Duration.ofMinutes(1))).isEqualTo(-Double.MAX_VALUE);
    }

    @Test
    void slopeAndPredictionFollowALine() {
        // 2 units per 10 s: 0.2 per second, value 100 + 0.2 * seconds since T0.
        double[] values = new double[100];
        for (int i = 0; i < values.length; i++) {
            values[i] = 100 + 2 * i;
        }
        SeriesHistory s = recordEvery10s(values);
        Duration w = Duration.ofMinutes(10);
        assertThat(s.slope(w)).isCloseTo(0.2, within(1e-12));
        // now is T0 + 990 s (value 298); an hour later the line reaches 298 + 720.
        assertThat(s.predict(w, Duration.ofHours(1))).isCloseTo(1018, within(1e-9));
        assertThat(s.predict(w, Duration.ZERO)).isCloseTo(298, within(1e-9));
    }

    @Test
    void predictionIsTakenFromNowNotFromTheLastSample() {
        SeriesHistory s = recordEvery10s(0, 1, 2, 3);
        store.advanceTo(T0 + 60_000); // 30 s after the last sample
        assertThat(s.predict(Duration.ofMinutes(5), Duration.ZERO)).isCloseTo(6, within(1e-12));
    }

    @Test
    void badArgumentsAreRejectedNamingTheValue() {
        SeriesHistory s = recordEvery10s(1, 2);
        assertThatThrownBy(() -> s.percentile(1.5, SECOND))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> s.avg(Duration.ofSeconds(-3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window")
                .hasMessageContaining("PT-3S");
        assertThatThrownBy(() -> s.range(T0 + 5, T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(T0 + 5));
        assertThatThrownBy(() -> new HistoryStore(HistoryConfig.defaults(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interval");
    }

    @Test
    void hugeWindowsDoNotOverflow() {
        SeriesHistory s = recordEvery10s(1, 2, 3);
        assertThat(s.count(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(3);
        assertThat(s.range(Long.MIN_VALUE, Long.MAX_VALUE)).hasSize(1); // one 1-hour bucket
    }

    @Test
    void rawRangeReturnsSamplesAsPointsWithEqualMinAvgMax() {
        SeriesHistory s = recordEvery10s(5, 6, 7);
        assertThat(s.range(T0 + 10_000, T0 + 20_000))
                .containsExactly(
                        new SeriesHistory.Point(T0 + 10_000, 6, 6, 6, 1),
                        new SeriesHistory.Point(T0 + 20_000, 7, 7, 7, 1));
    }
}

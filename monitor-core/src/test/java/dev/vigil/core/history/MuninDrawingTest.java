package dev.vigil.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.history.SeriesHistory.Point;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The charts and windows issue 14 found wrong after 300 days at 10 s ticks with the default
 * tiers (raw 1 h, 1-minute points for 24 h, 1-hour points for 30 days), on the manual clock.
 */
class MuninDrawingTest {

    private static final MetricId ID = MetricId.of("system.cpu.usage");
    private static final long TICK = 10_000;
    private static final long MINUTE = 60_000;
    private static final long HOUR = 3_600_000;
    /** A 42-minute outage that ends 3 hours before now: no sample from its start to its end. */
    private static final long OUTAGE = 42 * MINUTE;

    private static HistoryStore store;
    private static long now;
    private static long outageStart;

    @BeforeAll
    static void recordThreeHundredDays() {
        ManualClock clock = ManualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
        store = new HistoryStore(HistoryConfig.defaults(), Duration.ofMillis(TICK));
        long end = clock.wallMillis() + Duration.ofDays(300).toMillis() + 7 * TICK; // not on an hour
        outageStart = end - 3 * HOUR - OUTAGE - 7 * TICK;
        long i = 0;
        while (clock.wallMillis() <= end) {
            long t = clock.wallMillis();
            if (t < outageStart || t >= outageStart + OUTAGE) {
                store.record(ID, Unit.RATIO, t, (i % 17) / 16.0);
            }
            store.advanceTo(t);
            clock.advance(Duration.ofMillis(TICK));
            i++;
        }
        now = store.nowMillis();
    }

    @Test
    void aDayBackIsDrawnFromOneMinutePointsNotHourlyOnes() {
        List<Point> points = store.series(ID).range(now - Duration.ofDays(1).toMillis(), now);
        // Every minute of the day: the one straddling its start through the one still filling.
        assertThat(points).hasSize(1_441);
        for (int i = 1; i < points.size(); i++) {
            assertThat(points.get(i).timeMillis() - points.get(i - 1).timeMillis())
                    .isEqualTo(MINUTE);
        }
        assertThat(points.get(0).timeMillis())
                .isLessThanOrEqualTo(now - Duration.ofDays(1).toMillis());
    }

    @Test
    void anHourBackIsDrawnFromRawSamples() {
        List<Point> points = store.series(ID).range(now - HOUR, now);
        assertThat(points).hasSize(360);
        assertThat(points).allSatisfy(p -> assertThat(p.count()).isEqualTo(1));
        assertThat(points.get(0).timeMillis()).isEqualTo(now - HOUR + TICK);
    }

    @Test
    void thirtyDaysBackAreDrawnFromHourlyPointsCoveringAllThirtyDays() {
        long from = now - Duration.ofDays(30).toMillis();
        List<Point> points = store.series(ID).range(from, now);
        assertThat(points.get(0).timeMillis()).isLessThanOrEqualTo(from);
        assertThat(points.get(points.size() - 1).timeMillis()).isEqualTo(Math.floorDiv(now, HOUR) * HOUR);
        assertThat(points).hasSize(721);
        assertThat(points.subList(0, 10)).allSatisfy(p -> assertThat(p.known()).isTrue());
    }

    @Test
    void anOutageIsAGapNotALine() {
        SeriesHistory s = store.series(ID);
        long outageEnd = outageStart + OUTAGE;
        // Hourly: the hour that lost 42 of its 60 minutes (or both hours it touches, when each lost
        // more than half) is unknown; the hours around are known.
        List<Point> hours = s.range(now - Duration.ofDays(2).toMillis(), now);
        long startHour = Math.floorDiv(outageStart, HOUR) * HOUR;
        long endHour = Math.floorDiv(outageEnd - 1, HOUR) * HOUR;
        for (Point p : hours) {
            long missed =
                    Math.max(0, Math.min(p.timeMillis() + HOUR, outageEnd) - Math.max(p.timeMillis(), outageStart));
            boolean mostlyMissing = missed > HOUR / 2;
            assertThat(p.known())
                    .as("hour at %d missing %d ms", p.timeMillis(), missed)
                    .isEqualTo(!mostlyMissing);
            if (!p.known()) {
                assertThat(p.avg()).isNaN();
                assertThat(p.timeMillis()).isBetween(startHour, endHour);
            }
        }
        assertThat(hours).anyMatch(p -> !p.known());
        // One-minute points: each minute of the outage is an explicit gap, not left out.
        List<Point> minutes = s.range(now - Duration.ofHours(5).toMillis(), now);
        long gaps = minutes.stream().filter(p -> !p.known()).count();
        assertThat(gaps).isEqualTo(42);
        assertThat(minutes.stream().filter(p -> !p.known()).allMatch(p -> p.count() == 0))
                .isTrue();
    }

    @Test
    void aLongerWindowNeverSeesFewerSamplesThanAShorterOneAcrossTierBoundaries() {
        SeriesHistory s = store.series(ID);
        assertThat(s.count(Duration.ofHours(24).plusMinutes(1))).isGreaterThanOrEqualTo(s.count(Duration.ofHours(24)));
        assertThat(s.count(Duration.ofHours(24))).isGreaterThanOrEqualTo(8_640 - OUTAGE / TICK);
        long previousCount = 0;
        double previousMax = Double.NEGATIVE_INFINITY;
        double previousMin = Double.POSITIVE_INFINITY;
        for (long w = MINUTE; w <= Duration.ofDays(31).toMillis(); w += w < 2 * HOUR ? MINUTE - 1 : 7 * MINUTE + 13) {
            Duration window = Duration.ofMillis(w);
            long count = s.count(window);
            assertThat(count).as("count over %d ms", w).isGreaterThanOrEqualTo(previousCount);
            assertThat(s.max(window)).as("max over %d ms", w).isGreaterThanOrEqualTo(previousMax);
            assertThat(s.min(window)).as("min over %d ms", w).isLessThanOrEqualTo(previousMin);
            previousCount = count;
            previousMax = s.max(window);
            previousMin = s.min(window);
        }
    }

    @Test
    void aSpanEqualToATiersRetentionIsServedByThatTier() {
        SeriesHistory s = store.series(ID);
        // 1 h is the raw retention: 360 raw samples, not 61 minute points.
        assertThat(s.count(Duration.ofHours(1))).isEqualTo(360);
        assertThat(s.range(now - HOUR, now)).hasSize(360);
        // 24 h is the minute tier's retention.
        assertThat(s.range(now - 24 * HOUR, now).get(1).timeMillis()
                        - s.range(now - 24 * HOUR, now).get(0).timeMillis())
                .isEqualTo(MINUTE);
        // one millisecond more is the hour tier
        assertThat(s.range(now - 24 * HOUR - 1, now).get(1).timeMillis()
                        - s.range(now - 24 * HOUR - 1, now).get(0).timeMillis())
                .isEqualTo(HOUR);
    }
}

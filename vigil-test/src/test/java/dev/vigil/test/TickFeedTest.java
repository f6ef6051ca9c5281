package dev.vigil.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.Tick;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TickFeedTest {

    static final MetricId CPU = MetricId.of("system.cpu.usage");
    static final MetricId LOAD = MetricId.of("system.load.average.1m");

    @Test
    void eachTickMovesTheSharedClockByTheIntervalAndReachesTheListener() {
        ManualClock clock = ManualClock.at(Instant.parse("2026-05-01T00:00:00Z"));
        List<Tick> seen = new ArrayList<>();
        TickFeed feed = TickFeed.on(clock, Duration.ofSeconds(15)).attach(seen::add);

        Tick first = feed.tick(CPU, 0.5, LOAD, 2);
        Tick second = feed.tick(CPU, 0.7);

        assertThat(seen).containsExactly(first, second);
        assertThat(first.sequence()).isEqualTo(1);
        assertThat(second.sequence()).isEqualTo(2);
        assertThat(first.time()).isEqualTo(Instant.parse("2026-05-01T00:00:15Z"));
        assertThat(second.time()).isEqualTo(clock.now()).isEqualTo(Instant.parse("2026-05-01T00:00:30Z"));
        assertThat(first.value(LOAD)).isEqualTo(2.0);
        assertThat(second.value(LOAD)).isNaN();
        assertThat(second.interval()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void valuesAreRecordedInARealHistoryThatTheTicksCarry() {
        TickFeed feed = TickFeed.create().unit(CPU, Unit.RATIO);

        feed.tick(CPU, 0.2);
        feed.tick(CPU, 0.4);
        Tick last = feed.tick(CPU, Double.NaN);

        assertThat(last.history()).isSameAs(feed.store());
        assertThat(last.samples())
                .singleElement()
                .satisfies(s -> assertThat(s.unit()).isEqualTo(Unit.RATIO));
        assertThat(feed.store().series(CPU).latest()).isEqualTo(0.4); // NaN is not recorded
        assertThat(feed.store().series(CPU).count(Duration.ofMinutes(5))).isEqualTo(2);
    }

    @Test
    void unknownSeriesAndSkippedTimeAreTicksOfTheirOwn() {
        TickFeed feed = TickFeed.create();
        long start = feed.now();

        feed.skip(Duration.ofMinutes(5));
        Tick unknown = feed.tickUnknown(CPU);

        assertThat(unknown.unknown()).containsExactly(CPU);
        assertThat(unknown.samples()).isEmpty();
        assertThat(unknown.timeMillis() - start)
                .isEqualTo(Duration.ofMinutes(5).plusSeconds(10).toMillis());
    }

    @Test
    void argumentsThatDoNotAlternateSeriesAndNumbersAreRefused() {
        TickFeed feed = TickFeed.create();

        assertThatThrownBy(() -> feed.tick(CPU))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alternate MetricId and Number");
        assertThatThrownBy(() -> feed.tick("cpu", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("idValues[0] must be a MetricId");
        assertThatThrownBy(() -> TickFeed.on(ManualClock.create(), Duration.ZERO))
                .hasMessage("interval must be positive: PT0S");
    }
}

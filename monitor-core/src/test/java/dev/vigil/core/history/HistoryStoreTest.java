package dev.vigil.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HistoryStoreTest {

    private static final long T0 = 1_767_225_600_000L;
    private static final MetricId SDA = MetricId.of("disk.read.bytes", "device", "sda");
    private static final MetricId SDB = MetricId.of("disk.read.bytes", "device", "sdb");
    private static final MetricId CPU = MetricId.of("system.cpu.usage");

    /** Longest retention: the 5-minute tier. */
    private static final HistoryConfig CONFIG = HistoryConfig.builder()
            .raw(Duration.ofMinutes(1))
            .tier(Duration.ofSeconds(10), Duration.ofMinutes(5))
            .maxSeries(2)
            .build();

    private final HistoryStore store = new HistoryStore(CONFIG, Duration.ofSeconds(10));

    @Test
    void findsSeriesByIdAndByName() {
        store.record(SDA, Unit.BYTES, T0, 1);
        store.record(CPU, Unit.RATIO, T0, 0.5);
        store.advanceTo(T0);
        assertThat(store.ids()).containsExactlyInAnyOrder(SDA, CPU);
        assertThat(store.byName("disk.read.bytes"))
                .extracting(SeriesHistory::id)
                .containsExactly(SDA);
        assertThat(store.series(CPU).unit()).isEqualTo(Unit.RATIO);
        assertThat(store.series(SDB)).isNull();
        assertThat(store.nowMillis()).isEqualTo(T0);
    }

    @Test
    void newSeriesBeyondMaxSeriesAreDroppedAndCounted() {
        assertThat(store.record(SDA, Unit.BYTES, T0, 1)).isTrue();
        assertThat(store.record(CPU, Unit.RATIO, T0, 0.5)).isTrue();
        assertThat(store.record(SDB, Unit.BYTES, T0, 2)).isFalse();
        assertThat(store.record(SDB, Unit.BYTES, T0 + 10_000, 3)).isFalse();
        assertThat(store.record(SDA, Unit.BYTES, T0 + 10_000, 4)).isTrue();
        assertThat(store.droppedSeries()).isEqualTo(2);
        assertThat(store.series(SDB)).isNull();
        assertThat(store.series(SDA).latest()).isEqualTo(4);
    }

    @Test
    void seriesNotWrittenForLongerThanTheLongestRetentionAreEvicted() {
        store.record(SDA, Unit.BYTES, T0, 1); // then the disk is removed
        long t = T0;
        for (; t < T0 + Duration.ofMinutes(5).toMillis(); t += 10_000) {
            store.record(CPU, Unit.RATIO, t, 0.5);
            store.advanceTo(t);
        }
        // Its only sample stays inside the longest retention, (now - 5 min, now], until now
        // reaches T0 + 5 min; the eviction check runs at most a minute later.
        assertThat(store.ids()).contains(SDA);
        for (long end = t + HistoryStore.EVICTION_CHECK_MILLIS; t <= end; t += 10_000) {
            store.record(CPU, Unit.RATIO, t, 0.5);
            store.advanceTo(t);
        }
        assertThat(store.ids()).containsExactly(CPU);
        assertThat(store.series(SDA)).isNull();
    }

    @Test
    void evictionMakesRoomForNewSeries() {
        store.record(SDA, Unit.BYTES, T0, 1);
        store.record(CPU, Unit.RATIO, T0, 1);
        store.advanceTo(T0);
        long later = T0 + Duration.ofMinutes(5).toMillis() + HistoryStore.EVICTION_CHECK_MILLIS;
        store.advanceTo(later);
        assertThat(store.ids()).isEmpty();
        assertThat(store.record(SDB, Unit.BYTES, later, 2)).isTrue();
        assertThat(store.droppedSeries()).isZero();
    }

    @Test
    void aSeriesWrittenWithinTheRetentionIsKept() {
        long t = T0;
        for (int i = 0; i < 100; i++, t += 10_000) {
            if (i % 29 == 0) {
                store.record(SDA, Unit.BYTES, t, i); // every 290 s: under the 5-minute retention
            }
            store.advanceTo(t);
        }
        assertThat(store.ids()).containsExactly(SDA);
    }
}

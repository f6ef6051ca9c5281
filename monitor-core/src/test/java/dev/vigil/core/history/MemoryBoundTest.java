package dev.vigil.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MemoryBoundTest {

    private static final MetricId ID = MetricId.of("test.value");
    private static final long T0 = 1_767_225_600_000L;

    @Test
    void defaultsHoldTheDocumentedBytesPerSeries() {
        // The consolidated tiers' figure in HistoryStore's Javadoc and docs/history.md.
        assertThat(HistoryStore.tierBytesPerSeries(HistoryConfig.defaults(), Duration.ofSeconds(10)))
                .isEqualTo(60_592);
    }

    @Test
    void ringsStopAtTheirCapacityAfterTenTimesTheLongestRetention() {
        Duration interval = Duration.ofSeconds(10);
        HistoryStore store = new HistoryStore(HistoryConfig.defaults(), interval);
        long tenTimes30Days = 10 * Duration.ofDays(30).toMillis();
        for (long t = 0; t <= tenTimes30Days; t += 10_000) {
            store.record(ID, Unit.NONE, T0 + t, (double) (t % 7));
        }
        store.advanceTo(T0 + tenTimes30Days);
        RingSeries s = (RingSeries) store.series(ID);

        int rawCapacity = HistoryConfig.defaults().rawCapacity(interval);
        assertThat(rawCapacity).isEqualTo(360);
        assertThat(s.rawSize()).isEqualTo(rawCapacity);
        // At most the capacity plus one chunk, at a few bytes a sample (this series repeats a
        // 7-step pattern, so it compresses less well than a constant).
        assertThat(s.rawTier().allocatedBytes()).isLessThan(4L * (rawCapacity + RawRing.MAX_CHUNK_SAMPLES) + 1_024);
        assertThat(s.consolidatedTiers()).extracting(BucketRing::allocated).containsExactly(1_442, 722);
        // All 30 days: 720 complete hour buckets, and the one that has just begun with now.
        assertThat(s.count(Duration.ofDays(30))).isEqualTo(720 * 360 + 1);
    }

    @Test
    void ringsNeverGrowBeyondTheirCapacityWhateverTheGaps() {
        HistoryConfig config = HistoryConfig.builder()
                .raw(Duration.ofMinutes(1))
                .tier(Duration.ofSeconds(10), Duration.ofMinutes(5))
                .tier(Duration.ofMinutes(1), Duration.ofMinutes(30))
                .build();
        HistoryStore store = new HistoryStore(config, Duration.ofSeconds(1));
        Random random = new Random(42);
        long t = T0;
        int[] maxAllocated = new int[3];
        while (t < T0 + 10 * Duration.ofMinutes(30).toMillis()) {
            t += random.nextInt(10) == 0 ? 1_000L * random.nextInt(2_000) : 1_000 + random.nextInt(50);
            store.record(ID, Unit.NONE, t, random.nextDouble());
            RingSeries s = (RingSeries) store.series(ID);
            maxAllocated[0] = Math.max(maxAllocated[0], s.rawSize());
            maxAllocated[1] =
                    Math.max(maxAllocated[1], s.consolidatedTiers().get(0).allocated());
            maxAllocated[2] =
                    Math.max(maxAllocated[2], s.consolidatedTiers().get(1).allocated());
        }
        assertThat(maxAllocated).containsExactly(60, 32, 32);
    }

    @Test
    void aShortLivedSeriesAllocatesOnlyTheStartOfItsRings() {
        HistoryStore store = new HistoryStore(HistoryConfig.defaults(), Duration.ofSeconds(10));
        for (int i = 0; i < 10; i++) {
            store.record(ID, Unit.NONE, T0 + i * 10_000L, i);
        }
        RingSeries s = (RingSeries) store.series(ID);
        assertThat(s.rawTier().allocatedBytes()).isLessThan(512);
        assertThat(s.consolidatedTiers()).extracting(BucketRing::allocated).containsOnly(BucketRing.INITIAL_SLOTS);
    }

    @Test
    void aFillingTierAllocatesAboutItsFullSizeOnceAndKeepsEveryBucket() {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(
                bean.isThreadAllocatedMemoryEnabled(), "this JVM cannot measure a thread's allocations");
        int capacity = 1_442; // the default minute tier: 24 hours and 2
        long minute = 60_000;
        BucketRing ring = new BucketRing(minute, capacity, 10_000);
        long before = bean.getCurrentThreadAllocatedBytes();
        for (long m = 0; m < capacity; m++) {
            ring.add(T0 + m * minute, (double) m);
            ring.add(T0 + m * minute + 30_000, m + 0.5);
        }
        long allocated = bean.getCurrentThreadAllocatedBytes() - before;

        assertThat(ring.allocated()).isEqualTo(capacity);
        long full = (long) capacity * BucketRing.BYTES_PER_BUCKET;
        // doubling arrays allocated about 2.4 times the full ring (every size on the way, copied)
        assertThat(allocated)
                .as("bytes allocated filling a ring of %d bytes", full)
                .isLessThan(full * 115 / 100);
        long selection = ring.select(Long.MIN_VALUE + 1, T0 + capacity * minute);
        assertThat(Archive.count(selection)).isEqualTo(capacity);
        for (int i = 0; i < capacity; i++) {
            assertThat(ring.countAt(i)).isEqualTo(2);
            assertThat(ring.minAt(i)).isEqualTo(i);
            assertThat(ring.maxAt(i)).isEqualTo(i + 0.5);
            assertThat(ring.sumAt(i)).isEqualTo(2 * i + 0.5);
        }
    }
}

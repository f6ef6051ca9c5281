package dev.vigil.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the consolidated tiers (min/avg/max) take on disk per series, measured on the files a store
 * writes once every ring has gone round: with the default tiers, and with Munin's layout (5-minute
 * points for 2 days, 30-minute for 9, 2-hour for 45, daily for 450). Munin keeps its layout in one
 * RRD file per series of 1,998 rows times three consolidation functions of 8 bytes: 47,952 bytes of
 * rows, about 49 KB with its header, its "450 days within 50 KB". The figures are in
 * docs/storage.md and docs/performance.md.
 */
class TierBytesOnDiskTest {

    static final int SERIES = 3;
    /** Munin's "450 days within 50 KB per series". */
    static final long MUNIN_GOAL = 50 * 1024;

    @TempDir
    Path dir;

    private static HistoryConfig munin(Duration checkpointEvery) {
        return HistoryConfig.builder()
                .tier(Duration.ofMinutes(5), Duration.ofDays(2))
                .tier(Duration.ofMinutes(30), Duration.ofDays(9))
                .tier(Duration.ofHours(2), Duration.ofDays(45))
                .tier(Duration.ofDays(1), Duration.ofDays(450))
                .checkpointEvery(checkpointEvery)
                .build();
    }

    /**
     * Bytes of one series' ring of {@code slots} positions as docs/storage.md describes it: blocks
     * of 32 positions (the last one shorter), each a long time, three doubles a position, the
     * counts in {@code countBits} bits each rounded up to whole bytes, and a CRC32C.
     */
    private static long ringBytes(int slots, int countBits) {
        long bytes = 0;
        for (int first = 0; first < slots; first += 32) {
            int n = Math.min(32, slots - first);
            bytes += 8 + 24L * n + (n * countBits + 7) / 8 + 4;
        }
        return bytes;
    }

    @Test
    void theDefaultTiersTake54118BytesPerSeriesAtTenSecondTicks() throws IOException {
        HistoryConfig config =
                HistoryConfig.builder().checkpointEvery(Duration.ofDays(5)).build();
        long perSeries = tierBytesPerSeries(config, Duration.ofSeconds(10), Duration.ofDays(31));
        // (1,440 + 2) one-minute positions with counts up to 7 (3 bits: 6 ticks and a late one)
        // and (720 + 2) one-hour positions with counts up to 361 (9 bits); 103,872 bytes before
        assertThat(perSeries).isEqualTo(ringBytes(1442, 3) + ringBytes(722, 9)).isEqualTo(54_118);
    }

    @Test
    void muninsLayoutOf450DaysAtMuninsFiveMinuteTicksFitsWithin50KB() throws IOException {
        long perSeries = tierBytesPerSeries(munin(Duration.ofDays(30)), Duration.ofMinutes(5), Duration.ofDays(452));
        // Munin's 576 + 432 + 540 + 450 rows, each tier two positions more (the bucket still filling,
        // and one straddling the start of a window as long as the retention); counts up to 2, 7,
        // 25 and 289 samples. 96,288 bytes before, with 48-byte slots.
        assertThat(perSeries)
                .isEqualTo(ringBytes(578, 2) + ringBytes(434, 3) + ringBytes(542, 5) + ringBytes(452, 9))
                .isEqualTo(50_080)
                .isLessThanOrEqualTo(MUNIN_GOAL);
        // Munin's RRD rows alone (three doubles a row, no count, no checksum) take 47,952 bytes
        assertThat(perSeries - 1998 * 24).isLessThan(1998 * 2);
    }

    @Test
    void muninsLayoutAtVigilsTenSecondTicksFitsWithin50KBToo() throws IOException {
        // every block of every series is written at the first checkpoint, so a day shows the size
        long perSeries = tierBytesPerSeries(munin(Duration.ofHours(1)), Duration.ofSeconds(10), Duration.ofDays(1));
        // counts up to 31, 181, 721 and 8,641 samples: 5, 8, 10 and 14 bits
        assertThat(perSeries)
                .isEqualTo(ringBytes(578, 5) + ringBytes(434, 8) + ringBytes(542, 10) + ringBytes(452, 14))
                .isEqualTo(51_189)
                .isLessThanOrEqualTo(MUNIN_GOAL);
    }

    /** Runs {@link #SERIES} series for {@code span} at {@code tick}, closes, and divides the ring files' bytes by the series. */
    private long tierBytesPerSeries(HistoryConfig config, Duration tick, Duration span) throws IOException {
        HistoryStore store = HistoryStore.open(config, tick, dir);
        long t = 1_767_225_600_000L;
        long end = t + span.toMillis();
        for (; t < end; t += tick.toMillis()) {
            for (int s = 0; s < SERIES; s++) {
                store.record(MetricId.of("test.value", "n", Integer.toString(s)), Unit.NONE, t, (double)
                        ((t / 1000 % 97) + s));
            }
            store.advanceTo(t);
        }
        store.close();
        List<Path> rings;
        try (Stream<Path> files = Files.list(dir.resolve("."))) {
            rings = files.filter(p -> p.getFileName().toString().endsWith(".ring"))
                    .toList();
        }
        assertThat(rings).hasSize(config.tiers().size());
        long bytes = 0;
        for (Path ring : rings) {
            bytes += Files.size(ring);
        }
        assertThat(bytes % SERIES).isZero();
        return bytes / SERIES;
    }
}

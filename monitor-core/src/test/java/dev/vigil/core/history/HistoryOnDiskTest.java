package dev.vigil.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.history.SeriesHistory.Point;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.time.ManualClock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history survives a close and a reopen, a crash loses at most a checkpoint, the directory stays bounded. */
class HistoryOnDiskTest {

    private static final Duration TICK = Duration.ofSeconds(10);
    private static final List<Duration> WINDOWS = List.of(
            Duration.ofMinutes(5),
            Duration.ofHours(1),
            Duration.ofHours(1).plusMillis(1),
            Duration.ofHours(6),
            Duration.ofDays(1),
            Duration.ofDays(2));

    @TempDir
    Path dir;

    private final ManualClock clock = ManualClock.at(Instant.parse("2026-03-01T00:00:03Z"));

    private static double value(int series, long t) {
        long tick = t / 10_000;
        return series == 0 ? (tick * 7919) % 101 / 4.0 : Math.sin(tick / (series + 1.0)) * 1e3 * series;
    }

    private void run(HistoryStore store, int series, Duration span) {
        long end = clock.wallMillis() + span.toMillis();
        while (clock.wallMillis() < end) {
            clock.advance(TICK);
            long t = clock.wallMillis();
            for (int s = 0; s < series; s++) {
                store.record(MetricId.of("test.value", "n", Integer.toString(s)), Unit.NONE, t, value(s, t));
            }
            store.advanceTo(t);
        }
    }

    @Test
    void aReopenedStoreAnswersEveryQueryAsTheOneClosed() {
        HistoryStore first = HistoryStore.open(HistoryConfig.defaults(), TICK, dir);
        run(first, 4, Duration.ofHours(30));
        first.close();
        HistoryStore reopened = HistoryStore.open(HistoryConfig.defaults(), TICK, dir);
        assertThat(reopened.ids()).containsExactlyInAnyOrderElementsOf(first.ids());
        assertThat(reopened.nowMillis()).isEqualTo(first.nowMillis());
        for (MetricId id : first.ids()) {
            SeriesHistory a = first.series(id);
            SeriesHistory b = reopened.series(id);
            assertThat(b.latest()).isEqualTo(a.latest());
            assertThat(b.rawSize()).isEqualTo(a.rawSize());
            for (Duration w : WINDOWS) {
                assertThat(b.count(w)).as("%s count %s", id, w).isEqualTo(a.count(w));
                assertThat(b.sum(w)).as("%s sum %s", id, w).isEqualTo(a.sum(w));
                assertThat(b.max(w)).as("%s max %s", id, w).isEqualTo(a.max(w));
                assertThat(b.slope(w)).as("%s slope %s", id, w).isEqualTo(a.slope(w));
                assertThat(b.predict(w, Duration.ofHours(4)))
                        .as("%s predict %s", id, w)
                        .isEqualTo(a.predict(w, Duration.ofHours(4)));
            }
            long now = first.nowMillis();
            for (long back : new long[] {
                Duration.ofHours(1).toMillis(),
                Duration.ofDays(1).toMillis(),
                Duration.ofDays(2).toMillis()
            }) {
                assertThat(b.range(now - back, now)).isEqualTo(a.range(now - back, now));
            }
        }
        // and it goes on where it stopped
        run(reopened, 4, Duration.ofHours(2));
        assertThat(reopened.series(MetricId.of("test.value", "n", "0")).count(Duration.ofHours(1)))
                .isEqualTo(360);
        reopened.close();
    }

    @Test
    void aCrashLosesNothingThatACheckpointWrote() {
        HistoryStore crashed = HistoryStore.open(HistoryConfig.defaults(), TICK, dir);
        run(crashed, 3, Duration.ofHours(3));
        crashed.checkpoint();
        long checkpointed = crashed.nowMillis();
        // 50 minutes back: raw samples, before and after the reopen
        List<Point> before =
                crashed.series(MetricId.of("test.value", "n", "1")).range(checkpointed - 3_000_000, checkpointed);
        run(crashed, 3, Duration.ofSeconds(50)); // within the 60 s cadence: not checkpointed; then the process "dies"
        HistoryStore reopened = HistoryStore.open(HistoryConfig.defaults(), TICK, dir);
        assertThat(reopened.nowMillis()).isGreaterThanOrEqualTo(checkpointed);
        SeriesHistory s = reopened.series(MetricId.of("test.value", "n", "1"));
        assertThat(before).hasSize(301); // both ends included
        assertThat(s.range(checkpointed - 3_000_000, checkpointed)).isEqualTo(before);
        reopened.close();
    }

    @Test
    void aCorruptOrTornRecordIsSkippedAndNeverReadAsData() throws IOException {
        HistoryConfig config = HistoryConfig.builder().raw(Duration.ofHours(6)).build();
        HistoryStore store = HistoryStore.open(config, TICK, dir);
        run(store, 2, Duration.ofHours(4)); // 1,440 samples a series: several sealed chunks
        store.close();
        Path segment;
        try (Stream<Path> files = Files.list(dir)) {
            segment = files.filter(f -> f.getFileName().toString().startsWith("segment-"))
                    .sorted()
                    .findFirst()
                    .orElseThrow();
        }
        long size = Files.size(segment);
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.seek(40); // inside the first chunk record's payload
            int b = f.read();
            f.seek(40);
            f.write(b ^ 0x10);
            f.setLength(size - 3); // and a torn tail
        }
        HistoryStore reopened = HistoryStore.open(config, TICK, dir);
        for (int n = 0; n < 2; n++) {
            SeriesHistory s = reopened.series(MetricId.of("test.value", "n", Integer.toString(n)));
            List<Point> points =
                    s.range(reopened.nowMillis() - Duration.ofHours(6).toMillis(), reopened.nowMillis());
            assertThat(points).isNotEmpty();
            for (Point p : points) {
                if (p.known()) {
                    assertThat(p.avg()).as("sample at %d", p.timeMillis()).isEqualTo(value(n, p.timeMillis()));
                }
            }
        }
        reopened.close();
    }

    @Test
    void writingPastTheCapForHoursKeepsTheDirectoryWithinTheCapPlusOneSegment() throws IOException {
        long cap = 512 * 1024;
        long segmentBytes = 32 * 1024;
        HistoryConfig config = HistoryConfig.builder()
                .raw(Duration.ofHours(24)) // the cap, not the retention, bounds the segments
                .tier(Duration.ofMinutes(5), Duration.ofHours(12))
                .maxDiskBytes(cap)
                .segmentBytes(segmentBytes)
                .checkpointEvery(Duration.ofMinutes(10))
                .build();
        HistoryStore store = HistoryStore.open(config, TICK, dir);
        long written = 0;
        for (int hour = 0; hour < 36; hour++) {
            run(store, 30, Duration.ofHours(1));
            assertThat(directoryBytes())
                    .as("bytes in the directory after %d h", hour + 1)
                    .isLessThanOrEqualTo(cap + segmentBytes);
            assertThat(store.diskBytes()).isLessThanOrEqualTo(cap + segmentBytes);
            written = store.bytesWritten();
        }
        assertThat(written).as("written: well past the cap").isGreaterThan(3 * cap);
        assertThat(directoryBytes()).as("and the cap is used").isGreaterThan(cap / 2);
        store.close();
        HistoryStore reopened = HistoryStore.open(config, TICK, dir);
        assertThat(reopened.ids()).hasSize(30);
        reopened.close();
    }

    @Test
    void seriesWhoseTierRingsWouldNotFitTheCapAreKeptInMemoryOnly() throws IOException {
        // default tiers at 10 s ticks: 54,118 bytes of tier blocks a series (TierBytesOnDiskTest);
        // 640 KiB less two segments and 64 KiB for the rest holds 8 (432,944 bytes), not 9 (487,062)
        HistoryConfig config = HistoryConfig.builder()
                .maxDiskBytes(640 * 1024)
                .segmentBytes(64 * 1024)
                .build();
        HistoryStore store = HistoryStore.open(config, TICK, dir);
        run(store, 10, Duration.ofHours(2));
        assertThat(store.ids()).hasSize(10);
        assertThat(store.unpersistedSeries()).isEqualTo(2);
        store.close();
        assertThat(directoryBytes()).isLessThanOrEqualTo(640 * 1024 + 64 * 1024);
        HistoryStore reopened = HistoryStore.open(config, TICK, dir);
        assertThat(reopened.ids()).hasSize(8);
        reopened.close();
    }

    @Test
    void segmentsOlderThanTheRawRetentionAreDeleted() throws IOException {
        HistoryConfig config = HistoryConfig.builder()
                .raw(Duration.ofHours(1))
                .tier(Duration.ofMinutes(5), Duration.ofHours(6))
                .segmentBytes(16 * 1024)
                .checkpointEvery(Duration.ofMinutes(5))
                .build();
        HistoryStore store = HistoryStore.open(config, TICK, dir);
        run(store, 20, Duration.ofHours(3));
        long afterThreeHours = segmentBytes();
        run(store, 20, Duration.ofHours(9));
        long afterTwelveHours = segmentBytes();
        assertThat(store.bytesWritten()).isGreaterThan(3 * afterTwelveHours);
        // what is kept is the raw retention's worth (plus a chunk and a segment), not twelve hours
        assertThat(afterTwelveHours).isLessThanOrEqualTo(afterThreeHours + 16 * 1024);
        store.close();
    }

    private long segmentBytes() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("segment-"))
                    .mapToLong(f -> {
                        try {
                            return Files.size(f);
                        } catch (IOException e) {
                            return 0;
                        }
                    })
                    .sum();
        }
    }

    private long directoryBytes() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(f -> {
                        try {
                            return Files.size(f);
                        } catch (IOException e) {
                            return 0;
                        }
                    })
                    .sum();
        }
    }
}

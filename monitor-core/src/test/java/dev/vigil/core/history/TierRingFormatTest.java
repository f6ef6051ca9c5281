package dev.vigil.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tier ring files (docs/storage.md, "Tier rings"): blocks of 32 positions with one checksum,
 * bucket numbers derived from the block's latest sample time. A one-minute tier of 40 minutes has
 * 42 positions a series, a block of 32 and one of 10, so gaps and laps cross block edges; the raw
 * tier keeps only 2 minutes, so what a reopened tier holds comes from its ring file.
 */
class TierRingFormatTest {

    private static final Duration TICK = Duration.ofSeconds(10);
    private static final long MINUTE = 60_000;
    private static final long START = 1_767_225_600_000L;

    @TempDir
    Path dir;

    private final HistoryConfig config = HistoryConfig.builder()
            .raw(Duration.ofMinutes(2))
            .tier(Duration.ofMinutes(1), Duration.ofMinutes(40))
            .checkpointEvery(Duration.ofMinutes(7))
            .build();

    private static MetricId id(int s) {
        return MetricId.of("ring.value", "n", Integer.toString(s));
    }

    /** Every bucket with samples, with its min, max, sum and count, and the tier's latest sample time. */
    private static List<String> buckets(HistoryStore store, int s) {
        RingSeries series = (RingSeries) store.series(id(s));
        List<String> out = new ArrayList<>();
        synchronized (series.lock()) {
            BucketRing tier = series.tier(0);
            if (tier.lastBucket() == Long.MIN_VALUE) {
                return out;
            }
            for (long b = tier.oldestBucket(); b <= tier.lastBucket(); b++) {
                if (tier.countOf(b) > 0) {
                    out.add(b + " " + tier.minOf(b) + " " + tier.maxOf(b) + " " + tier.sumOf(b) + " "
                            + tier.countOf(b));
                }
            }
            out.add("latest " + tier.lastTime());
        }
        return out;
    }

    @Test
    void aReopenedTierHoldsEveryBucketBitForBitAcrossGapsLapsAndCheckpoints() {
        Random random = new Random(14);
        HistoryStore store = HistoryStore.open(config, TICK, dir);
        long t = START;
        for (int round = 0; round < 40; round++) {
            // a run of samples, then a gap: short, across a block edge, or longer than a lap
            int samples = 1 + random.nextInt(400);
            for (int i = 0; i < samples; i++) {
                t += TICK.toMillis();
                for (int s = 0; s < 2; s++) {
                    store.record(id(s), Unit.NONE, t, Math.sin(t / 7e3 + s) * 1e3 + random.nextGaussian());
                }
                store.advanceTo(t);
                if (random.nextInt(150) == 0) {
                    store.checkpoint();
                }
            }
            int gap = random.nextInt(4);
            t += gap == 0
                    ? 0
                    : gap == 1
                            ? random.nextInt(5) * MINUTE
                            : gap == 2 ? (20 + random.nextInt(20)) * MINUTE : (42 + random.nextInt(60)) * MINUTE;
            List<List<String>> before = List.of(buckets(store, 0), buckets(store, 1));
            store.close();
            store = HistoryStore.open(config, TICK, dir);
            assertThat(List.of(buckets(store, 0), buckets(store, 1)))
                    .as("after round %d", round)
                    .isEqualTo(before);
        }
        store.close();
    }

    @Test
    void aCorruptTierBlockIsSkippedAndNeverReadAsData() throws IOException {
        HistoryStore store = HistoryStore.open(config, TICK, dir);
        long t = START;
        for (int i = 0; i < 6 * 90; i++) { // 90 minutes: both blocks written, the ring gone round
            t += TICK.toMillis();
            for (int s = 0; s < 2; s++) {
                store.record(id(s), Unit.NONE, t, (t / 1000 % 97) + 100.0 * s);
            }
            store.advanceTo(t);
        }
        List<String> series0 = buckets(store, 0);
        List<String> series1 = buckets(store, 1);
        long lastBucket = ((RingSeries) store.series(id(0))).tier(0).lastBucket();
        store.close();

        TierLayout layout = new TierLayout(MINUTE, 42, 3);
        Path ring = HistoryDisk.tierFile(dir, MINUTE, 42, 3);
        assertThat(ring).exists();
        assertThat(Files.size(ring)).isEqualTo(2 * layout.regionBytes);
        // the block of series 0 that does not hold the latest bucket: a bit flipped in a sum
        int corruptBlock = layout.blockOf(lastBucket) == 0 ? 1 : 0;
        try (FileChannel ch = FileChannel.open(ring, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long at = layout.blockOffset(0, corruptBlock) + 8 + 16;
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x10)).rewind();
            ch.write(b, at);
        }

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        assertThat(HistoryDump.dump(dir, new PrintStream(text, true, StandardCharsets.UTF_8)))
                .isEqualTo(1);
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("CORRUPT block " + corruptBlock + " of series 0");

        HistoryStore reopened = HistoryStore.open(config, TICK, dir);
        List<String> after = buckets(reopened, 0);
        // what is read back is what was written: the corrupt block's buckets are missing, none altered
        assertThat(series0).containsAll(after.subList(0, after.size() - 1));
        List<String> lost = new ArrayList<>(series0.subList(0, series0.size() - 1));
        lost.removeAll(after);
        assertThat(lost).hasSize(layout.blockSlots(corruptBlock));
        for (String bucket : lost) {
            assertThat(layout.blockOf(Long.parseLong(bucket.substring(0, bucket.indexOf(' ')))))
                    .isEqualTo(corruptBlock);
        }
        assertThat(buckets(reopened, 1)).isEqualTo(series1);
        reopened.close();
    }

    @Test
    void aRingFileOfTheFormatBefore020IsMigratedWhenTheStoreOpens() throws IOException {
        HistoryStore store = HistoryStore.open(config, TICK, dir);
        long t = START;
        for (int i = 0; i < 6 * 10; i++) {
            t += TICK.toMillis();
            store.record(id(0), Unit.NONE, t, 1.0);
            store.advanceTo(t);
        }
        store.close();
        // the tiers as 0.1 wrote them: 48-byte slots, six buckets after the samples above
        Files.delete(HistoryDisk.tierFile(dir, MINUTE, 42, 3));
        Path old = dir.resolve("tier-60000ms-42.ring");
        long first = t / MINUTE + 1;
        ByteBuffer slots = ByteBuffer.allocate(42 * 48);
        List<String> expected = new ArrayList<>();
        for (long b = first; b < first + 6; b++) {
            int count = 1 + (int) (b % 6);
            double min = b % 5 - 2.5;
            double max = min + count;
            double sum = (min + max) / 2 * count;
            long latest = (b + 1) * MINUTE - 1;
            int at = (int) Math.floorMod(b, 42L) * 48;
            slots.putLong(at, b)
                    .putDouble(at + 8, min)
                    .putDouble(at + 16, max)
                    .putDouble(at + 24, sum)
                    .putInt(at + 32, count)
                    .putLong(at + 36, latest);
            CRC32C crc = new CRC32C();
            crc.update(slots.array(), at, 44);
            slots.putInt(at + 44, (int) crc.getValue());
            expected.add(b + " " + min + " " + max + " " + sum + " " + count);
        }
        Files.write(old, slots.array());
        expected.add("latest " + ((first + 6) * MINUTE - 1));

        HistoryStore migrated = HistoryStore.open(config, TICK, dir);
        assertThat(buckets(migrated, 0)).isEqualTo(expected);
        migrated.close();
        assertThat(old).doesNotExist();
        assertThat(HistoryDisk.tierFile(dir, MINUTE, 42, 3)).exists();
        HistoryStore reopened = HistoryStore.open(config, TICK, dir);
        assertThat(buckets(reopened, 0)).isEqualTo(expected);
        reopened.close();
    }
}

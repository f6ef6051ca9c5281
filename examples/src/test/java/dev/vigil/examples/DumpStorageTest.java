package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.history.HistoryConfig;
import dev.vigil.core.history.HistoryStore;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.storage.Storage;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpStorageTest {

    private static final long T0 = 1_767_225_600_000L;

    @TempDir
    Path dir;

    private void write(Storage storage) {
        HistoryStore store =
                HistoryStore.open(HistoryConfig.defaults(), Duration.ofSeconds(10), storage.directory("history"));
        for (int i = 1; i <= 400; i++) { // a sealed chunk and an open one
            store.record(MetricId.of("disk.usage", "mount", "/data"), Unit.RATIO, T0 + i * 10_000L, i / 1000.0);
            store.advanceTo(T0 + i * 10_000L);
        }
        store.close();
    }

    @Test
    void dumpsEverySeriesChunkSampleAndBucketAsText() {
        try (Storage storage = Storage.open(dir)) {
            write(storage);
            Run running = Run.of("dump-storage", dir.toString());
            assertThat(running.out()).contains("in use by a monitor of this process");
        }
        Run run = Run.of("dump-storage", dir.toString());
        assertThat(run.code()).isZero();
        assertThat(run.out())
                .contains("not in use")
                .contains("series 0 disk.usage{mount=\"/data\"} RATIO")
                .contains("chunk series 0 disk.usage{mount=\"/data\"}: 240 samples")
                .contains("  2026-01-01T00:00:10Z 0.001")
                .contains("  2026-01-01T01:06:40Z 0.4")
                .containsPattern("series 0 2026-01-01T00:01:00Z 0.006 0.008\\d* 0.011 6");
    }

    @Test
    void aCorruptRecordIsNamedAndTheExitCodeSaysSo() throws Exception {
        try (Storage storage = Storage.open(dir)) {
            write(storage);
        }
        Path segment;
        try (Stream<Path> files = Files.list(dir.resolve("history"))) {
            segment = files.filter(f -> f.getFileName().toString().startsWith("segment-"))
                    .findFirst()
                    .orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.seek(60);
            int b = f.read();
            f.seek(60);
            f.write(b ^ 1);
        }
        Run run = Run.of("dump-storage", dir.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).contains("CORRUPT at byte 0: checksum mismatch").doesNotContain("240 samples");
        assertThat(run.err()).contains("1 corrupt record(s)");
    }

    @Test
    void aMissingDirectoryIsAUsageError() {
        Run run = Run.of("dump-storage", dir.resolve("absent").toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("is not a directory").contains("usage:");
    }
}

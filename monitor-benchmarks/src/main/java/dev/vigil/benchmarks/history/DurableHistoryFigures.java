package dev.vigil.benchmarks.history;

import dev.vigil.core.history.HistoryConfig;
import dev.vigil.core.history.HistoryStore;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The history on disk, measured on {@link RecordedSeries}:
 * <ul>
 *   <li>bytes per sample of the raw tier's files (segments and head), against an uncompressed
 *   log of (time, value) pairs of the same samples written in the same run;</li>
 *   <li>bytes written per hour for the recorded series (the default sources of the machine that
 *   recorded them) replayed at 10 s ticks with the default configuration and checkpoint cadence;</li>
 *   <li>the time {@link HistoryStore#open} takes for 1,000 series with 30 days of history at
 *   10 s ticks, default tiers.</li>
 * </ul>
 *
 * <pre>{@code
 * DurableHistoryFigures.Result r = DurableHistoryFigures.measure(RecordedSeries.load(), 1_000, 30);
 * }</pre>
 */
public final class DurableHistoryFigures {

    private DurableHistoryFigures() {}

    /**
     * The figures.
     *
     * @param diskBytesPerSample bytes of the raw tier's files per sample written
     * @param uncompressedBytesPerSample bytes of a plain (time, value) log per sample
     * @param bytesWrittenPerHour bytes written to disk in one hour of the recorded series at 10 s
     * @param recordedSeries series in the recording
     * @param reopenMillis time to open 1,000 series with {@code days} of history (best of 3)
     * @param reopenSeries series reopened
     * @param reopenDays days of history
     * @param reopenDiskBytes size of that directory
     */
    public record Result(
            double diskBytesPerSample,
            double uncompressedBytesPerSample,
            double bytesWrittenPerHour,
            int recordedSeries,
            double reopenMillis,
            int reopenSeries,
            int reopenDays,
            long reopenDiskBytes) {}

    /** Measures, in temporary directories deleted afterwards. */
    public static Result measure(RecordedSeries recording, int reopenSeries, int reopenDays) {
        try {
            double[] disk = diskBytesPerSample(recording);
            double perHour = bytesWrittenPerHour(recording);
            double[] reopen = reopen(recording, reopenSeries, reopenDays);
            return new Result(
                    disk[0], disk[1], perHour, recording.series().size(), reopen[0], reopenSeries, reopenDays, (long)
                            reopen[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double[] diskBytesPerSample(RecordedSeries recording) throws IOException {
        Path dir = Files.createTempDirectory("vigil-history-disk");
        Path plain = Files.createTempFile("vigil-history-plain", ".log");
        try {
            HistoryConfig config = HistoryConfig.builder()
                    .raw(Duration.ofSeconds(recording.longest() + 1L))
                    .noTiers()
                    .maxSeries(Integer.MAX_VALUE)
                    .build();
            HistoryStore store = HistoryStore.open(config, Duration.ofSeconds(1), dir);
            long samples = 0;
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(plain)))) {
                for (RecordedSeries.Series s : recording.series()) {
                    for (int i = 0; i < s.times().length; i++) {
                        store.record(s.id(), s.unit(), s.times()[i], s.values()[i]);
                        out.writeLong(s.times()[i]);
                        out.writeDouble(s.values()[i]);
                        samples++;
                    }
                }
            }
            store.close();
            long raw = 0;
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String name = f.getFileName().toString();
                    if (name.startsWith("segment-") || name.equals("head.dat")) {
                        raw += Files.size(f);
                    }
                }
            }
            return new double[] {raw / (double) samples, Files.size(plain) / (double) samples};
        } finally {
            delete(dir);
            Files.deleteIfExists(plain);
        }
    }

    private static double bytesWrittenPerHour(RecordedSeries recording) throws IOException {
        Path dir = Files.createTempDirectory("vigil-history-hour");
        try {
            HistoryStore store = HistoryStore.open(HistoryConfig.defaults(), Duration.ofSeconds(10), dir);
            List<RecordedSeries.Series> series = recording.series();
            long t = 1_767_225_600_000L;
            // one hour to fill the rings and reach steady state, then the hour measured
            long before = 0;
            for (int tick = 0; tick < 720; tick++) {
                if (tick == 360) {
                    before = store.bytesWritten();
                }
                t += 10_000;
                for (RecordedSeries.Series s : series) {
                    store.record(s.id(), s.unit(), t, s.values()[tick % s.values().length]);
                }
                store.advanceTo(t);
            }
            double perHour = store.bytesWritten() - before;
            store.close();
            return perHour;
        } finally {
            delete(dir);
        }
    }

    private static double[] reopen(RecordedSeries recording, int seriesCount, int days) throws IOException {
        Path dir = Files.createTempDirectory("vigil-history-reopen");
        try {
            // checkpoints once a day while filling: only the cost of reopening is measured
            HistoryConfig fill = HistoryConfig.builder()
                    .maxSeries(seriesCount)
                    .checkpointEvery(Duration.ofDays(1))
                    .build();
            HistoryStore store = HistoryStore.open(fill, Duration.ofSeconds(10), dir);
            List<RecordedSeries.Series> recorded = recording.series();
            MetricId[] ids = new MetricId[seriesCount];
            double[][] values = new double[seriesCount][];
            for (int i = 0; i < seriesCount; i++) {
                RecordedSeries.Series s = recorded.get(i % recorded.size());
                ids[i] = s.id().withTag("copy", Integer.toString(i / recorded.size()));
                values[i] = s.values();
            }
            long t = 1_767_225_600_000L;
            long ticks = Duration.ofDays(days).toSeconds() / 10;
            for (long tick = 0; tick < ticks; tick++) {
                t += 10_000;
                for (int i = 0; i < seriesCount; i++) {
                    store.record(ids[i], Unit.NONE, t, values[i][(int) (tick % values[i].length)]);
                }
                store.advanceTo(t);
            }
            store.close();
            long bytes = directoryBytes(dir);
            double best = Double.MAX_VALUE;
            for (int round = 0; round < 3; round++) {
                long start = System.nanoTime();
                HistoryStore reopened = HistoryStore.open(fill, Duration.ofSeconds(10), dir);
                double millis = (System.nanoTime() - start) / 1e6;
                if (reopened.ids().size() != seriesCount) {
                    throw new IllegalStateException(
                            "reopened " + reopened.ids().size() + " series, wrote " + seriesCount);
                }
                reopened.close();
                best = Math.min(best, millis);
            }
            return new double[] {best, bytes};
        } finally {
            delete(dir);
        }
    }

    private static long directoryBytes(Path dir) throws IOException {
        long bytes = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                bytes += Files.size(f);
            }
        }
        return bytes;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(f);
            }
        }
    }
}

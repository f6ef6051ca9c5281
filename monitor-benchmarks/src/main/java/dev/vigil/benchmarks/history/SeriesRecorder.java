package dev.vigil.benchmarks.history;

import dev.vigil.benchmarks.tick.VigilDefaultSources;
import dev.vigil.core.Monitor;
import dev.vigil.core.metric.Sample;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Records real series from Vigil's default sources into the file {@link RecordedSeries} reads:
 * {@code java -cp vigil-benchmarks.jar dev.vigil.benchmarks.history.SeriesRecorder OUT SECONDS}.
 * Samples are taken every second as the monitor stores them (counters already turned into rates).
 *
 * <pre>{@code
 * SeriesRecorder.record(Path.of("host-recording.tsv.gz"), Duration.ofMinutes(10));
 * }</pre>
 */
public final class SeriesRecorder {

    private SeriesRecorder() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: SeriesRecorder OUT.tsv.gz SECONDS");
            System.exit(2);
        }
        record(Path.of(args[0]), Duration.ofSeconds(Long.parseLong(args[1])));
    }

    /** Records for {@code duration} at one tick a second and writes the samples to {@code out}. */
    public static void record(Path out, Duration duration) throws Exception {
        List<Sample> samples = new ArrayList<>();
        // the listener runs on the monitor's thread; close() waits for its last tick
        try (VigilDefaultSources vigil = new VigilDefaultSources(Duration.ofSeconds(1))) {
            Monitor monitor = vigil.monitor();
            monitor.addListener(tick -> samples.addAll(tick.samples()));
            monitor.start();
            Thread.sleep(duration.toMillis() + 500);
        }
        try (OutputStream os = Files.newOutputStream(out)) {
            RecordedSeries.write(samples, os);
        }
        System.out.println("recorded " + samples.size() + " samples to " + out);
    }
}

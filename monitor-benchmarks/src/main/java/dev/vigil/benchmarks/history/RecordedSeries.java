package dev.vigil.benchmarks.history;

import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Sample;
import dev.vigil.core.metric.Unit;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Real series recorded from this library's default sources on a real machine (see
 * {@link SeriesRecorder}), stored as gzipped tab-separated lines {@code name, tags, unit, time,
 * value}, one sample a line. The history benchmarks replay them, so that a compressing raw tier
 * is measured on the values it will really hold, not on constants or random noise.
 *
 * <pre>{@code
 * RecordedSeries series = RecordedSeries.load();
 * series.replay(sample -> store.record(sample.id(), sample.unit(), sample.timeMillis(), sample.value()));
 * }</pre>
 */
public final class RecordedSeries {

    /** Class-path resource holding the recording. */
    public static final String RESOURCE = "/series/host-recording.tsv.gz";

    private final Map<MetricId, Series> series;

    private RecordedSeries(Map<MetricId, Series> series) {
        this.series = series;
    }

    /** One recorded series: its unit, times and values in time order. */
    @SuppressWarnings("ArrayRecordComponent") // primitive arrays replayed by benchmarks, never compared or hashed
    public record Series(MetricId id, Unit unit, long[] times, double[] values) {}

    /** Loads the recording shipped with the benchmarks. */
    public static RecordedSeries load() {
        try (InputStream in = RecordedSeries.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("recording " + RESOURCE + " is missing from the class path");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RecordedSeries read(InputStream gz) throws IOException {
        Map<MetricId, List<Sample>> samples = new LinkedHashMap<>();
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(new GZIPInputStream(gz), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split("\t", -1);
                MetricId id = MetricId.of(f[0], f[1].isEmpty() ? new String[0] : f[1].split("\u001f", -1));
                Sample s = new Sample(id, Unit.valueOf(f[2]), Long.parseLong(f[3]), Double.parseDouble(f[4]));
                samples.computeIfAbsent(id, k -> new ArrayList<>()).add(s);
            }
        }
        Map<MetricId, Series> out = new LinkedHashMap<>();
        samples.forEach((id, list) -> {
            long[] t = new long[list.size()];
            double[] v = new double[list.size()];
            for (int i = 0; i < t.length; i++) {
                t[i] = list.get(i).timeMillis();
                v[i] = list.get(i).value();
            }
            out.put(id, new Series(id, list.get(0).unit(), t, v));
        });
        return new RecordedSeries(out);
    }

    static void write(List<Sample> samples, OutputStream out) throws IOException {
        try (BufferedWriter w =
                new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(out), StandardCharsets.UTF_8))) {
            for (Sample s : samples) {
                StringBuilder tags = new StringBuilder();
                for (int i = 0; i < s.id().tagCount(); i++) {
                    if (i > 0) {
                        tags.append('\u001f');
                    }
                    tags.append(s.id().tagKey(i)).append('\u001f').append(s.id().tagValue(i));
                }
                w.write(s.id().name() + "\t" + tags + "\t" + s.unit().name() + "\t" + s.timeMillis() + "\t" + s.value()
                        + "\n");
            }
        }
    }

    /** The series, in recording order. */
    public List<Series> series() {
        return List.copyOf(series.values());
    }

    /** Samples in the recording. */
    public long sampleCount() {
        return series.values().stream().mapToLong(s -> s.times().length).sum();
    }

    /** The most samples any one series has. */
    public int longest() {
        return series.values().stream().mapToInt(s -> s.times().length).max().orElse(0);
    }
}

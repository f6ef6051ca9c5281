package dev.vigil.dashboard;

import dev.vigil.core.Monitor;
import dev.vigil.core.history.History;
import dev.vigil.core.history.HistoryConfig;
import dev.vigil.core.history.SeriesHistory;
import dev.vigil.core.metric.MetricId;
import java.util.List;

/**
 * One series over a span, as columns a chart draws directly: times (epoch seconds, as uPlot takes
 * them), and the mean, minimum and maximum of each point. The history picks the tier ({@link SeriesHistory#range}); where two
 * points lie further apart than one and a half steps of that tier, a {@code null} point is put
 * between them, so an outage shows as a gap and never as a line drawn across it.
 */
final class SeriesData {

    private SeriesData() {}

    static JsonWriter write(Monitor monitor, MetricId id, Span span) {
        History history = monitor.history();
        SeriesHistory series = history.series(id);
        if (series == null) { // evicted since it was listed
            throw new Router.BadRequest(404, "no series " + id);
        }
        long to = Site.nowMillis(history);
        // (to - length, to]: a span as long as a tier's retention is served from that tier.
        long from = to - span.length.toMillis() + 1;
        List<SeriesHistory.Point> points = series.range(from, to);
        long step = step(history.config(), monitor.interval().toMillis(), span.length.toMillis());
        boolean bands = false;
        for (SeriesHistory.Point p : points) {
            if (p.count() > 1) {
                bands = true;
                break;
            }
        }
        JsonWriter json = new JsonWriter(32 + points.size() * (bands ? 48 : 24));
        json.beginObject()
                .field("id", id.toString())
                .field("name", id.name())
                .field("tags", id.tags())
                .field("unit", series.unit().symbol())
                .field("span", span.key())
                .field("fromMillis", from)
                .field("toMillis", to)
                .field("stepMillis", step)
                .field("bands", bands);
        long gapAfter = step + step / 2;
        json.name("t").beginArray();
        column(json, points, gapAfter, 't');
        json.endArray().name("avg").beginArray();
        column(json, points, gapAfter, 'a');
        json.endArray();
        if (bands) {
            json.name("min").beginArray();
            column(json, points, gapAfter, 'n');
            json.endArray().name("max").beginArray();
            column(json, points, gapAfter, 'x');
            json.endArray();
        }
        return json.endObject();
    }

    /** Writes one column; a gap becomes one extra point, its time one step after the last sample. */
    private static void column(JsonWriter json, List<SeriesHistory.Point> points, long gapAfter, char which) {
        long previous = Long.MIN_VALUE;
        for (SeriesHistory.Point p : points) {
            if (previous != Long.MIN_VALUE && p.timeMillis() - previous > gapAfter) {
                if (which == 't') {
                    json.value((previous + gapAfter) / 1000.0);
                } else {
                    json.nullValue();
                }
            }
            previous = p.timeMillis();
            switch (which) {
                case 't' -> json.value(p.timeMillis() / 1000.0);
                case 'a' -> json.value(p.avg());
                case 'n' -> json.value(p.min());
                default -> json.value(p.max());
            }
        }
    }

    /**
     * The width of one point in the tier a read reaching {@code spanMillis} back is answered from:
     * the tick interval within raw retention, else the finest tier that covers the span.
     */
    static long step(HistoryConfig config, long intervalMillis, long spanMillis) {
        if (spanMillis <= config.rawRetention().toMillis() || config.tiers().isEmpty()) {
            return intervalMillis;
        }
        for (HistoryConfig.Tier t : config.tiers()) {
            if (spanMillis <= t.retention().toMillis()) {
                return t.resolution().toMillis();
            }
        }
        return config.tiers().get(config.tiers().size() - 1).resolution().toMillis();
    }
}

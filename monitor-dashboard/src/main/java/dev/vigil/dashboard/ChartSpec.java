package dev.vigil.dashboard;

import dev.vigil.core.history.History;
import dev.vigil.core.metric.MetricId;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One chart a page draws: a title and the series on it, each fetched from
 * {@code /api/series/data}. Built only from series the history holds, so a missing source leaves
 * no empty chart behind.
 */
record ChartSpec(String title, String unit, List<MetricId> series, double scale) {

    ChartSpec(String title, String unit, List<MetricId> series) {
        this(title, unit, series, 1);
    }

    /** The same chart with every value multiplied by {@code factor}, under another title. */
    ChartSpec scaled(String newTitle, double factor) {
        return new ChartSpec(newTitle, unit, series, factor);
    }

    /** A chart of every series with one of these names, or {@code null} when there is none. */
    static @Nullable ChartSpec of(History history, String title, String... names) {
        List<MetricId> ids = new ArrayList<>();
        String unit = "";
        for (String name : names) {
            for (MetricId id : Catalog.named(history, name)) {
                if (ids.size() < Catalog.MAX_SERIES_PER_CHART) {
                    ids.add(id);
                    unit = history.series(id).unit().symbol();
                }
            }
        }
        return ids.isEmpty() ? null : new ChartSpec(title, unit, ids);
    }

    static void addIfPresent(List<ChartSpec> charts, ChartSpec spec) {
        if (spec != null) {
            charts.add(spec);
        }
    }

    void write(JsonWriter json) {
        json.beginObject()
                .field("title", title)
                .field("unit", unit)
                .field("scale", scale)
                .name("series")
                .beginArray();
        series.forEach(id -> json.value(id.toString()));
        json.endArray().endObject();
    }
}

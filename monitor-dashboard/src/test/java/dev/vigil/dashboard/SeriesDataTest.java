package dev.vigil.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.history.HistoryConfig;
import dev.vigil.core.metric.MetricId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SeriesDataTest {

    static World world;

    @BeforeAll
    static void day() {
        world = new World().day();
    }

    @AfterAll
    static void close() {
        world.close();
    }

    String data(String name, Span span) {
        MetricId id = world.monitor.history().byName(name).get(0).id();
        return SeriesData.write(world.monitor, id, span).toString();
    }

    @Test
    void theLastHourComesFromRawSamplesWithoutBands() {
        String json = data("system.memory.usage", Span.HOUR);

        assertThat(json).contains("\"stepMillis\":10000", "\"bands\":false").doesNotContain("\"min\":");
        assertThat(count(json, "t")).isEqualTo(360);
    }

    @Test
    void aDayComesFromTheOneMinuteTierWithMinAvgMaxBands() {
        String json = data("system.memory.usage", Span.DAY);

        assertThat(json).contains("\"stepMillis\":60000", "\"bands\":true", "\"min\":[", "\"max\":[");
    }

    @Test
    void anOutageIsAGapNotALineAcrossIt() {
        String json = data("system.memory.usage", Span.DAY);

        // 30 minutes without samples: the history serves each empty one-minute bucket as an unknown
        // point, so every value column holds one run of 30 nulls (a gap uPlot leaves undrawn) and
        // no null anywhere else.
        String gap = String.join(",", java.util.Collections.nCopies(30, "null"));
        for (String name : java.util.List.of("avg", "min", "max")) {
            String values = column(json, name);
            assertThat(values).as(name).containsOnlyOnce(gap);
            assertThat(values.split("null", -1)).as(name).hasSize(31);
        }
        assertThat(data("system.memory.usage", Span.HOUR)).doesNotContain("null");
    }

    @Test
    void longerSpansUseTheTierThatCoversThem() {
        HistoryConfig config = HistoryConfig.defaults();

        assertThat(SeriesData.step(config, 10_000, Span.HOUR.length.toMillis())).isEqualTo(10_000);
        assertThat(SeriesData.step(config, 10_000, Span.DAY.length.toMillis())).isEqualTo(60_000);
        assertThat(SeriesData.step(config, 10_000, Span.WEEK.length.toMillis())).isEqualTo(3_600_000);
        assertThat(SeriesData.step(config, 10_000, Span.YEAR.length.toMillis())).isEqualTo(3_600_000);
        assertThat(data("system.memory.usage", Span.WEEK)).contains("\"stepMillis\":3600000");
    }

    @Test
    void theSameAnswerIsServedOverHttp() throws Exception {
        try (Dashboard d = Dashboard.builder().monitor(world.monitor).start()) {
            String id = world.monitor
                    .history()
                    .byName("system.memory.usage")
                    .get(0)
                    .id()
                    .toString();
            var r = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(d.url()
                                            .resolve("/api/series/data?span=day&id="
                                                    + java.net.URLEncoder.encode(
                                                            id, java.nio.charset.StandardCharsets.UTF_8)))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
            assertThat(r.body()).isEqualTo(data("system.memory.usage", Span.DAY));
        }
    }

    private static String column(String json, String name) {
        int start = json.indexOf("\"" + name + "\":[") + name.length() + 4;
        return json.substring(start, json.indexOf(']', start));
    }

    private static int count(String json, String name) {
        return column(json, name).split(",").length;
    }
}

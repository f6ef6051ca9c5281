package dev.vigil.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.core.Monitor;
import dev.vigil.core.history.HistoryConfig;
import dev.vigil.core.metric.Unit;
import dev.vigil.test.TestVigil;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * One series' last 24 h at 1 s resolution, 86,400 points, served whole and drawn whole. The times
 * are measured and written to {@code target/dashboard-performance.txt} (docs/dashboard.md quotes
 * them), never asserted: a busy machine must not fail the build.
 */
class LargeSeriesTest {

    static final int POINTS = 86_400;
    static final Path FIGURES = Path.of("target", "dashboard-performance.txt");

    static TestVigil vigil;
    static Monitor monitor;
    static Dashboard dashboard;
    static String seriesPath;

    @BeforeAll
    static void aDayAtOneSecond() {
        long[] n = {0};
        vigil = TestVigil.builder()
                .startingAt(Instant.parse("2026-11-01T00:00:00Z"))
                .every(Duration.ofSeconds(1))
                .monitor(b -> b.history(
                        HistoryConfig.builder().raw(Duration.ofHours(24)).build()))
                .source(sink -> sink.gauge("app.latency", Unit.SECONDS, 0.1 + 0.05 * Math.sin(n[0]++ / 600.0)))
                .start();
        vigil.ticks(POINTS);
        monitor = vigil.monitor();
        dashboard = Dashboard.builder().monitor(monitor).start();
        seriesPath = "id=" + URLEncoder.encode("app.latency", StandardCharsets.UTF_8) + "&span=day";
    }

    @AfterAll
    static void close() {
        if (dashboard != null) {
            dashboard.close();
        }
        vigil.close();
    }

    @Test
    void aDayAtOneSecondIsServedWholeAndTheServingTimeIsRecorded() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = dashboard.url().resolve("/api/series/data?" + seriesPath);
        long[] built = new long[100];
        for (int i = -20; i < built.length; i++) {
            long start = System.nanoTime();
            int size = SeriesData.write(monitor, dev.vigil.core.metric.MetricId.of("app.latency"), Span.DAY)
                    .toBytes()
                    .length;
            if (i >= 0) {
                built[i] = System.nanoTime() - start;
            }
            assertThat(size).isGreaterThan(POINTS);
        }
        long[] nanos = new long[100];
        String body = null;
        for (int i = -20; i < nanos.length; i++) { // the first twenty warm the JIT up
            long start = System.nanoTime();
            HttpResponse<String> r =
                    http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - start;
            assertThat(r.statusCode()).isEqualTo(200);
            body = r.body();
            if (i >= 0) {
                nanos[i] = took;
            }
        }
        assertThat(body).contains("\"stepMillis\":1000", "\"bands\":false");
        String t = body.substring(body.indexOf("\"t\":[") + 5, body.indexOf(']', body.indexOf("\"t\":[")));
        assertThat(t.split(",")).hasSize(POINTS);
        Arrays.sort(built);
        Arrays.sort(nanos);
        record(String.format(
                Locale.ROOT,
                "built %d points (%d KB JSON) from the history: median %.1f ms, 90th percentile %.1f ms of %d%n",
                POINTS,
                body.length() / 1024,
                built[built.length / 2] / 1e6,
                built[built.length * 9 / 10] / 1e6,
                built.length));
        record(String.format(
                Locale.ROOT,
                "served %d points over loopback HTTP, read by java.net.http: median %.1f ms, 90th percentile %.1f ms of %d requests%n",
                POINTS,
                nanos[nanos.length / 2] / 1e6,
                nanos[nanos.length * 9 / 10] / 1e6,
                nanos.length));
    }

    @Test
    void aDayAtOneSecondIsDrawnWholeInChromiumAndTheDrawingTimeIsRecorded() throws Exception {
        try (Browser browser = Browser.start()) {
            double[] draws = new double[5];
            for (int i = 0; i < draws.length; i++) {
                browser.driver.get(
                        dashboard.url().resolve("/series?" + seriesPath).toString());
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> browser.js("return document.body.dataset.updated || null") != null);
                WebElement card = browser.driver.findElement(By.cssSelector(".chart"));
                assertThat(card.getAttribute("data-points")).isEqualTo(String.valueOf(POINTS));
                draws[i] = Double.parseDouble(card.getAttribute("data-draw-ms"));
                assertThat(browser.problems()).isEmpty();
            }
            Arrays.sort(draws);
            record(String.format(
                    Locale.ROOT,
                    "drawn %d points in headless Chromium: median %.1f ms, slowest %.1f ms of %d page loads%n",
                    POINTS,
                    draws[draws.length / 2],
                    draws[draws.length - 1],
                    draws.length));
        }
    }

    @Test
    void noRequestThreadRunsUntilSomebodyLooks() throws Exception {
        try (Dashboard idle = Dashboard.builder().monitor(monitor).start()) {
            String prefix = "vigil-dashboard-" + idle.url().getPort() + "-";

            assertThat(Thread.getAllStackTraces().keySet())
                    .noneMatch(th -> th.getName().startsWith(prefix));

            HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(idle.url().resolve("/api/meta"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            assertThat(Thread.getAllStackTraces().keySet())
                    .anyMatch(th -> th.getName().startsWith(prefix));
        }
    }

    private static synchronized void record(String line) throws Exception {
        System.out.print(line);
        Files.createDirectories(FIGURES.getParent());
        Files.writeString(
                FIGURES,
                line,
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }
}

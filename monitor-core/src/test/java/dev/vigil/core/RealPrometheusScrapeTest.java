package dev.vigil.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.core.jvm.JvmMetrics;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Sample;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.micrometer.VigilMeterBinder;
import dev.vigil.core.source.MetricSource;
import dev.vigil.core.source.SampleSink;
import dev.vigil.core.time.ManualClock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian package {@code prometheus}, started here on a loopback port with a
 * temporary configuration and storage, and stopped here) scrapes a loopback endpoint serving
 * Micrometer's {@link PrometheusMeterRegistry} with Vigil's series, and its query API gives back
 * exactly the values Vigil recorded.
 */
class RealPrometheusScrapeTest {

    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

    final ManualClock clock = ManualClock.create();
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Monitor monitor;
    VigilMeterBinder binder;
    HttpServer endpoint;
    Process prometheus;

    @AfterEach
    void stop() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (endpoint != null) {
            endpoint.stop(0);
        }
        if (binder != null) {
            binder.close();
        }
        if (monitor != null) {
            monitor.close();
        }
        registry.close();
    }

    /** Known values: a byte gauge, a ratio, and a byte counter read at 1000 then 3000. */
    static final class Known implements MetricSource {
        int ticks;

        @Override
        public void sample(SampleSink sink) {
            ticks++;
            sink.gauge(MetricId.of("app.cache.size", "cache", "users"), Unit.BYTES, 123_456_789);
            sink.gauge(MetricId.of("app.pool.usage", "pool", "db"), Unit.RATIO, 0.125);
            sink.counter(
                    MetricId.of("app.upload.bytes", "client", "a b\"c"),
                    Unit.BYTES_PER_SECOND,
                    ticks == 1 ? 1000 : 3000);
        }

        @Override
        public String name() {
            return "known";
        }
    }

    @Test
    void prometheusScrapingTheRegistryReadsBackVigilsValues(@TempDir Path dir) throws Exception {
        assumeTrue(
                Files.isExecutable(PROMETHEUS), "skipped: " + PROMETHEUS + " is absent (Debian package 'prometheus')");
        monitor = Monitor.builder()
                .clock(clock)
                .every(Duration.ofSeconds(10))
                .source(new Known())
                .source(JvmMetrics.create())
                .build();
        binder = new VigilMeterBinder(monitor);
        binder.bindTo(registry);
        monitor.tickNow();
        clock.advance(Duration.ofSeconds(10));
        Tick tick = monitor.tickNow(); // no tick after this one: the values stay put while scraped

        endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        endpoint.createContext("/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        endpoint.start();
        int webPort = freeLoopbackPort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: vigil
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(endpoint.getAddress().getPort()));
        prometheus = new ProcessBuilder(
                        PROMETHEUS.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + webPort)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        String api = "http://127.0.0.1:" + webPort;

        // every series of the tick: what Prometheus holds under the exported name and labels
        Map<Map<String, String>, Double> expected = new HashMap<>();
        for (Sample s : tick.samples()) {
            Meter meter = registry
                    .find(VigilMeterBinder.DEFAULT_PREFIX + s.id().name())
                    .tags(s.id().tags().entrySet().stream()
                            .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                            .toArray(String[]::new))
                    .meters()
                    .stream()
                    .filter(m -> m.getId().getTags().size() == s.id().tags().size())
                    .findFirst()
                    .orElseThrow();
            Map<String, String> labels = new TreeMap<>(s.id().tags());
            boolean counter = meter.getId().getType() == Meter.Type.COUNTER;
            String name = meter.getId().getConventionName(registry.config().namingConvention());
            labels.put("__name__", counter ? name + "_total" : name);
            labels.put("job", "vigil");
            labels.put("instance", "127.0.0.1:" + endpoint.getAddress().getPort());
            double value = counter ? meter.measure().iterator().next().getValue() : s.value();
            expected.put(labels, value);
        }
        assertThat(expected).hasSizeGreaterThan(10);

        Map<Map<String, String>, Double> read = new HashMap<>();
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    read.clear();
                    read.putAll(query(api, "{__name__=~\"vigil_.+\"}"));
                    assertThat(read.keySet()).containsAll(expected.keySet());
                });
        for (Map.Entry<Map<String, String>, Double> e : expected.entrySet()) {
            assertThat(read.get(e.getKey())).as("%s", e.getKey()).isEqualTo(e.getValue());
        }
        // the counter: Vigil's rate 200/s over 10 s, exported as the increase
        assertThat(tick.value(MetricId.of("app.upload.bytes", "client", "a b\"c")))
                .isEqualTo(200.0);
        assertThat(read).containsValue(2000.0);
        assertThat(query(api, "vigil_app_upload_bytes_total")).containsValue(2000.0);
        assertThat(query(api, "vigil_app_cache_size_bytes{cache=\"users\"}")).containsValue(123_456_789.0);
        assertThat(query(api, "vigil_app_pool_usage_ratio")).containsValue(0.125);
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static final Pattern RESULT =
            Pattern.compile("\\{\"metric\":\\{(.*?)\\},\"value\":\\[[^,]+,\"([^\"]+)\"\\]\\}");
    private static final Pattern LABEL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** An instant query through Prometheus' HTTP API: labels of each series to its value. */
    private Map<Map<String, String>, Double> query(String api, String promql) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(
                                api + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<Map<String, String>, Double> results = new HashMap<>();
        Matcher m = RESULT.matcher(response.body());
        while (m.find()) {
            Map<String, String> labels = new TreeMap<>();
            Matcher l = LABEL.matcher(m.group(1));
            while (l.find()) {
                labels.put(unescape(l.group(1)), unescape(l.group(2)));
            }
            results.put(labels, Double.parseDouble(m.group(2)));
        }
        return results;
    }

    private static String unescape(String json) {
        return json.replace("\\\"", "\"").replace("\\\\", "\\");
    }
}

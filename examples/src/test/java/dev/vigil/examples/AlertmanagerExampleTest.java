package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertmanagerExampleTest {

    private static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    /**
     * The scheduled burst outlasts the run, so the alert is still firing when the example stops; the
     * rule watches the schedule, not the CPU, so a busy machine cannot keep it from firing.
     */
    private static String[] args(URI url) {
        return new String[] {
            "alertmanager",
            "--url",
            url.toString(),
            "--interval",
            "250ms",
            "--duration",
            "6s",
            "--demo-after",
            "500ms",
            "--demo-length",
            "60s",
            "--demo-condition",
            "schedule"
        };
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDemoAlertReachesARealAlertmanagerWithItsNameAndSeverity() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(BINARY), "prometheus-alertmanager is not installed");
        Files.writeString(dir.resolve("alertmanager.yml"), """
                route:
                  receiver: blackhole
                receivers:
                  - name: blackhole
                """);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI base = URI.create("http://127.0.0.1:" + port);
        Process alertmanager = new ProcessBuilder(
                        BINARY.toString(),
                        "--config.file=" + dir.resolve("alertmanager.yml"),
                        "--storage.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--cluster.listen-address=")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("alertmanager.log").toFile())
                .start();
        try {
            awaitReady(base);

            Run run = Run.of(args(base));

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).contains("sending alerts to " + base + "/api/v2/alerts");
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(base.resolve("/api/v2/alerts")).build(),
                    HttpResponse.BodyHandlers.ofString());
            List<Object> alerts = (List<Object>) JsonValues.parse(response.body());
            Map<String, Object> demo = alerts.stream()
                    .map(a -> (Map<String, Object>) a)
                    .filter(a ->
                            Demo.SCHEDULED_RULE_NAME.equals(((Map<String, Object>) a.get("labels")).get("alertname")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(response.body() + "\n" + run.out()));
            assertThat((Map<String, Object>) demo.get("labels"))
                    .containsEntry("alertname", Demo.SCHEDULED_RULE_NAME)
                    .containsEntry("severity", "warning")
                    .containsEntry("series", Demo.SCHEDULE_METRIC);
            assertThat((Map<String, Object>) demo.get("status")).containsEntry("state", "active");
        } finally {
            alertmanager.destroy();
            if (!alertmanager.waitFor(10, TimeUnit.SECONDS)) {
                alertmanager.destroyForcibly();
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDemoAlertIsPostedToTheAlertsApiWithItsLabels() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v2/alerts", exchange -> {
            if (exchange.getRequestMethod().equals("POST")) {
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            Run run = Run.of(
                    args(URI.create("http://127.0.0.1:" + server.getAddress().getPort())));

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(bodies).as(run.out()).isNotEmpty();
            for (String body : bodies) {
                List<Object> alerts = (List<Object>) JsonValues.parse(body);
                assertThat(alerts).isNotEmpty().allSatisfy(a -> {
                    Map<String, Object> alert = (Map<String, Object>) a;
                    assertThat(alert).containsKeys("labels", "annotations", "startsAt", "endsAt");
                    assertThat((Map<String, Object>) alert.get("labels")).containsKeys("alertname", "severity");
                });
            }
            assertThat(bodies)
                    .anySatisfy(b -> assertThat(b).contains("\"alertname\":\"" + Demo.SCHEDULED_RULE_NAME + "\""));
        } finally {
            server.stop(0);
        }
    }

    private static void awaitReady(URI base) {
        org.awaitility.Awaitility.await("Alertmanager ready")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    try {
                        return HTTP.send(
                                                HttpRequest.newBuilder(base.resolve("/-/ready"))
                                                        .build(),
                                                HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                == 200;
                    } catch (IOException notYet) {
                        return false; // still starting
                    }
                });
    }
}

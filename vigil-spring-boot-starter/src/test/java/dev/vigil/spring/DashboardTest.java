package dev.vigil.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * With monitor-dashboard on the class path, the starter serves the dashboard on its own loopback
 * port, with the dashboard's own security headers, over the application's monitor and engine.
 */
@SpringBootTest(
        classes = TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "vigil.interval=200ms",
            // The packs watch this machine, whose state is not the test's to choose.
            "vigil.rules.packs.host=false",
            "vigil.rules.packs.jvm=false",
            "vigil.rules.packs.process=false",
            "vigil.rules.packs.container=false",
            "vigil.rules.thresholds.dashboard-backlog.metric=app.queue.depth",
            "vigil.rules.thresholds.dashboard-backlog.crit-above=100",
            "vigil.rules.thresholds.dashboard-backlog.summary=queue holds {{value}}"
        })
class DashboardTest {

    /** As docs/dashboard.md states it. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @LocalServerPort
    int serverPort;

    @Autowired
    VigilDashboard dashboard;

    @Autowired
    TestApplication.QueueDepth queue;

    @Test
    void theDashboardAnswersOnLoopbackOnItsOwnPortWithItsSecurityHeaders() throws Exception {
        URI url = dashboard.url();
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        assertThat(url.getPort()).isPositive().isNotEqualTo(serverPort);

        HttpResponse<String> page = get(url);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(CSP);
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.body()).contains("name=\"vigil-csrf\"");
        HttpResponse<String> missing = get(url.resolve("/no-such-page"));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Security-Policy"))
                .as("errors carry it too")
                .hasValue(CSP);
    }

    @Test
    void anAlertRaisedThroughPropertiesIsListedOnTheDashboard() throws Exception {
        URI url = dashboard.url();
        JsonNode meta = JSON.readTree(get(url.resolve("/api/meta")).body());
        assertThat(meta.path("alerts").asBoolean()).as("the engine is attached").isTrue();
        assertThat(meta.path("readOnly").asBoolean()).isFalse();
        assertThat(JSON.readTree(get(url.resolve("/api/notifications")).body())
                        .path("receivers")
                        .toString())
                .contains("\"log\"");

        queue.set(500);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> firing(url, "dashboard-backlog") != null);
            JsonNode alert = firing(url, "dashboard-backlog");
            assertThat(alert.path("severity").asText()).isEqualTo("CRITICAL");
            assertThat(alert.path("annotations").path("summary").asText()).isEqualTo("queue holds 500");
        } finally {
            queue.set(0);
        }
    }

    private JsonNode firing(URI url, String name) throws Exception {
        HttpResponse<String> alerts = get(url.resolve("/api/alerts"));
        assertThat(alerts.statusCode()).isEqualTo(200);
        for (JsonNode alert : JSON.readTree(alerts.body()).path("active")) {
            if (alert.path("name").asText().equals(name)
                    && alert.path("state").asText().equals("FIRING")) {
                return alert;
            }
        }
        return null;
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return client.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

package dev.vigil.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.spring.VigilDashboard;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** The example prints its dashboard's URL at startup, and the backlog alert shows there. */
@ExtendWith(OutputCaptureExtension.class)
class ShopDashboardTest {

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void theExamplePrintsItsDashboardUrlWhereTheBacklogAlertShows(CapturedOutput output) throws Exception {
        // Any free ports: the test must not depend on 8080 or 8077 being free on this machine. As
        // command-line arguments, so they win over the example's application.yml (8077).
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ShopApplication.class)
                .web(WebApplicationType.SERVLET)
                .run(
                        "--server.port=0",
                        "--vigil.dashboard.port=0",
                        "--vigil.interval=200ms",
                        "--vigil.rules.thresholds.orders-backlog.for=0s",
                        "--vigil.rules.packs.host=false",
                        "--vigil.rules.packs.jvm=false",
                        "--vigil.rules.packs.process=false")) {
            URI dashboard = context.getBean(VigilDashboard.class).url();
            assertThat(dashboard.getHost()).isEqualTo("127.0.0.1");
            assertThat(output.getAll()).contains("Vigil dashboard at " + dashboard);

            int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders?count=5000"))
                    .POST(HttpRequest.BodyPublishers.noBody()));

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> send(HttpRequest.newBuilder(dashboard.resolve("/api/alerts")))
                            .body()
                            .contains("\"name\":\"orders-backlog\""));
            HttpResponse<String> page = send(HttpRequest.newBuilder(dashboard.resolve("/alerts")));
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'"));
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

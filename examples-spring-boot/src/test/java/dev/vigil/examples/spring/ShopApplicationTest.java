package dev.vigil.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The example as its README describes it: a burst of orders fires the backlog alert. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "vigil.interval=200ms",
            "vigil.rules.thresholds.orders-backlog.for=0s",
            "vigil.rules.packs.host=false",
            "vigil.rules.packs.jvm=false",
            "vigil.rules.packs.process=false",
            "vigil.dashboard.port=0"
        })
class ShopApplicationTest {

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void aBurstOfOrdersFiresTheBacklogAlertShownInHealthAndTheVigilEndpoint() throws Exception {
        assertThat(send(HttpRequest.newBuilder(uri("/orders?count=5000")).POST(HttpRequest.BodyPublishers.noBody())))
                .contains("\"waiting\"");

        await().atMost(Duration.ofSeconds(60))
                .until(() -> send(HttpRequest.newBuilder(uri("/actuator/vigil")).GET())
                        .contains("\"alertname\":\"orders-backlog\""));
        String vigil = send(HttpRequest.newBuilder(uri("/actuator/vigil")).GET());
        assertThat(vigil)
                .contains("\"state\":\"FIRING\"")
                .contains("\"severity\":\"CRITICAL\"")
                .contains("orders wait to be packed");
        assertThat(send(HttpRequest.newBuilder(uri("/actuator/health/vigil")).GET()))
                .contains("\"status\":\"DOWN\"");
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private String send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }
}

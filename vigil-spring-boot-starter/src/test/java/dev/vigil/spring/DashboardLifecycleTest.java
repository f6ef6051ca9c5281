package dev.vigil.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.Monitor;
import dev.vigil.core.Tick;
import dev.vigil.core.TickListener;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The dashboard starts and stops with the context (closed before the monitor), logs its URL and
 * never a secret, can be turned off, and is never served open on a network address.
 */
@ExtendWith(OutputCaptureExtension.class)
class DashboardLifecycleTest {

    private static final String[] QUIET = {
        "server.port=0",
        "vigil.interval=200ms",
        "vigil.rules.packs.host=false",
        "vigil.rules.packs.jvm=false",
        "vigil.rules.packs.process=false",
        "vigil.rules.packs.container=false"
    };

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void theDashboardStartsWithTheContextLogsItsUrlAndClosesBeforeTheMonitor(CapturedOutput output) throws Exception {
        URI url;
        AtomicReference<String> dashboardWhenMonitorCloses = new AtomicReference<>("monitor not closed");
        Monitor monitor;
        try (ConfigurableApplicationContext context = run()) {
            VigilDashboard dashboard = context.getBean(VigilDashboard.class);
            monitor = context.getBean(Monitor.class);
            url = dashboard.url();
            assertThat(url).isNotNull();
            assertThat(get(url).statusCode()).isEqualTo(200);
            assertThat(output.getAll()).contains("Vigil dashboard at " + url);
            monitor.addListener(new TickListener() {
                @Override
                public void onTick(Tick tick) {}

                @Override
                public void onClose() {
                    dashboardWhenMonitorCloses.set(
                            dashboard.isRunning()
                                    ? "running"
                                    : accepts(url) ? "stopped but still accepting connections" : "closed");
                }
            });
        }

        assertThat(monitor.isClosed()).isTrue();
        assertThat(dashboardWhenMonitorCloses.get()).isEqualTo("closed");
        assertThat(catchThrowable(() -> get(url))).isInstanceOf(ConnectException.class);
    }

    @Test
    void theDashboardStopsBeforeVigilAndNoEarlierThanTheGracefulShutdown() {
        assertThat(VigilDashboard.PHASE)
                .isGreaterThan(VigilLifecycle.PHASE)
                .isLessThanOrEqualTo(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE);
    }

    @Test
    void theDashboardIsOffWhenThePropertySaysSo() {
        try (ConfigurableApplicationContext context = run("vigil.dashboard.enabled=false")) {
            assertThat(context.getBeansOfType(VigilDashboard.class)).isEmpty();
            assertThat(context.getBean(Monitor.class).isClosed()).isFalse();
        }
    }

    @Test
    void aNetworkAddressWithoutCredentialsFailsStartupNamingTheProperty() {
        Throwable failure =
                catchThrowable(() -> run("vigil.dashboard.host=0.0.0.0").close());

        InvalidVigilPropertyException invalid = find(failure, InvalidVigilPropertyException.class);
        assertThat(invalid.property()).isEqualTo("vigil.dashboard.host");
        assertThat(invalid.value()).isEqualTo("0.0.0.0");
        assertThat(invalid.reason())
                .contains("not a loopback address")
                .contains("vigil.dashboard.username")
                .contains("vigil.dashboard.token");
        FailureAnalysis analysis = new InvalidVigilPropertyFailureAnalyzer().analyze(failure);
        assertThat(analysis.getDescription())
                .contains("Property: vigil.dashboard.host")
                .contains("Value: 0.0.0.0");
    }

    @Test
    void aTokenIsRequiredFromEveryRequestAndNeverLogged(CapturedOutput output) throws Exception {
        String token = "tok-SECRET-0123456789abcdef";
        try (ConfigurableApplicationContext context = run("vigil.dashboard.token=" + token)) {
            URI url = context.getBean(VigilDashboard.class).url();

            HttpResponse<String> anonymous = get(url.resolve("/api/meta"));
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
            HttpResponse<String> wrong = send(
                    HttpRequest.newBuilder(url.resolve("/api/meta")).header("Authorization", "Bearer " + token + "x"));
            assertThat(wrong.statusCode()).isEqualTo(401);
            HttpResponse<String> authorised =
                    send(HttpRequest.newBuilder(url.resolve("/api/meta")).header("Authorization", "Bearer " + token));
            assertThat(authorised.statusCode()).isEqualTo(200);
            assertThat(output.getAll()).contains("Vigil dashboard at " + url + " (bearer token)");
        }
        assertThat(output.getAll()).doesNotContain("SECRET");
    }

    @Test
    void readOnlyRefusesActions() throws Exception {
        try (ConfigurableApplicationContext context = run("vigil.dashboard.read-only=true")) {
            URI url = context.getBean(VigilDashboard.class).url();
            JsonNode meta =
                    new ObjectMapper().readTree(get(url.resolve("/api/meta")).body());
            assertThat(meta.path("readOnly").asBoolean()).isTrue();
            HttpResponse<String> silence = send(HttpRequest.newBuilder(url.resolve("/api/silences"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-Vigil-CSRF", meta.path("csrf").asText())
                    .POST(HttpRequest.BodyPublishers.ofString("matchers=alertname%3D%22x%22&duration=1h&by=test")));
            assertThat(silence.statusCode()).isEqualTo(403);
            assertThat(silence.body()).contains("read-only");
            assertThat(context.getBean(dev.vigil.alerts.AlertEngine.class).silences())
                    .isEmpty();
        }
    }

    @Test
    void incompleteOrWeakCredentialsFailStartupNamingThePropertyWithoutShowingASecret(CapturedOutput output) {
        InvalidVigilPropertyException noPassword = find(
                catchThrowable(() -> run("vigil.dashboard.username=ops").close()), InvalidVigilPropertyException.class);
        assertThat(noPassword.property()).isEqualTo("vigil.dashboard.password");
        assertThat(noPassword.value()).isNull();

        InvalidVigilPropertyException shortPassword = find(
                catchThrowable(() -> run("vigil.dashboard.username=ops", "vigil.dashboard.password=SECRET1")
                        .close()),
                InvalidVigilPropertyException.class);
        assertThat(shortPassword.property()).isEqualTo("vigil.dashboard.password");
        assertThat(shortPassword.value()).isEqualTo("(secret, not shown)");
        assertThat(shortPassword.reason()).contains("at least 8 characters");

        InvalidVigilPropertyException both = find(
                catchThrowable(() -> run(
                                "vigil.dashboard.username=ops",
                                "vigil.dashboard.password=SECRET-long-enough",
                                "vigil.dashboard.token=SECRET-0123456789abcdef")
                        .close()),
                InvalidVigilPropertyException.class);
        assertThat(both.property()).isEqualTo("vigil.dashboard.token");

        assertThat(messages(noPassword) + messages(shortPassword) + messages(both))
                .doesNotContain("SECRET");
        assertThat(output.getAll()).contains("vigil.dashboard.password").doesNotContain("SECRET");
    }

    private static ConfigurableApplicationContext run(String... properties) {
        List<String> all = new ArrayList<>(List.of(QUIET));
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(TestApplication.class)
                .web(WebApplicationType.SERVLET)
                .properties(all.toArray(String[]::new))
                .run();
    }

    private static boolean accepts(URI url) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), url.getPort()), 5_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return send(HttpRequest.newBuilder(uri));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        assertThat(failure).as("startup should fail").isNotNull();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + failure, failure);
    }

    private static String messages(Throwable failure) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            out.append(t.getMessage()).append(" / ");
        }
        return out.toString();
    }
}

package dev.vigil.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DashboardServerTest {

    final World world = new World().tick(30);
    final HttpClient http = HttpClient.newHttpClient();
    Dashboard dashboard;

    @AfterEach
    void close() {
        if (dashboard != null) {
            dashboard.close();
        }
        world.close();
    }

    Dashboard start(Dashboard.Builder b) {
        dashboard = b.monitor(world.monitor)
                .alerts(world.engine)
                .notifications(world.notifications)
                .start();
        return dashboard;
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(dashboard.url().resolve(path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(dashboard.url().resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    String csrf() throws Exception {
        String meta = get("/api/meta").body();
        return meta.replaceAll(".*\"csrf\":\"([^\"]+)\".*", "$1");
    }

    @Test
    void bindsToLoopbackByDefault() {
        start(Dashboard.builder());

        assertThat(dashboard.url().getHost()).isEqualTo("127.0.0.1");
        assertThat(dashboard.url().getPort()).isPositive();
    }

    @Test
    void refusesToStartOnANonLoopbackAddressWithoutCredentials() {
        assertThatThrownBy(() -> start(Dashboard.builder().host("0.0.0.0")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'0.0.0.0'")
                .hasMessageContaining("not loopback")
                .hasMessageContaining("credentials");
        dashboard = null;
    }

    @Test
    void aRequestWithoutCredentialsOnANonLoopbackBindIsRefused() throws Exception {
        start(Dashboard.builder().host("0.0.0.0").credentials(Credentials.basic("ops", "correct horse")));
        String port = ":" + dashboard.url().getPort();
        URI loopback = URI.create("http://127.0.0.1" + port + "/api/meta");

        HttpResponse<String> without =
                http.send(HttpRequest.newBuilder(loopback).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrong = http.send(
                HttpRequest.newBuilder(loopback)
                        .header("Authorization", basic("ops", "wrong horse"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> right = http.send(
                HttpRequest.newBuilder(loopback)
                        .header("Authorization", basic("ops", "correct horse"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(without.statusCode()).isEqualTo(401);
        assertThat(without.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(without.body()).doesNotContain("csrf");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.body()).contains("\"intervalMillis\":10000");
    }

    @Test
    void aBearerTokenIsAcceptedOnlyWhenItMatches() throws Exception {
        start(Dashboard.builder().credentials(Credentials.bearer("s3cret-token-0123456789")));

        assertThat(get("/api/meta").statusCode()).isEqualTo(401);
        assertThat(get("/api/meta", "Authorization", "Bearer s3cret-token-012345678")
                        .statusCode())
                .isEqualTo(401);
        assertThat(get("/api/meta", "Authorization", "Bearer s3cret-token-0123456789")
                        .statusCode())
                .isEqualTo(200);
        assertThat(Credentials.bearer("s3cret-token-0123456789").toString()).doesNotContain("s3cret");
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        start(Dashboard.builder());
        String body = "matchers=alertname%3D%22cpu-busy%22&duration=1h&by=mallory&comment=x";

        HttpResponse<String> without = post("/api/silences", body);
        HttpResponse<String> wrong = post("/api/silences", body, Guard.CSRF_HEADER, "not-the-token");
        HttpResponse<String> crossOrigin =
                post("/api/silences", body, Guard.CSRF_HEADER, csrf(), "Origin", "http://evil.example");

        assertThat(without.statusCode()).isEqualTo(403);
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(crossOrigin.statusCode()).isEqualTo(403);
        assertThat(world.engine.silences()).isEmpty();

        HttpResponse<String> with = post("/api/silences", body, Guard.CSRF_HEADER, csrf());
        assertThat(with.statusCode()).isEqualTo(200);
        assertThat(world.engine.silences()).hasSize(1);
        assertThat(world.engine.silences().values().iterator().next().createdBy())
                .isEqualTo("mallory");
    }

    @Test
    void underBasicAuthenticationActionsAreRecordedAsTheSignedInUser() throws Exception {
        world.tick(7800);
        start(Dashboard.builder().credentials(Credentials.basic("ops", "correct horse")));
        String auth = basic("ops", "correct horse");
        String meta = get("/api/meta", "Authorization", auth).body();
        String token = meta.replaceAll(".*\"csrf\":\"([^\"]+)\".*", "$1");
        String fingerprint = world.engine.activeAlerts().get(0).fingerprint();

        HttpResponse<String> r = post(
                "/api/alerts/" + fingerprint + "/acknowledge",
                "by=mallory&note=n",
                "Authorization",
                auth,
                Guard.CSRF_HEADER,
                token);

        assertThat(meta).contains("\"user\":\"ops\"");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(world.engine.alert(fingerprint).acknowledgement().by()).isEqualTo("ops");
    }

    @Test
    void aReadOnlyDashboardRefusesEveryAction() throws Exception {
        start(Dashboard.builder().readOnly());

        HttpResponse<String> r =
                post("/api/silences", "matchers=alertname%3Dx&duration=1h&by=a&comment=b", Guard.CSRF_HEADER, csrf());

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("read-only");
        assertThat(world.engine.silences()).isEmpty();
        assertThat(get("/api/meta").body()).contains("\"readOnly\":true");
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        start(Dashboard.builder());

        for (String path :
                new String[] {"/", "/alerts", "/assets/dashboard.js", "/api/overview", "/nope", "/api/nope"}) {
            HttpResponse<String> r = get(path);
            assertThat(r.headers().firstValue("Content-Security-Policy"))
                    .as(path)
                    .hasValue(Guard.CONTENT_SECURITY_POLICY);
            assertThat(r.headers().firstValue("X-Content-Type-Options"))
                    .as(path)
                    .hasValue("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
        }
        assertThat(Guard.CONTENT_SECURITY_POLICY)
                .contains("default-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
    }

    @Test
    void anOpenLoopbackDashboardAnswersOnlyToALoopbackHostName() throws Exception {
        start(Dashboard.builder());

        assertThat(rawStatus("127.0.0.1:" + dashboard.url().getPort())).isEqualTo(200);
        assertThat(rawStatus("localhost:" + dashboard.url().getPort())).isEqualTo(200);
        assertThat(rawStatus("attacker.example:" + dashboard.url().getPort())).isEqualTo(403);
    }

    @Test
    void closeIsIdempotentAndStopsAnswering() throws Exception {
        start(Dashboard.builder());
        URI url = dashboard.url();

        dashboard.close();
        dashboard.close();

        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectException.class);
        assertThat(dashboard.toString()).contains("closed");
    }

    @Test
    void hostileTextIsEscapedInTheJsonAndNeverInThePages() throws Exception {
        world.tick(7800);
        start(Dashboard.builder());

        String alerts = get("/api/alerts").body();
        assertThat(alerts).contains("queue-backlog").doesNotContain("<script>", "<img");
        assertThat(alerts).contains("\\u003cscript\\u003e");
        for (String page : Pages.PAGES.keySet()) {
            assertThat(get(page).body()).doesNotContain("pwned");
        }
    }

    @Test
    void staticAssetsStayWithinTheirBudgetOf100KbGzipped() throws IOException {
        int total = 0;
        int uplot = 0;
        for (String name : Assets.FILES.keySet()) {
            total += Assets.gzippedSize(name);
            uplot += name.startsWith("uPlot") ? Assets.gzippedSize(name) : 0;
        }
        assertThat(total).isLessThanOrEqualTo(100 * 1024);
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target"));
        java.nio.file.Files.writeString(
                java.nio.file.Path.of("target", "dashboard-assets.txt"),
                String.format(
                        java.util.Locale.ROOT,
                        "static assets gzipped: %d bytes in all, uPlot %d bytes, ours %d bytes%n",
                        total,
                        uplot,
                        total - uplot));
    }

    @Test
    void assetsAreServedGzippedFromTheClassPathAndNothingElseIs() throws Exception {
        start(Dashboard.builder());
        HttpResponse<byte[]> r = http.send(
                HttpRequest.newBuilder(dashboard.url().resolve("/assets/uPlot.iife.min.js"))
                        .header("Accept-Encoding", "gzip")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(r.body().length).isEqualTo(Assets.gzippedSize("uPlot.iife.min.js"));
        assertThat(get("/assets/../Dashboard.class").statusCode()).isEqualTo(404);
        assertThat(get("/assets/Dashboard.class").statusCode()).isEqualTo(404);
    }

    private int rawStatus(String host) throws IOException {
        try (Socket s =
                new Socket(InetAddress.getLoopbackAddress(), dashboard.url().getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/meta HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}

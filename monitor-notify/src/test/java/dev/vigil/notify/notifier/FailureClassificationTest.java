package dev.vigil.notify.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.vigil.alerts.AlertEvent;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.core.time.ManualClock;
import dev.vigil.notify.DeliveryFailure;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Notifications;
import dev.vigil.notify.RetryPolicy;
import dev.vigil.notify.Route;
import dev.vigil.notify.Secret;
import dev.vigil.notify.Timings;
import dev.vigil.notify.testkit.TestAlerts;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How the HTTP notifiers classify what a receiver (or the network) answers, against real loopback servers. */
class FailureClassificationTest {

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static Notification notification() {
        return TestAlerts.notification("webhook", TestAlerts.firing("Disk", Severity.CRITICAL, Map.of(), "disk full"));
    }

    /** A server answering every request with {@code status} and {@code body}. */
    private String serve(int status, String body, Map<String, String> headers) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                requests.incrementAndGet();
                headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                    }
                }
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static WebhookNotifier webhook(String url) {
        return WebhookNotifier.builder(Secret.of(url))
                .timeout(Duration.ofSeconds(5))
                .build();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 405, 409, 413, 422})
    void clientErrorsOtherThan408And429ArePermanent(int status) throws Exception {
        String url = serve(status, "", Map.of());

        DeliveryResult result = webhook(url + "/hook").deliver(notification());

        assertThat(result).isEqualTo(DeliveryResult.permanentFailure("HTTP " + status));
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503, 504})
    void timeoutsThrottlingAndServerErrorsAreRetried(int status) throws Exception {
        String url = serve(status, "", Map.of());

        DeliveryResult result = webhook(url + "/hook").deliver(notification());

        assertThat(result).isEqualTo(DeliveryResult.retry("HTTP " + status));
    }

    @Test
    void theReceiversExplanationIsKeptAsARedactedOneLineExcerpt() throws Exception {
        String token = "s3cr3t-token-abc";
        String base = serve(
                400,
                "{\"code\":400,\"message\":\"invalid label set:\\n bad label\"}\n" + "while posting to /hooks/" + token
                        + "?key=" + token + "\n" + "x".repeat(5000),
                Map.of());

        DeliveryResult result = WebhookNotifier.builder(Secret.of(base + "/hooks/" + token))
                .header("Authorization", Secret.of("Bearer private-value-1"))
                .build()
                .deliver(notification());

        assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
        String reason = ((DeliveryResult.PermanentFailure) result).reason();
        assertThat(reason)
                .startsWith("HTTP 400: {\"code\":400,\"message\":\"invalid label set:\\n bad label\"}\\n"
                        + "while posting to (redacted)?key=(redacted)\\nxxx")
                .contains("(redacted)")
                .doesNotContain(token)
                .doesNotContain("\n")
                .endsWith(Texts.ELLIPSIS);
        assertThat(reason.length()).isLessThanOrEqualTo("HTTP 400: ".length() + HttpPost.MAX_EXCERPT_CHARS);
    }

    @Test
    void aHeaderTheClientRefusesIsPermanentAtOnceWithoutARequest() throws Exception {
        String url = serve(200, "", Map.of());

        DeliveryResult result = WebhookNotifier.builder(Secret.of(url + "/hook"))
                .header("X-Token", Secret.of("line\r\nInjected: yes"))
                .build()
                .deliver(notification());

        assertThat(result)
                .isEqualTo(
                        DeliveryResult.permanentFailure("request refused by the HTTP client (invalid header or URL)"));
        assertThat(requests).hasValue(0);
    }

    @Test
    void anUntrustedCertificateIsPermanent() throws Exception {
        // GreenMail's self-signed certificate: valid TLS, trusted by no default trust store.
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in =
                com.icegreen.greenmail.util.GreenMail.class.getClassLoader().getResourceAsStream("greenmail.p12")) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        https.createContext("/", exchange -> {
            try (exchange) {
                requests.incrementAndGet();
                exchange.sendResponseHeaders(200, -1);
            }
        });
        https.start();
        server = https;

        DeliveryResult result = webhook(
                        "https://127.0.0.1:" + https.getAddress().getPort() + "/hook")
                .deliver(notification());

        assertThat(result)
                .isEqualTo(DeliveryResult.permanentFailure("TLS certificate not trusted or not valid for the host"));
        assertThat(requests).hasValue(0);
    }

    @Test
    void anUnresolvableHostIsReportedAsAnUnknownHost() {
        // .invalid never resolves (RFC 6761).
        DeliveryResult result =
                webhook("http://vigil-no-such-host.invalid/hook").deliver(notification());

        assertThat(result).isEqualTo(DeliveryResult.retry("unknown host (name not resolved)"));
    }

    @Test
    void aRefusedConnectionIsReportedAsRefused() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }

        DeliveryResult result = webhook("http://127.0.0.1:" + port + "/hook").deliver(notification());

        assertThat(result).isEqualTo(DeliveryResult.retry("connection refused"));
    }

    @Test
    void aReceiverThatNeverAnswersTimesOutWithTheNotifiersTimeoutInTheReason() throws Exception {
        try (dev.vigil.notify.testkit.SilentEndpoint silent = dev.vigil.notify.testkit.SilentEndpoint.start()) {
            DeliveryResult result = WebhookNotifier.builder(
                            Secret.of("http://127.0.0.1:" + silent.address().getPort() + "/hook"))
                    .timeout(Duration.ofMillis(300))
                    .build()
                    .deliver(notification());

            assertThat(result).isEqualTo(DeliveryResult.retry("timed out after PT0.3S"));
        }
    }

    @Test
    void aSuccessWhoseBodyNeverEndsIsDelivered() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answer = new Thread(
                    () -> {
                        try (Socket s = socket.accept()) {
                            InputStream in = s.getInputStream();
                            byte[] buf = new byte[8192];
                            in.read(buf);
                            OutputStream out = s.getOutputStream();
                            out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n{\"partial\":"
                                    .getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                            // Keep the connection open, body unfinished, until the client goes away.
                            while (in.read(buf) >= 0) {
                                // discard
                            }
                        } catch (java.io.IOException ignored) {
                            // the client closed: done
                        }
                    },
                    "endless-body");
            answer.setDaemon(true);
            answer.start();

            DeliveryResult result = WebhookNotifier.builder(
                            Secret.of("http://127.0.0.1:" + socket.getLocalPort() + "/hook"))
                    .timeout(Duration.ofSeconds(30))
                    .build()
                    .deliver(notification());

            assertThat(result).isEqualTo(DeliveryResult.delivered());
        }
    }

    @Test
    void anAbsurdRetryAfterIsClampedToTheDocumentedMaximum() throws Exception {
        String url = serve(503, "", Map.of("Retry-After", "99999999999999999999999999"));

        DeliveryResult result = webhook(url + "/hook").deliver(notification());

        assertThat(result).isEqualTo(DeliveryResult.retryAfter("HTTP 503", RetryPolicy.MAX_RETRY_AFTER));
    }

    @Test
    void aRetryAfterDateFarAheadIsClampedToo() throws Exception {
        String url = serve(429, "", Map.of("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"));

        DeliveryResult result = webhook(url + "/hook").deliver(notification());

        assertThat(result).isEqualTo(DeliveryResult.retryAfter("HTTP 429", RetryPolicy.MAX_RETRY_AFTER));
    }

    /** Delivers one alert per name through Notifications with a manual clock; returns the failures. */
    private static List<DeliveryFailure> throughTheWorker(WebhookNotifier hook, ManualClock clock, String... names) {
        List<DeliveryFailure> failures = Collections.synchronizedList(new ArrayList<>());
        try (Notifications n = Notifications.builder()
                .clock(clock)
                .sleeper(clock::advance)
                .flushEvery(Duration.ZERO)
                .timings(Timings.embeddedDefaults().withGroupWait(Duration.ZERO))
                .route(Route.all().to(hook))
                .onFailure(failures::add)
                .build()) {
            for (String name : names) {
                n.onEvent(new AlertEvent.Fired(TestAlerts.firing(name, Severity.CRITICAL, Map.of(), "x"), clock.now()));
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> n.pending() == 0);
        }
        return failures;
    }

    @Test
    void anAbsurdRetryAfterEndsAsRetriesExhaustedAfterOneAttempt() throws Exception {
        String url = serve(503, "", Map.of("Retry-After", "99999999999999999999999999"));
        ManualClock clock = ManualClock.create();

        List<DeliveryFailure> failures = throughTheWorker(webhook(url + "/hook"), clock, "Busy");

        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(DeliveryFailure.Kind.RETRIES_EXHAUSTED);
            assertThat(f.attempts()).isEqualTo(1);
            assertThat(f.reason()).isEqualTo("HTTP 503 (retry budget PT10M exhausted after 1 attempts)");
        });
        assertThat(requests).hasValue(1);
    }

    @Test
    void aRefusedHeaderFailsEveryNotificationAtOnceWithoutWaiting() throws Exception {
        String url = serve(200, "", Map.of());
        ManualClock clock = ManualClock.create();
        java.time.Instant start = clock.now();
        WebhookNotifier hook = WebhookNotifier.builder(Secret.of(url + "/hook"))
                .header("X-Token", Secret.of("bad\nvalue"))
                .build();

        List<DeliveryFailure> failures = throughTheWorker(hook, clock, "First", "Second");

        assertThat(failures).hasSize(2).allSatisfy(f -> {
            assertThat(f.kind()).isEqualTo(DeliveryFailure.Kind.PERMANENT);
            assertThat(f.attempts()).isEqualTo(1);
            assertThat(f.reason()).isEqualTo("request refused by the HTTP client (invalid header or URL)");
        });
        assertThat(clock.now()).isEqualTo(start); // no retry wait at all
        assertThat(requests).hasValue(0);
    }
}

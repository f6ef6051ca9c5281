package dev.vigil.core.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The documented limits of a response head, and which certificate a redirect to plain HTTP reports. */
class ResponseHeadLimitsTest {

    /** Answers every connection with {@code response} after reading the request head. */
    static final class CannedServer implements AutoCloseable {
        final ServerSocket listener;

        CannedServer(String response) throws IOException {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(
                    () -> {
                        while (!listener.isClosed()) {
                            try (Socket s = listener.accept()) {
                                InputStream in = s.getInputStream();
                                int matched = 0;
                                while (matched < 4) {
                                    int b = in.read();
                                    if (b < 0) {
                                        break;
                                    }
                                    matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
                                }
                                OutputStream out = s.getOutputStream();
                                out.write(response.getBytes(StandardCharsets.ISO_8859_1));
                                out.flush();
                            } catch (IOException closed) {
                                // the listener was closed, or the probe went away
                            }
                        }
                    },
                    "test-canned-server");
            t.setDaemon(true);
            t.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/");
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }

    static String responseWith(int headers, int lineLength) {
        StringBuilder sb = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n");
        for (int i = 2; i < headers; i++) { // with Content-Length and X-Long: headers lines
            sb.append("X-H").append(i).append(": v\r\n");
        }
        String name = "X-Long: ";
        sb.append(name).append("v".repeat(lineLength - name.length())).append("\r\n\r\nok");
        return sb.toString();
    }

    private static ProbeResult probe(String response) throws IOException {
        try (CannedServer server = new CannedServer(response)) {
            return Probes.http("limits", server.url())
                    .timeout(Duration.ofSeconds(10))
                    .every(Duration.ofSeconds(10))
                    .build()
                    .check(System.currentTimeMillis());
        }
    }

    @Test
    void aHeadOfTwoHundredHeadersIsReadAndOneMoreFailsTheCheck() throws IOException {
        assertThat(probe(responseWith(HttpProbe.MAX_HEADERS, 20)).success()).isTrue();

        ProbeResult tooMany = probe(responseWith(HttpProbe.MAX_HEADERS + 1, 20));

        assertThat(HttpProbe.MAX_HEADERS).isEqualTo(200);
        assertThat(tooMany.success()).isFalse();
        assertThat(tooMany.failure()).contains("more than 200 response headers");
    }

    @Test
    void aHeaderLineOfSixteenKibibytesIsReadAndALongerOneFailsTheCheck() throws IOException {
        // the limit counts the line without its line break
        assertThat(probe(responseWith(2, HttpProbe.MAX_HEADER_LINE_BYTES)).success())
                .isTrue();

        ProbeResult tooLong = probe(responseWith(2, HttpProbe.MAX_HEADER_LINE_BYTES + 1));

        assertThat(HttpProbe.MAX_HEADER_LINE_BYTES).isEqualTo(16 * 1024);
        assertThat(tooLong.success()).isFalse();
        assertThat(tooLong.failure()).contains("longer than 16384 bytes");
    }

    @Test
    void afterAnHttpsToHttpRedirectTheCertificateIsTheLastTlsHops() throws Exception {
        var dir = Files.createTempDirectory("vigil-redirect");
        SelfSignedCertificate cert = SelfSignedCertificate.generate(dir, 10);
        try (LoopbackServer plain = LoopbackServer.http()) {
            HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            https.setHttpsConfigurator(new HttpsConfigurator(cert.serverContext()));
            https.createContext("/to-http", ex -> {
                ex.getResponseHeaders().add("Location", plain.url("/ok").toString());
                ex.sendResponseHeaders(302, -1);
                ex.close();
            });
            https.start();
            try {
                ProbeResult r = Probes.http(
                                "moved",
                                URI.create("https://localhost:"
                                        + https.getAddress().getPort() + "/to-http"))
                        .trustStore(cert.trustStore())
                        .build()
                        .check(System.currentTimeMillis());

                assertThat(r.success()).isTrue();
                assertThat(r.httpStatus()).isEqualTo(200);
                assertThat(plain.requests.get()).isEqualTo(1);
                assertThat(r.certNotAfter())
                        .isEqualTo(cert.certificate.getNotAfter().toInstant());
            } finally {
                https.stop(0);
            }
        }
    }
}

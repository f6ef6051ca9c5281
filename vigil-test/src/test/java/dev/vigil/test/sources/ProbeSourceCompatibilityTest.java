package dev.vigil.test.sources;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.core.probe.ProbeSource;
import dev.vigil.core.probe.Probes;
import dev.vigil.core.source.MetricSource;
import dev.vigil.test.MetricSourceCompatibilityKit;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;

/**
 * The probe source keeps the MetricSource contract (it owns the probes' threads, so it is
 * AutoCloseable) with an HTTP and a TCP probe of a real server on loopback.
 */
class ProbeSourceCompatibilityTest extends MetricSourceCompatibilityKit {

    private final HttpServer server;

    ProbeSourceCompatibilityTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/health", exchange -> {
            byte[] ok = "ok".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            try (exchange) {
                exchange.getResponseBody().write(ok);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Override
    protected MetricSource source() {
        int port = server.getAddress().getPort();
        return ProbeSource.builder()
                .probe(Probes.http("api", URI.create("http://127.0.0.1:" + port + "/health"))
                        .build())
                .probe(Probes.tcp("api-port", "127.0.0.1", port).build())
                .build();
    }
}

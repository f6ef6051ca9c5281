package dev.vigil.core.probe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/** A real HTTP(S) server on loopback with a few canned behaviours, for probe tests. */
final class LoopbackServer implements AutoCloseable {

    final AtomicInteger requests = new AtomicInteger();
    /** {@link System#nanoTime()} at which each request arrived, in order. */
    private final CountDownLatch release = new CountDownLatch(1);

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-http");
        t.setDaemon(true);
        return t;
    });
    private final String scheme;

    private LoopbackServer(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        server.setExecutor(pool);
        server.createContext("/ok", counted(ex -> respond(ex, 200, "status: ok")));
        server.createContext("/error", counted(ex -> respond(ex, 500, "status: error")));
        server.createContext("/nocontent", counted(ex -> respond(ex, 204, null)));
        server.createContext("/redirect", counted(ex -> {
            ex.getResponseHeaders().add("Location", "/ok");
            respond(ex, 302, null);
        }));
        server.createContext("/loop", counted(ex -> {
            ex.getResponseHeaders().add("Location", "/loop");
            respond(ex, 307, null);
        }));
        server.createContext("/chunked", counted(ex -> {
            ex.sendResponseHeaders(200, 0); // no length: the server sends chunks
            try (OutputStream out = ex.getResponseBody()) {
                out.write("first chunk; ".getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.write("status: ok".getBytes(StandardCharsets.UTF_8));
            }
            ex.close();
        }));
        server.createContext("/large", counted(ex -> {
            byte[] body = ("x".repeat(HttpProbe.MAX_BODY_BYTES) + "beyond the cap").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            } catch (IOException clientStoppedReading) {
                // expected: the probe closes the connection at its cap
            }
            ex.close();
        }));
        server.createContext(
                "/echo",
                counted(ex -> respond(
                        ex,
                        200,
                        "method=" + ex.getRequestMethod() + " x-probe="
                                + ex.getRequestHeaders().getFirst("X-Probe"))));
        server.createContext("/hang", counted(ex -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(ex, 200, "late");
        }));
        server.start();
    }

    static LoopbackServer http() throws IOException {
        return new LoopbackServer(
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), "http");
    }

    static LoopbackServer https(SSLContext context) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        return new LoopbackServer(server, "https");
    }

    /** A loopback port nobody listens on: bound once, then released. */
    static int refusedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** A URL on this server; {@code localhost} so that a certificate for it matches. */
    URI url(String path) {
        return URI.create(scheme + "://localhost:" + port() + path);
    }

    private HttpHandler counted(HttpHandler handler) {
        return ex -> {
            requests.incrementAndGet();
            handler.handle(ex);
        };
    }

    private void respond(HttpExchange ex, int status, String body) throws IOException {
        ex.getRequestBody().readAllBytes();
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
        } else {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        pool.shutdownNow();
    }
}

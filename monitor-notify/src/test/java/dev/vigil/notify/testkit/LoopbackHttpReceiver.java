package dev.vigil.notify.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on loopback that records what it receives and answers with scripted
 * responses (default 200). JSON bodies are parsed strictly; malformed JSON gets a 400, as a real
 * receiver would answer.
 *
 * <pre>{@code
 * try (LoopbackHttpReceiver server = LoopbackHttpReceiver.start()) {
 *     server.respond(503).respond(200);
 *     URI hook = server.uri("/hook");
 * }
 * }</pre>
 */
public final class LoopbackHttpReceiver implements AutoCloseable {

    /** One received request. */
    public record Request(String method, String path, Map<String, List<String>> headers, String body, Instant at) {
        /** The first value of header {@code name}, or null. */
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    private record Scripted(int status, Map<String, String> headers, Duration delay) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-http");
        t.setDaemon(true);
        return t;
    });
    private final Queue<Scripted> script = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int defaultStatus = 200;
    private volatile Duration defaultDelay = Duration.ZERO;

    private LoopbackHttpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a server on a free loopback port. */
    public static LoopbackHttpReceiver start() {
        try {
            return new LoopbackHttpReceiver();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start loopback HTTP server", e);
        }
    }

    /** The URL of {@code path} on this server. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Answers the next unscripted request with {@code status}. */
    public LoopbackHttpReceiver respond(int status) {
        return respond(status, Map.of());
    }

    /** Answers the next unscripted request with {@code status} and {@code headers}. */
    public LoopbackHttpReceiver respond(int status, Map<String, String> headers) {
        script.add(new Scripted(status, headers, Duration.ZERO));
        return this;
    }

    /** Answers every request after the script with {@code status}, after {@code delay}. */
    public LoopbackHttpReceiver byDefault(int status, Duration delay) {
        this.defaultStatus = status;
        this.defaultDelay = delay;
        return this;
    }

    /** What was received so far, in order. */
    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** The bodies received so far. */
    public List<String> bodies() {
        return requests.stream().map(Request::body).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    body,
                    Instant.now()));
            Scripted next = script.poll();
            if (next == null) {
                next = new Scripted(defaultStatus, Map.of(), defaultDelay);
            }
            if (!next.delay().isZero()) {
                try {
                    Thread.sleep(next.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            int status = next.status();
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (status < 300 && contentType != null && contentType.startsWith("application/json")) {
                try {
                    JsonTree.parse(body);
                } catch (RuntimeException malformed) {
                    status = 400;
                }
            }
            next.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] answer = (status < 300 ? "ok" : "error").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

package dev.vigil.notify.notifier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.notify.testkit.JsonTree;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP server playing a chat or incident service: it records every request and answers
 * with scripted status, headers and JSON body, as the real service answers (Telegram's
 * {@code {"ok":false,...}}, Discord's {@code retry_after}, Opsgenie's {@code message}). A request
 * whose JSON is malformed gets a 400, as the real services answer.
 */
final class ChannelReceiver implements AutoCloseable {

    record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }

        Map<String, Object> json() {
            return JsonTree.object(body);
        }
    }

    record Answer(int status, Map<String, String> headers, String body) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "channel-receiver");
        t.setDaemon(true);
        return t;
    });
    private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Answer normal;

    private ChannelReceiver(Answer normal) throws IOException {
        this.normal = normal;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** A server answering {@code status} with {@code body} unless scripted otherwise. */
    static ChannelReceiver start(int status, String body) {
        try {
            return new ChannelReceiver(new Answer(status, Map.of(), body));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start loopback HTTP server", e);
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Answers the next request with {@code status}, {@code headers} and {@code body}. */
    ChannelReceiver respond(int status, Map<String, String> headers, String body) {
        script.add(new Answer(status, headers, body));
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    Request only() {
        if (requests.size() != 1) {
            throw new AssertionError("expected one request, got " + requests.size());
        }
        return requests.get(0);
    }

    List<String> bodies() {
        return requests.stream().map(Request::body).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    body));
            Answer next = script.poll();
            if (next == null) {
                next = normal;
            }
            int status = next.status();
            String text = next.body();
            try {
                JsonTree.parse(body);
            } catch (RuntimeException malformed) {
                status = 400;
                text = "{\"message\":\"malformed JSON\"}";
            }
            next.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] answer = text.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

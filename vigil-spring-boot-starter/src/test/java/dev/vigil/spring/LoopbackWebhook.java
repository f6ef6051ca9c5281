package dev.vigil.spring;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A webhook receiver on loopback that answers 200 and keeps every body it received. */
final class LoopbackWebhook implements AutoCloseable {

    private final HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    LoopbackWebhook() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<String> bodies() {
        return List.copyOf(bodies);
    }

    void clear() {
        bodies.clear();
    }

    /** Whether a received payload has an alert named {@code alertname} with this status. */
    boolean received(String alertname, String status) {
        return bodies.stream()
                .anyMatch(b -> b.contains("\"alertname\":\"" + alertname + "\"")
                        && b.contains("\"status\":\"" + status + "\""));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

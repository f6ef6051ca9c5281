package dev.vigil.test.guide;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Notifier;
import dev.vigil.test.NotifierCompatibilityKit;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;

class SmsNotifierTest extends NotifierCompatibilityKit {

    /** The notifier under test: posts a notification's title and text to an SMS gateway. */
    static final class SmsNotifier implements Notifier {
        private final HttpClient http = HttpClient.newHttpClient();
        private final URI gateway;
        private final Duration timeout;

        SmsNotifier(URI gateway, Duration timeout) {
            this.gateway = gateway;
            this.timeout = timeout;
        }

        @Override
        public DeliveryResult deliver(Notification n) {
            HttpRequest post = HttpRequest.newBuilder(gateway)
                    .timeout(timeout)
                    .POST(HttpRequest.BodyPublishers.ofString(n.title() + "\n" + n.text()))
                    .build();
            try {
                int status =
                        http.send(post, HttpResponse.BodyHandlers.discarding()).statusCode();
                return status / 100 == 2 ? DeliveryResult.delivered() : DeliveryResult.retry("HTTP " + status);
            } catch (IOException e) {
                return DeliveryResult.retry(e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return DeliveryResult.retry("interrupted");
            }
        }

        @Override
        public String name() {
            return "sms";
        }

        @Override
        public Duration timeout() {
            return timeout;
        }
    }

    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final HttpServer gateway = startGateway();

    private HttpServer startGateway() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            server.createContext("/send", exchange -> {
                try (exchange) {
                    messages.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                    exchange.sendResponseHeaders(204, -1);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake gateway", e);
        }
    }

    @AfterEach
    void stopGateway() {
        gateway.stop(0);
    }

    @Override
    protected Notifier notifier(Duration timeout) {
        return new SmsNotifier(
                URI.create("http://127.0.0.1:" + gateway.getAddress().getPort() + "/send"), timeout);
    }

    @Override
    protected Notifier notifierAt(InetSocketAddress silent, Duration timeout) {
        return new SmsNotifier(URI.create("http://127.0.0.1:" + silent.getPort() + "/send"), timeout);
    }

    @Override
    protected List<String> received() {
        return List.copyOf(messages);
    }
}

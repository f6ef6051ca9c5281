package dev.vigil.dashboard;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends each request through the {@link Guard}, then to a page, an asset, the API or an action. */
final class Router implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(Router.class);

    private final Guard guard;
    private final Site site;
    private final Assets assets = new Assets();
    /** API requests answered, so a test can tell whether a page is asking. */
    private final java.util.concurrent.atomic.AtomicLong apiRequests = new java.util.concurrent.atomic.AtomicLong();

    Router(Guard guard, Site site) {
        this.guard = guard;
        this.site = site;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            securityHeaders(exchange.getResponseHeaders());
            Guard.Refusal refusal = guard.check(exchange);
            if (refusal != null) {
                if (refusal.challenge() != null) {
                    exchange.getResponseHeaders().set("WWW-Authenticate", refusal.challenge());
                }
                sendText(exchange, refusal.status(), refusal.reason());
                return;
            }
            route(exchange);
        } catch (BadRequest e) {
            sendText(exchange, e.status, e.getMessage());
        } catch (RuntimeException | Error e) {
            log.warn(
                    "Vigil dashboard failed to answer {} {}",
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    e);
            sendText(exchange, 500, "internal error");
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        if (path.equals("/favicon.ico")) {
            requireMethod(method, "GET");
            assets.serve(exchange, "favicon.svg");
        } else if (path.startsWith("/assets/")) {
            requireMethod(method, "GET");
            assets.serve(exchange, path.substring("/assets/".length()));
        } else if (path.startsWith("/api/")) {
            apiRequests.incrementAndGet();
            Query query = Query.parse(exchange.getRequestURI().getRawQuery());
            if ("POST".equals(method)) {
                Query form = Query.parse(
                        new String(exchange.getRequestBody().readNBytes(64 * 1024), StandardCharsets.UTF_8));
                sendJson(exchange, 200, site.post(path, form).toBytes());
            } else {
                requireMethod(method, "GET");
                sendJson(exchange, 200, site.get(path, query).toBytes());
            }
        } else {
            requireMethod(method, "GET");
            byte[] page = site.page(path);
            if (page == null) {
                throw new BadRequest(404, "no such page");
            }
            send(exchange, 200, "text/html; charset=utf-8", page);
        }
    }

    long apiRequests() {
        return apiRequests.get();
    }

    private static void requireMethod(String method, String allowed) {
        if (!allowed.equals(method) && !("HEAD".equals(method) && "GET".equals(allowed))) {
            throw new BadRequest(405, "method " + method + " not allowed");
        }
    }

    static void securityHeaders(Headers h) {
        h.set("Content-Security-Policy", Guard.CONTENT_SECURITY_POLICY);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cross-Origin-Opener-Policy", "same-origin");
        h.set("Cross-Origin-Resource-Policy", "same-origin");
    }

    static void sendJson(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, status, "application/json; charset=utf-8", body);
    }

    static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, status, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** A request the dashboard cannot answer, with the status to say so. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }
}

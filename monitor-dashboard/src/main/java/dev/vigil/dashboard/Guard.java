package dev.vigil.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who may ask what: credentials on every request when set; on an open loopback dashboard, only
 * requests addressed to a loopback name (a page on another site that re-points its own host name
 * at 127.0.0.1 must not read the API); and on every POST the CSRF token in a header and, when the
 * browser says where the request comes from, the dashboard's own origin.
 */
final class Guard {

    /** Sent on every answer. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";
    /** The header a POST carries the CSRF token in; a cross-site form cannot set it. */
    static final String CSRF_HEADER = "X-Vigil-CSRF";

    private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]");

    private final Credentials credentials;
    private final boolean loopback;
    private final int port;
    private final byte[] csrf;

    Guard(Credentials credentials, boolean loopback, int port, String csrf) {
        this.credentials = credentials;
        this.loopback = loopback;
        this.port = port;
        this.csrf = csrf.getBytes(StandardCharsets.US_ASCII);
    }

    /** The refusal for this request, or {@code null} when it may proceed. */
    @Nullable
    Refusal check(HttpExchange exchange) {
        if (credentials != null) {
            if (!credentials.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
                return new Refusal(401, "authentication required", credentials.challenge());
            }
        } else if (!loopbackHost(exchange.getRequestHeaders().getFirst("Host"))) {
            return new Refusal(403, "this dashboard answers to a loopback host name only", null);
        }
        if ("POST".equals(exchange.getRequestMethod())) {
            String token = exchange.getRequestHeaders().getFirst(CSRF_HEADER);
            if (token == null || !MessageDigest.isEqual(csrf, token.getBytes(StandardCharsets.US_ASCII))) {
                return new Refusal(403, "missing or wrong " + CSRF_HEADER + " header", null);
            }
            String origin = exchange.getRequestHeaders().getFirst("Origin");
            String host = exchange.getRequestHeaders().getFirst("Host");
            if (origin != null && !origin.equalsIgnoreCase("http://" + host)) {
                return new Refusal(403, "cross-origin request refused", null);
            }
        }
        return null;
    }

    private boolean loopbackHost(String host) {
        if (!loopback || host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        String suffix = ":" + port;
        if (h.endsWith(suffix)) {
            h = h.substring(0, h.length() - suffix.length());
        } else if (port != 80) {
            return false;
        }
        return LOOPBACK_NAMES.contains(h);
    }

    /**
     * Why a request is refused.
     *
     * @param status HTTP status
     * @param reason short text for the body
     * @param challenge {@code WWW-Authenticate} value, or {@code null}
     */
    record Refusal(int status, String reason, String challenge) {}
}

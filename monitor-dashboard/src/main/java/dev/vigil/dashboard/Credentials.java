package dev.vigil.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * What a request must present to reach a dashboard: a bearer token (for scripts and reverse
 * proxies) or a user name and password (HTTP basic authentication, for browsers). A dashboard
 * bound to anything but loopback refuses to start without one.
 *
 * <p>The secret is kept only as a SHA-256 digest and compared in constant time; {@code toString()}
 * never shows it.
 *
 * <pre>{@code
 * Dashboard.builder().monitor(monitor).alerts(engine)
 *     .host("0.0.0.0").port(8080)
 *     .credentials(Credentials.basic("ops", System.getenv("VIGIL_DASHBOARD_PASSWORD")))
 *     .start();
 * }</pre>
 */
public sealed interface Credentials {

    /** Requests must send {@code Authorization: Bearer <token>}; the token has at least 16 characters. */
    static Credentials bearer(String token) {
        if (token == null || token.length() < 16) {
            throw new IllegalArgumentException("bearer token must have at least 16 characters, got "
                    + (token == null ? "null" : token.length() + " characters"));
        }
        return new Bearer(digest("Bearer " + token));
    }

    /** Requests must send HTTP basic authentication with this user and password (at least 8 characters). */
    static Credentials basic(String user, String password) {
        if (user == null || user.isBlank() || user.indexOf(':') >= 0) {
            throw new IllegalArgumentException("basic user must be non-blank without ':', got '" + user + "'");
        }
        if (password == null || password.length() < 8) {
            throw new IllegalArgumentException("basic password must have at least 8 characters, got "
                    + (password == null ? "null" : password.length() + " characters"));
        }
        String encoded = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new Basic(user, digest("Basic " + encoded));
    }

    /**
     * Whether an {@code Authorization} header value is accepted. Digests of equal length are
     * compared with {@link MessageDigest#isEqual}, so the time taken says nothing about the secret.
     */
    boolean accepts(String authorizationHeader);

    /** The value of a {@code WWW-Authenticate} header asking for these credentials. */
    String challenge();

    /** Bearer-token credentials. */
    final class Bearer implements Credentials {
        private final byte[] expected;

        private Bearer(byte[] expected) {
            this.expected = expected;
        }

        @Override
        public boolean accepts(String header) {
            return header != null && MessageDigest.isEqual(expected, digest(header.strip()));
        }

        @Override
        public String challenge() {
            return "Bearer realm=\"Vigil\"";
        }

        @Override
        public String toString() {
            return "Credentials.bearer(***)";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bearer b && MessageDigest.isEqual(expected, b.expected);
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    /** Basic-authentication credentials. */
    final class Basic implements Credentials {
        private final String user;
        private final byte[] expected;

        private Basic(String user, byte[] expected) {
            this.user = user;
            this.expected = expected;
        }

        /** The user name, which the dashboard records as who silenced or acknowledged. */
        public String user() {
            return user;
        }

        @Override
        public boolean accepts(String header) {
            return header != null && MessageDigest.isEqual(expected, digest(header.strip()));
        }

        @Override
        public String challenge() {
            return "Basic realm=\"Vigil\", charset=\"UTF-8\"";
        }

        @Override
        public String toString() {
            return "Credentials.basic(" + user + ", ***)";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Basic b && user.equals(b.user) && MessageDigest.isEqual(expected, b.expected);
        }

        @Override
        public int hashCode() {
            return user.hashCode();
        }
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

package dev.vigil.core.probe;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP(S) check: one HTTP/1.1 request on a fresh connection (following redirects unless told
 * not to); success when the final status is expected and the body contains (and does not contain)
 * the given texts, all within the timeout.
 *
 * <p>Measured phases, as blackbox_exporter names them: {@code resolve}, {@code connect},
 * {@code tls} (HTTPS), {@code processing} (request sent until the first response byte) and
 * {@code transfer} (the rest of the response); over redirects each phase is the sum of the hops.
 * The certificate reported is the last TLS hop's (after an HTTPS-to-HTTP redirect: the HTTPS
 * server's). The timeout is one deadline for the whole check, redirects included; when the head
 * arrived and the body then timed out, the check fails and keeps the status. A response head has
 * at most {@value #MAX_HEADERS} header lines of at most {@value #MAX_HEADER_LINE_BYTES} bytes; the
 * body is read up to {@link #MAX_BODY_BYTES}. No proxy, HTTP/2 or compression is used.
 *
 * <pre>{@code
 * Probe api = Probes.http("api", URI.create("https://api.example.com/health"))
 *         .expectStatus(200, 204)
 *         .bodyContains("ok")
 *         .timeout(Duration.ofSeconds(5))
 *         .every(Duration.ofSeconds(30))
 *         .build();
 * }</pre>
 */
public final class HttpProbe extends Probe {

    /** Most header lines of a response head; more fails the check. */
    public static final int MAX_HEADERS = 200;
    /** Longest line of a response head, in bytes (16 KiB); longer fails the check. */
    public static final int MAX_HEADER_LINE_BYTES = 16 * 1024;
    /** Most body bytes read (and searched by the body checks); the connection is closed there. */
    public static final int MAX_BODY_BYTES = 1 << 20;
    /** Accepted statuses when none is given: any 2xx, as blackbox_exporter does. */
    public static final Set<Integer> DEFAULT_STATUSES = Set.copyOf(range(200, 299));

    /** Most redirects followed before a check fails. */
    public static final int MAX_REDIRECTS = 10;

    private final URI url;
    private final String method;
    private final List<String[]> headers;
    private final Set<Integer> expectedStatuses;
    private final List<String> bodyContains;
    private final List<String> bodyNotContains;
    private final boolean followRedirects;
    private final Trust trust;

    private HttpProbe(Builder b) {
        super(b, b.url.toString());
        this.url = b.url;
        this.method = b.method;
        this.headers = List.copyOf(b.headers);
        this.expectedStatuses = b.statuses == null ? DEFAULT_STATUSES : Set.copyOf(b.statuses);
        this.bodyContains = List.copyOf(b.bodyContains);
        this.bodyNotContains = List.copyOf(b.bodyNotContains);
        this.followRedirects = b.followRedirects;
        this.trust = b.trust;
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> list = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            list.add(i);
        }
        return list;
    }

    /** The URL requested. */
    public URI url() {
        return url;
    }

    /** The request method. */
    public String method() {
        return method;
    }

    /** Statuses that count as success. */
    public Set<Integer> expectedStatuses() {
        return expectedStatuses;
    }

    /** Whether redirects are followed (the final response is judged) or judged themselves. */
    public boolean followsRedirects() {
        return followRedirects;
    }

    @Override
    ProbeResult check(long startedWallMillis) {
        CheckRecorder rec = new CheckRecorder(name(), startedWallMillis);
        boolean readBody = !bodyContains.isEmpty() || !bodyNotContains.isEmpty();
        URI current = url;
        String currentMethod = method;
        Http1Exchange.Response response;
        try {
            for (int redirects = 0; ; redirects++) {
                response = Http1Exchange.send(current, currentMethod, headers, trust, timeout(), MAX_BODY_BYTES, rec);
                rec.httpStatus(response.status());
                if (!followRedirects || !isRedirect(response.status()) || response.location() == null) {
                    break;
                }
                if (redirects == MAX_REDIRECTS) {
                    return rec.failed("more than " + MAX_REDIRECTS + " redirects");
                }
                current = redirectTarget(current, response.location());
                boolean seeOther = response.status() == 303 && !currentMethod.equals("HEAD");
                if (seeOther || (response.status() <= 302 && currentMethod.equals("POST"))) {
                    currentMethod = "GET"; // as browsers and the JDK client do
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // the status of a response whose head arrived stays recorded, as blackbox_exporter keeps it
            if (e instanceof SocketTimeoutException || rec.deadlinePassed()) {
                return rec.failed("no complete response within the timeout of " + timeout());
            }
            return rec.failed(CheckRecorder.describe(e));
        }
        if (!expectedStatuses.contains(response.status())) {
            return rec.failed("status " + response.status() + " is not one of " + new TreeSet<>(expectedStatuses));
        }
        if (readBody) {
            String body = new String(response.body(), StandardCharsets.UTF_8);
            for (String text : bodyContains) {
                if (!body.contains(text)) {
                    return rec.failed("body does not contain '" + text + "'");
                }
            }
            for (String text : bodyNotContains) {
                if (body.contains(text)) {
                    return rec.failed("body contains '" + text + "'");
                }
            }
        }
        return rec.succeeded();
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI redirectTarget(URI from, String location) throws IOException {
        URI to;
        try {
            to = from.resolve(new URI(location));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("redirect to an invalid location '" + location + "'");
        }
        String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || to.getHost() == null) {
            throw new IOException("redirect to a location that is not http(s): '" + location + "'");
        }
        return to;
    }

    /**
     * Builder of {@link HttpProbe}; made by {@link Probes#http(String, URI)}. Validated as it goes:
     * a bad value fails at once, naming the field and the value.
     *
     * <pre>{@code
     * Probes.http("login", "https://example.com/login").method("HEAD").header("X-Probe", "vigil")
     *         .expectStatus(200, 302).followRedirects(false).build();
     * }</pre>
     */
    public static final class Builder extends Probe.TlsBuilder<Builder> {

        private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
        private static final Set<String> OWN_HEADERS =
                Set.of("host", "connection", "content-length", "transfer-encoding");

        private final URI url;
        private String method = "GET";
        private final List<String[]> headers = new ArrayList<>();
        private @Nullable Set<Integer> statuses;
        private final List<String> bodyContains = new ArrayList<>();
        private final List<String> bodyNotContains = new ArrayList<>();
        private boolean followRedirects = true;

        Builder(String name, URI url) {
            super(name);
            if (url == null) {
                throw invalid("url", null, "must not be null");
            }
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
                throw invalid("url", url, "must be an absolute http or https URL with a host");
            }
            if (url.getRawUserInfo() != null) {
                // the URL becomes the target tag of every series: no credentials in it
                throw invalid(
                        "url",
                        url.getScheme() + "://***@" + url.getHost(),
                        "must not carry user info; send credentials with header(\"Authorization\", ...)");
            }
            if (url.toString().length() > 1024) {
                throw invalid("url", url.toString().substring(0, 60) + "...", "must be at most 1024 characters");
            }
            this.url = url;
        }

        /** The request method, e.g. {@code HEAD}; default {@code GET}. The request has no body. */
        public Builder method(String method) {
            if (method == null || !TOKEN.matcher(method).matches()) {
                throw invalid("method", method, "must be an HTTP method token such as GET or HEAD");
            }
            this.method = method.toUpperCase(Locale.ROOT);
            return this;
        }

        /**
         * Adds a request header. {@code Host}, {@code Connection}, {@code Content-Length} and
         * {@code Transfer-Encoding} are the probe's own and refused.
         */
        public Builder header(String name, String value) {
            if (name == null || !TOKEN.matcher(name).matches()) {
                throw invalid("header", name, "must be a header name token");
            }
            if (OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw invalid("header", name, "is set by the probe itself");
            }
            if (value == null || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw invalid("header", name + ": " + value, "must have a value without line breaks");
            }
            headers.add(new String[] {name, value});
            return this;
        }

        /** Statuses that count as success (each 100..599, at least one); default any 2xx. */
        public Builder expectStatus(int... statuses) {
            if (statuses == null || statuses.length == 0) {
                throw invalid("expectStatus", statuses == null ? null : "[]", "must name at least one status");
            }
            Set<Integer> set = new TreeSet<>();
            for (int s : statuses) {
                if (s < 100 || s > 599) {
                    throw invalid("expectStatus", s, "must be HTTP statuses from 100 to 599");
                }
                set.add(s);
            }
            this.statuses = set;
            return this;
        }

        /** Texts the body must all contain (UTF-8, first {@link #MAX_BODY_BYTES} bytes). */
        public Builder bodyContains(String... texts) {
            bodyContains.addAll(texts("bodyContains", texts));
            return this;
        }

        /** Texts the body must not contain (UTF-8, first {@link #MAX_BODY_BYTES} bytes). */
        public Builder bodyNotContains(String... texts) {
            bodyNotContains.addAll(texts("bodyNotContains", texts));
            return this;
        }

        private List<String> texts(String field, String... texts) {
            if (texts == null || texts.length == 0) {
                throw invalid(field, texts == null ? null : "[]", "must name at least one text");
            }
            for (String t : texts) {
                if (t == null || t.isEmpty()) {
                    throw invalid(field, Arrays.toString(texts), "must not contain a null or empty text");
                }
            }
            return List.of(texts);
        }

        /** Whether to follow redirects and judge the final response (default); off judges the redirect itself. */
        public Builder followRedirects(boolean follow) {
            this.followRedirects = follow;
            return this;
        }

        @Override
        public HttpProbe build() {
            return new HttpProbe(this);
        }
    }
}

package dev.vigil.core.probe;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * An HTTP(S) check: one request on a fresh connection; success when the final status is expected
 * and the body contains (and does not contain) the given texts, all within the timeout.
 *
 * <p>Measured phases: {@code headers} (from the start until the final response's headers
 * arrived: name resolution, connect, TLS, redirects and the server's work together) and
 * {@code transfer} (reading the body). The JDK's HTTP client does not report connect and TLS
 * times separately; a {@link TlsProbe} on the same host gives them.
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

    /** Most body bytes read for the body checks; the rest of a longer body is not read. */
    public static final int MAX_BODY_BYTES = 1 << 20;
    /** Accepted statuses when none is given: any 2xx, as blackbox_exporter does. */
    public static final Set<Integer> DEFAULT_STATUSES = Set.copyOf(range(200, 299));

    private final URI url;
    private final HttpRequest request;
    private final Set<Integer> expectedStatuses;
    private final List<String> bodyContains;
    private final List<String> bodyNotContains;
    private final boolean followRedirects;
    private final Trust trust;

    private HttpProbe(Builder b, HttpRequest request) {
        super(b, b.url.toString());
        this.url = b.url;
        this.request = request;
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
        return request.method();
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
        HttpClient client;
        try {
            // A fresh client per check, so every check opens a new connection and handshake as an
            // outside monitor would, instead of reusing a pooled one that hides a dead listener.
            client = HttpClient.newBuilder()
                    .connectTimeout(timeout())
                    .followRedirects(followRedirects ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER)
                    .sslContext(trust.resolve())
                    .build();
        } catch (Exception e) {
            return rec.failed("cannot set up the HTTP client: " + CheckRecorder.describe(e));
        }
        boolean readBody = !bodyContains.isEmpty() || !bodyNotContains.isEmpty();
        AtomicLong headersAt = new AtomicLong();
        BodyHandler<byte[]> handler = info -> {
            headersAt.set(System.nanoTime());
            return readBody ? new CappedBodySubscriber(MAX_BODY_BYTES) : BodySubscribers.replacing(new byte[0]);
        };
        CompletableFuture<HttpResponse<byte[]>> call = client.sendAsync(request, handler);
        HttpResponse<byte[]> response;
        try {
            response = call.get(rec.remainingNanos(timeout()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            return rec.failed("no complete response within the timeout of " + timeout());
        } catch (ExecutionException e) {
            return rec.failed(CheckRecorder.describe(e.getCause()));
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return rec.failed("interrupted");
        }
        rec.phase("headers", headersAt.get());
        rec.phase("transfer");
        rec.httpStatus(response.statusCode());
        response.sslSession().ifPresent(session -> {
            try {
                rec.certificates(session.getPeerCertificates());
            } catch (SSLPeerUnverifiedException ignored) {
                // no certificate to report; the status decides success
            }
        });
        if (!expectedStatuses.contains(response.statusCode())) {
            return rec.failed("status " + response.statusCode() + " is not one of " + new TreeSet<>(expectedStatuses));
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

    /**
     * Builder of {@link HttpProbe}; made by {@link Probes#http(String, URI)}.
     */
    public static final class Builder extends Probe.Builder<Builder> {

        private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

        private final URI url;
        private String method = "GET";
        private final List<String[]> headers = new ArrayList<>();
        private Set<Integer> statuses;
        private final List<String> bodyContains = new ArrayList<>();
        private final List<String> bodyNotContains = new ArrayList<>();
        private boolean followRedirects = true;
        private Trust trust = Trust.DEFAULT;

        Builder(String name, URI url) {
            super(name);
            if (url == null) {
                throw invalid("url", null, "must not be null");
            }
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
                throw invalid("url", url, "must be an absolute http or https URL with a host");
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

        /** Adds a request header; the JDK client's restricted headers (Host, Connection...) are refused. */
        public Builder header(String name, String value) {
            try {
                HttpRequest.newBuilder().header(name, value);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw invalid("header", name + ": " + value, "is not allowed (" + e.getMessage() + ")");
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

        /** Accepts any server certificate and host name (still reporting the certificate's expiry). */
        public Builder trustAll() {
            this.trust = Trust.all();
            return this;
        }

        /** Accepts the server certificates that {@code trustStore} vouches for. */
        public Builder trustStore(KeyStore trustStore) {
            this.trust = Trust.of(trustStore);
            return this;
        }

        /** Uses {@code sslContext} for TLS (client certificates, custom trust). */
        public Builder sslContext(SSLContext sslContext) {
            this.trust = Trust.of(sslContext);
            return this;
        }

        @Override
        public HttpProbe build() {
            HttpRequest.Builder request = HttpRequest.newBuilder(url)
                    .method(method, HttpRequest.BodyPublishers.noBody())
                    .timeout(timeout);
            for (String[] h : headers) {
                request.header(h[0], h[1]);
            }
            return new HttpProbe(this, request.build());
        }
    }

    /** Keeps at most {@code cap} bytes of the body and stops reading there. */
    private static final class CappedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        private final int cap;
        private java.util.concurrent.Flow.Subscription subscription;

        CappedBodySubscriber(int cap) {
            this.cap = cap;
        }

        @Override
        public java.util.concurrent.CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<java.nio.ByteBuffer> items) {
            for (java.nio.ByteBuffer item : items) {
                int n = Math.min(item.remaining(), cap - out.size());
                byte[] chunk = new byte[n];
                item.get(chunk);
                out.write(chunk, 0, n);
            }
            if (out.size() >= cap) {
                subscription.cancel();
                body.complete(out.toByteArray());
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(out.toByteArray());
        }
    }
}

package dev.vigil.notify.notifier;

import dev.vigil.core.time.Clock;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.RetryPolicy;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * One JSON POST with the JDK client, its outcome classified as Alertmanager does, plus
 * {@code Retry-After}. The classification (documented in docs/notify.md) is shared by every HTTP
 * notifier, built-in or new:
 * <ul>
 *   <li>2xx: delivered, as soon as the status arrives (a body that never ends does not matter);</li>
 *   <li>408, 429, 5xx: retried, after {@code Retry-After} (clamped to
 *       {@link RetryPolicy#MAX_RETRY_AFTER}) when given;</li>
 *   <li>other statuses: permanent;</li>
 *   <li>a header or URL the client refuses, a TLS certificate that is not trusted or does not
 *       match the host: permanent, since no retry can succeed;</li>
 *   <li>timeouts, refused connections, unknown hosts, other I/O errors: retried.</li>
 * </ul>
 * Reasons name the status or the exception type, plus for an HTTP error a short excerpt of the
 * receiver's answer (its explanation, e.g. Alertmanager's "invalid label set") with the URL,
 * header values and other known secrets redacted; never the URL itself.
 */
final class HttpPost {

    /** The longest excerpt of an error response kept in the reason. */
    static final int MAX_EXCERPT_CHARS = 200;
    /** Bytes of an error response read for the excerpt; the rest is not awaited. */
    static final int MAX_EXCERPT_BYTES = 4096;
    /** Secrets shorter than this are not redacted from excerpts: they would hit ordinary words. */
    private static final int MIN_REDACTED_LENGTH = 6;

    private final HttpClient client;
    private final Duration timeout;
    private final Clock clock;

    HttpPost(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    DeliveryResult post(URI uri, Map<String, String> headers, byte[] body) {
        return post(uri, headers, body, List.of());
    }

    /**
     * POSTs {@code body}; {@code secrets} (a routing key in the body, say) are redacted from the
     * excerpt of an error answer, as are the URL and the header values.
     */
    DeliveryResult post(URI uri, Map<String, String> headers, byte[] body, Collection<String> secrets) {
        HttpRequest request;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "Vigil")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(builder::header);
            request = builder.build();
        } catch (IllegalArgumentException e) {
            // The client validates before sending: the same request fails the same way every time.
            return DeliveryResult.permanentFailure("request refused by the HTTP client (invalid header or URL)");
        }
        AtomicReference<HttpResponse.ResponseInfo> head = new AtomicReference<>();
        CompletableFuture<HttpResponse<String>> answer;
        try {
            answer = client.sendAsync(request, info -> {
                head.set(info);
                return new Excerpt(isSuccess(info.statusCode()) ? 0 : MAX_EXCERPT_BYTES);
            });
        } catch (IllegalArgumentException e) {
            return DeliveryResult.permanentFailure("request refused by the HTTP client (invalid header or URL)");
        }
        try {
            HttpResponse<String> response = answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return classify(
                    response.statusCode(),
                    response.headers().firstValue("Retry-After"),
                    clock.now(),
                    redact(response.body(), uri, headers.values(), secrets));
        } catch (TimeoutException e) {
            answer.cancel(true);
            HttpResponse.ResponseInfo info = head.get();
            // The status decides; a body that is still coming changes nothing.
            return info != null
                    ? classify(info.statusCode(), info.headers().firstValue("Retry-After"), clock.now(), "")
                    : DeliveryResult.retry("timed out after " + timeout);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException
                    && !(e.getCause() instanceof HttpConnectTimeoutException)) {
                return DeliveryResult.retry("timed out after " + timeout);
            }
            return classify(e.getCause());
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            return DeliveryResult.retry("interrupted");
        }
    }

    private static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    /** A failure before any status arrived; see the class comment for the table. */
    static DeliveryResult classify(Throwable failure) {
        if (has(failure, CertificateException.class)) {
            return DeliveryResult.permanentFailure("TLS certificate not trusted or not valid for the host");
        }
        if (has(failure, UnresolvedAddressException.class) || has(failure, UnknownHostException.class)) {
            return DeliveryResult.retry("unknown host (name not resolved)");
        }
        if (failure instanceof HttpConnectTimeoutException) {
            return DeliveryResult.retry("connect timed out");
        }
        if (has(failure, HttpTimeoutException.class)) {
            return DeliveryResult.retry("timed out");
        }
        if (failure instanceof IllegalArgumentException) {
            return DeliveryResult.permanentFailure("request refused by the HTTP client (invalid header or URL)");
        }
        if (has(failure, ConnectException.class)) {
            return DeliveryResult.retry("connection refused");
        }
        if (has(failure, SSLException.class)) {
            return DeliveryResult.retry(
                    "TLS error " + find(failure, SSLException.class).getClass().getSimpleName());
        }
        return DeliveryResult.retry("I/O error " + failure.getClass().getSimpleName());
    }

    private static boolean has(Throwable t, Class<? extends Throwable> type) {
        return find(t, type) != null;
    }

    private static @Nullable Throwable find(Throwable t, Class<? extends Throwable> type) {
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    static DeliveryResult classify(int status, Optional<String> retryAfter, Instant now) {
        return classify(status, retryAfter, now, "");
    }

    /** Classifies a status; {@code excerpt} (already redacted) is appended to the reason. */
    static DeliveryResult classify(int status, Optional<String> retryAfter, Instant now, String excerpt) {
        if (isSuccess(status)) {
            return DeliveryResult.delivered();
        }
        String reason = "HTTP " + status + (excerpt.isEmpty() ? "" : ": " + excerpt);
        if (status == 429 || status >= 500 || status == 408) {
            Optional<Duration> after = retryAfter.flatMap(v -> parseRetryAfter(v, now));
            return after.isPresent() ? DeliveryResult.retryAfter(reason, after.get()) : DeliveryResult.retry(reason);
        }
        return DeliveryResult.permanentFailure(reason);
    }

    /**
     * {@code Retry-After} is either delta-seconds or an HTTP date (RFC 9110); either is clamped to
     * {@link RetryPolicy#MAX_RETRY_AFTER}, so a huge number cannot overflow the retry arithmetic.
     */
    static Optional<Duration> parseRetryAfter(String value, Instant now) {
        String v = value.trim();
        if (v.matches("[0-9]{1,1000}")) {
            String digits = v.replaceFirst("^0+(?=.)", "");
            long max = RetryPolicy.MAX_RETRY_AFTER.toSeconds();
            return Optional.of(
                    digits.length() > 18 || Long.parseLong(digits) > max
                            ? RetryPolicy.MAX_RETRY_AFTER
                            : Duration.ofSeconds(Long.parseLong(digits)));
        }
        if (v.startsWith("-") && v.substring(1).matches("[0-9]+")) {
            return Optional.empty();
        }
        try {
            Instant at =
                    ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            if (d.isNegative()) {
                return Optional.of(Duration.ZERO);
            }
            return Optional.of(d.compareTo(RetryPolicy.MAX_RETRY_AFTER) > 0 ? RetryPolicy.MAX_RETRY_AFTER : d);
        } catch (DateTimeParseException | ArithmeticException notDate) {
            return Optional.empty();
        }
    }

    /**
     * The start of an error answer fit for a reason: the URL (whole, and its path segments and
     * query values), header values and {@code secrets} replaced by {@code (redacted)}, on one line,
     * at most {@link #MAX_EXCERPT_CHARS} characters.
     */
    static String redact(String body, URI uri, Collection<String> headerValues, Collection<String> secrets) {
        if (body == null || body.isBlank()) {
            return "";
        }
        List<String> hidden = new ArrayList<>(secrets);
        hidden.addAll(headerValues);
        hidden.add(uri.toString());
        if (uri.getRawPath() != null) {
            hidden.add(uri.getRawPath());
            hidden.addAll(List.of(uri.getRawPath().split("/")));
        }
        if (uri.getRawQuery() != null) {
            hidden.add(uri.getRawQuery());
            for (String pair : uri.getRawQuery().split("&", -1)) {
                hidden.add(pair.substring(pair.indexOf('=') + 1));
            }
        }
        if (uri.getRawUserInfo() != null) {
            hidden.add(uri.getRawUserInfo());
            hidden.addAll(List.of(uri.getRawUserInfo().split(":")));
        }
        // Longest first, so a URL is redacted whole before its parts are looked for.
        hidden.sort(Comparator.comparingInt(String::length).reversed());
        String out = body;
        for (String secret : hidden) {
            if (secret != null && secret.length() >= MIN_REDACTED_LENGTH) {
                out = out.replace(secret, "(redacted)");
            }
        }
        return Texts.truncate(Texts.oneLine(out.strip()), MAX_EXCERPT_CHARS);
    }

    /**
     * Reads at most {@code limit} bytes of a response body and completes then, cancelling the rest:
     * a success answers nothing more is needed (limit 0), an error gives an excerpt.
     */
    private static final class Excerpt implements HttpResponse.BodySubscriber<String> {
        private final int limit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<String> body = new CompletableFuture<>();
        private Flow.@Nullable Subscription subscription;

        Excerpt(int limit) {
            this.limit = limit;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (limit == 0) {
                s.cancel();
                body.complete("");
            } else {
                s.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer item : items) {
                int n = Math.min(item.remaining(), limit - bytes.size());
                byte[] chunk = new byte[n];
                item.get(chunk);
                bytes.write(chunk, 0, n);
            }
            if (bytes.size() >= limit) {
                subscription.cancel();
                complete();
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            complete();
        }

        @Override
        public void onComplete() {
            complete();
        }

        private void complete() {
            body.complete(bytes.toString(StandardCharsets.UTF_8));
        }

        @Override
        public CompletableFuture<String> getBody() {
            return body;
        }
    }
}

package dev.vigil.notify.notifier;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One HTTP exchange for the chat and incident channels (Opsgenie, Teams, Telegram, Discord),
 * which, unlike the plain webhooks, put their retry hints and their reasons in the response
 * body: the body is kept (the first {@value #MAX_BODY_BYTES} bytes) and handed to the channel's
 * own classification. The whole exchange, body included, is bounded by the timeout. Transport
 * failures are reported by exception type only: the URL may carry a secret (Telegram's token sits
 * in its path).
 */
final class ChannelHttp {

    /** How much of a response body is kept for the channel's reason and retry hint. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** The longest reason quoted from a channel. */
    static final int MAX_REASON_CHARS = 200;

    private static final JsonFactory JSON = new JsonFactory();

    private final HttpClient client;
    private final Duration timeout;

    /** What the channel answered. */
    record Answer(int status, Optional<String> retryAfterHeader, Map<String, List<String>> headers, String body) {

        boolean successful() {
            return status >= 200 && status < 300;
        }

        /** Whether the status is worth another attempt: 408, 429 and 5xx, as Alertmanager retries. */
        boolean retryable() {
            return status == 408 || status == 429 || status >= 500;
        }

        Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst();
        }

        /** The JSON value at {@code path} in the body (a string, number, boolean), if the body is JSON and has it. */
        Optional<String> json(String... path) {
            return ChannelHttp.jsonValue(body, path);
        }
    }

    ChannelHttp(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * POSTs {@code body} as JSON and classifies the answer with {@code classify}; transport
     * failures (timeout, refused connection, I/O error) are retries.
     */
    DeliveryResult post(URI uri, Map<String, String> headers, byte[] body, Function<Answer, DeliveryResult> classify) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Vigil")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        BoundedBody kept = new BoundedBody();
        CompletableFuture<HttpResponse<Void>> call = client.sendAsync(
                request.build(), info -> HttpResponse.BodySubscribers.ofByteArrayConsumer(kept::accept));
        try {
            // The request timeout ends the wait for headers; this one also bounds a body that trickles.
            HttpResponse<Void> response = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return classify.apply(new Answer(
                    response.statusCode(),
                    response.headers().firstValue("Retry-After"),
                    response.headers().map(),
                    kept.text()));
        } catch (TimeoutException e) {
            call.cancel(true);
            return DeliveryResult.retry("timed out after " + timeout);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return DeliveryResult.retry("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return DeliveryResult.retry("timed out after " + timeout);
            }
            if (cause instanceof ConnectException) {
                return DeliveryResult.retry("connection refused");
            }
            return DeliveryResult.retry(
                    "I/O error " + (cause == null ? "unknown" : cause.getClass().getSimpleName()));
        }
    }

    /**
     * The usual outcome for a channel: 2xx delivered; 408, 429 and 5xx retried after
     * {@code hint} (the channel's own retry hint) or else the {@code Retry-After} header; anything
     * else permanent. The reason is {@code HTTP <status>}, then the channel's own words when it gave
     * some, cleaned of {@code secrets}.
     */
    static DeliveryResult classify(
            Answer answer, Optional<String> channelReason, Optional<Duration> hint, List<Secret> secrets) {
        if (answer.successful()) {
            return DeliveryResult.delivered();
        }
        String reason = "HTTP " + answer.status()
                + channelReason
                        .map(r -> reason(r, secrets))
                        .filter(r -> !r.isEmpty())
                        .map(r -> ": " + r)
                        .orElse("");
        if (answer.retryable()) {
            Optional<Duration> after = hint.or(() -> answer.retryAfterHeader().flatMap(ChannelHttp::retryAfter));
            return after.isPresent() ? DeliveryResult.retryAfter(reason, after.get()) : DeliveryResult.retry(reason);
        }
        return DeliveryResult.permanentFailure(reason);
    }

    /**
     * A channel's words fit for a reason: every secret (and every part of a secret URL's path or
     * query) removed, control characters turned to spaces, at most {@value #MAX_REASON_CHARS}
     * characters.
     */
    static String reason(String text, List<Secret> secrets) {
        String out = text;
        for (Secret s : secrets) {
            for (String part : secretParts(s.reveal())) {
                out = out.replace(part, "(redacted)");
            }
        }
        StringBuilder clean = new StringBuilder(Math.min(out.length(), MAX_REASON_CHARS + 16));
        for (int i = 0; i < out.length() && clean.length() <= MAX_REASON_CHARS; i++) {
            char c = out.charAt(i);
            clean.append(Character.isISOControl(c) ? ' ' : c);
        }
        return ChannelText.cut(clean.toString().strip(), MAX_REASON_CHARS, ChannelText.ELLIPSIS);
    }

    /** The secret and its pieces long enough to identify it (a URL's path segments and query values). */
    private static List<String> secretParts(String secret) {
        List<String> parts = new ArrayList<>();
        parts.add(secret);
        for (String piece : secret.split("[/?&=:]", -1)) {
            if (piece.length() >= 8) {
                parts.add(piece);
            }
        }
        // Longest first, so a piece never spoils the replacement of the whole.
        parts.sort((a, b) -> Integer.compare(b.length(), a.length()));
        return parts;
    }

    /** {@code Retry-After} as delta-seconds or an HTTP date (RFC 9110). */
    static Optional<Duration> retryAfter(String value) {
        Optional<Duration> seconds = seconds(Optional.of(value.trim()));
        if (seconds.isPresent()) {
            return seconds;
        }
        try {
            Duration d = Duration.between(
                    Instant.now(),
                    ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                            .toInstant());
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException notDate) {
            return Optional.empty();
        }
    }

    /** A number of seconds (fractions allowed, as Discord sends them) as a wait, if it is one. */
    static Optional<Duration> seconds(Optional<String> value) {
        try {
            return value.map(Double::parseDouble)
                    .filter(s -> s >= 0 && s < 86_400 * 7)
                    .map(s -> Duration.ofMillis((long) Math.ceil(s * 1000)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static Optional<String> jsonValue(String body, String... path) {
        if (body.isEmpty() || body.charAt(0) != '{') {
            return Optional.empty();
        }
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            return find(p, path, 0);
        } catch (IOException | RuntimeException notJson) {
            return Optional.empty();
        }
    }

    private static Optional<String> find(JsonParser p, String[] path, int depth) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals(path[depth])) {
                if (depth == path.length - 1) {
                    return value.isScalarValue() && value != JsonToken.VALUE_NULL
                            ? Optional.of(p.getText())
                            : Optional.empty();
                }
                return value == JsonToken.START_OBJECT ? find(p, path, depth + 1) : Optional.empty();
            }
            p.skipChildren();
        }
        return Optional.empty();
    }

    /** Keeps the first {@value #MAX_BODY_BYTES} bytes of a body and drops the rest. */
    private static final class BoundedBody {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        synchronized void accept(Optional<byte[]> chunk) {
            chunk.ifPresent(b -> bytes.write(b, 0, Math.min(b.length, MAX_BODY_BYTES - bytes.size())));
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}

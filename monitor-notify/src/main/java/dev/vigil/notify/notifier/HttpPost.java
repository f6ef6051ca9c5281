package dev.vigil.notify.notifier;

import dev.vigil.core.time.Clock;
import dev.vigil.notify.DeliveryResult;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * One JSON POST with the JDK client, its outcome classified as Alertmanager does, plus
 * {@code Retry-After}: 2xx delivered; 408, 429 and 5xx retry; other statuses permanent; timeouts
 * and connection errors retry. Reasons name the status or the exception type only, never the
 * URL, which may be a secret.
 */
final class HttpPost {

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
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Vigil")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return classify(response.statusCode(), response.headers().firstValue("Retry-After"), clock.now());
        } catch (HttpTimeoutException e) {
            return DeliveryResult.retry("timed out after " + timeout);
        } catch (ConnectException e) {
            return DeliveryResult.retry("connection refused");
        } catch (IOException e) {
            return DeliveryResult.retry("I/O error " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryResult.retry("interrupted");
        }
    }

    static DeliveryResult classify(int status, Optional<String> retryAfter, Instant now) {
        if (status >= 200 && status < 300) {
            return DeliveryResult.delivered();
        }
        String reason = "HTTP " + status;
        if (status == 429 || status >= 500 || status == 408) {
            Optional<Duration> after = retryAfter.flatMap(v -> parseRetryAfter(v, now));
            return after.isPresent() ? DeliveryResult.retryAfter(reason, after.get()) : DeliveryResult.retry(reason);
        }
        return DeliveryResult.permanentFailure(reason);
    }

    /** {@code Retry-After} is either delta-seconds or an HTTP date (RFC 9110). */
    static Optional<Duration> parseRetryAfter(String value, Instant now) {
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }
}

package dev.vigil.core.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one completed check, as {@link ProbeSource#lastResults()} reports it; the
 * {@code failure} text says why a check failed, for logs and alert reports.
 *
 * <pre>{@code
 * ProbeResult r = probes.lastResults().get("api");
 * if (!r.success()) log.warn("api is down: {}", r.failure());
 * }</pre>
 *
 * @param probe the probe's name
 * @param success whether the target answered as expected within the timeout
 * @param duration time the whole check took
 * @param phases time of each phase in order (e.g. {@code resolve}, {@code connect}, {@code tls}),
 *     as far as the check could measure them; may be empty
 * @param httpStatus the final HTTP status, or 0 when no HTTP response was received
 * @param certNotAfter when the earliest-expiring certificate of the peer's chain expires, or
 *     {@code null} when no TLS handshake completed
 * @param failure why the check failed, or {@code null} when it succeeded
 * @param startedAt wall time the check started
 */
public record ProbeResult(
        String probe,
        boolean success,
        Duration duration,
        Map<String, Duration> phases,
        int httpStatus,
        @Nullable Instant certNotAfter,
        @Nullable String failure,
        Instant startedAt) {
    public ProbeResult {
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(startedAt, "startedAt");
        phases = Collections.unmodifiableMap(new LinkedHashMap<>(phases));
        if (success != (failure == null)) {
            throw new IllegalArgumentException("a result has a failure text exactly when it failed, got success="
                    + success + ", failure=" + failure);
        }
    }
}

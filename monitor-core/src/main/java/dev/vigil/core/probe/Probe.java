package dev.vigil.core.probe;

import dev.vigil.core.internal.Require;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * One availability check with a name, a target, a schedule and a timeout. Immutable; made by
 * the builders of {@link Probes} and run by a {@link ProbeSource}.
 *
 * <p>A check that does not finish within its timeout is a failed check ({@code probe.success}
 * 0), never UNKNOWN: an endpoint that does not answer is down.
 *
 * <pre>{@code
 * Probe api = Probes.http("api", URI.create("https://api.example.com/health"))
 *         .timeout(Duration.ofSeconds(5))
 *         .every(Duration.ofSeconds(30))
 *         .build();
 * }</pre>
 */
public abstract sealed class Probe permits HttpProbe, TcpProbe, TlsProbe {

    /** Default time between two checks. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    /** Default time a check may take before it counts as failed. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Longest accepted probe name. */
    public static final int MAX_NAME_LENGTH = 200;

    private final String name;
    private final String target;
    private final Duration interval;
    private final Duration timeout;

    Probe(Builder<?> b, String target) {
        this.name = b.name;
        this.target = target;
        this.interval = b.interval;
        this.timeout = b.timeout;
        if (timeout.compareTo(interval) > 0) {
            throw new IllegalArgumentException(
                    "timeout of probe '" + name + "' must not exceed its interval " + interval + ", got " + timeout);
        }
    }

    /** The probe's name, the {@code probe} tag of its series. */
    public String name() {
        return name;
    }

    /** What the probe checks (a URL or {@code host:port}), the {@code target} tag of its series. */
    public String target() {
        return target;
    }

    /** Time between the starts of two checks. */
    public Duration interval() {
        return interval;
    }

    /** Time a check may take before it counts as failed. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Runs one check on the calling thread; never throws for a failure of the target, which is a
     * failed result. Bounded by {@link #timeout()} except for name resolution, which the JDK
     * cannot interrupt ({@link ProbeSource} reports such an overdue check as failed).
     */
    abstract ProbeResult check(long startedWallMillis);

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + " " + target + " every " + interval + ", timeout " + timeout
                + "]";
    }

    /**
     * What every probe builder has: the schedule and the timeout.
     *
     * <pre>{@code
     * Probes.tcp("db", "localhost", 5432).timeout(Duration.ofSeconds(2)).every(Duration.ofMinutes(1)).build();
     * }</pre>
     *
     * @param <B> the concrete builder, returned by the setters
     */
    public abstract static sealed class Builder<B extends Builder<B>> permits TcpProbe.Builder, TlsBuilder {

        final String name;
        Duration interval = DEFAULT_INTERVAL;
        Duration timeout = DEFAULT_TIMEOUT;

        Builder(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("probe name must not be blank, got '" + name + "'");
            }
            if (name.length() > MAX_NAME_LENGTH) {
                throw new IllegalArgumentException("probe name must be at most " + MAX_NAME_LENGTH + " characters, got "
                        + name.length() + ": '" + name.substring(0, 40) + "...'");
            }
            this.name = name;
        }

        /** Time a check may take before it counts as failed; positive. Default {@link #DEFAULT_TIMEOUT}. */
        public B timeout(Duration timeout) {
            this.timeout = positive("timeout", timeout);
            return self();
        }

        /** Time between the starts of two checks; positive. Default {@link #DEFAULT_INTERVAL}. */
        public B every(Duration interval) {
            this.interval = positive("interval", interval);
            return self();
        }

        /** The immutable probe. */
        public abstract Probe build();

        @SuppressWarnings("unchecked")
        B self() {
            return (B) this;
        }

        Duration positive(String field, Duration value) {
            return Require.positive(field + " of probe '" + name + "'", value);
        }

        IllegalArgumentException invalid(String field, @Nullable Object value, String why) {
            return new IllegalArgumentException(field + " of probe '" + name + "' " + why + ", got '" + value + "'");
        }
    }

    /**
     * What the builders of TLS-speaking probes have besides the schedule: which certificates to
     * trust. Default: the JDK's default trust store, and the certificate must name the host.
     *
     * <pre>{@code
     * Probes.tls("intranet", "wiki.internal", 443).trustStore(companyCaStore).build();
     * Probes.http("dev", "https://localhost:8443/health").trustAll().build();
     * }</pre>
     *
     * @param <B> the concrete builder, returned by the setters
     */
    public abstract static sealed class TlsBuilder<B extends TlsBuilder<B>> extends Builder<B>
            permits HttpProbe.Builder, TlsProbe.Builder {

        Trust trust = Trust.DEFAULT;

        TlsBuilder(String name) {
            super(name);
        }

        /** Accepts any certificate and host name, still reporting the certificate's expiry. */
        public B trustAll() {
            this.trust = Trust.all();
            return self();
        }

        /** Accepts the certificates that {@code trustStore} vouches for. */
        public B trustStore(KeyStore trustStore) {
            this.trust = Trust.of(trustStore);
            return self();
        }

        /** Uses {@code sslContext} for the handshake (client certificates, custom trust). */
        public B sslContext(SSLContext sslContext) {
            this.trust = Trust.of(sslContext);
            return self();
        }
    }
}

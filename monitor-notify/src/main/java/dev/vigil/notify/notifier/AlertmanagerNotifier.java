package dev.vigil.notify.notifier;

import dev.vigil.alerts.Alert;
import dev.vigil.core.time.Clock;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.route.Route;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Hands alerts to an Alertmanager (API v2, {@code POST /api/v2/alerts}), so every instance of
 * an application shares one Alertmanager cluster for deduplication, silences and routing. Like
 * Prometheus, a firing alert is sent with {@code endsAt} a few resend intervals ahead and must
 * be re-sent before then; a resolved one is sent with {@code endsAt} set to its resolution time.
 * Use {@link #route()} so the re-sending happens: it groups per alert, does not wait, and repeats
 * every {@code resendInterval}, acknowledged or not.
 *
 * <pre>{@code
 * AlertmanagerNotifier am = AlertmanagerNotifier.builder(URI.create("http://alertmanager:9093")).build();
 * Notifications.builder().route(am.route()).build();
 * }</pre>
 */
public final class AlertmanagerNotifier extends JsonHttpNotifier {

    /** How often active alerts are re-sent through {@link #route()} (Prometheus: 1 min). */
    public static final Duration DEFAULT_RESEND_INTERVAL = Duration.ofMinutes(1);

    private final URI alertsEndpoint;
    private final String generatorUrl;
    private final Duration resendInterval;
    private final Clock clock;

    private AlertmanagerNotifier(Builder b) {
        super(b.name, b.timeout, b.clock);
        this.alertsEndpoint = alertsEndpoint(b.baseUrl);
        this.generatorUrl = b.generatorUrl;
        this.resendInterval = b.resendInterval;
        this.clock = b.clock;
    }

    /** {@code base} with {@code /api/v2/alerts} appended to its path; its query, if any, kept. */
    private static URI alertsEndpoint(URI base) {
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + path + "/api/v2/alerts"
                + (base.getRawQuery() == null ? "" : "?" + base.getRawQuery()));
    }

    /** A notifier for the Alertmanager at {@code baseUrl} with default settings. */
    public static AlertmanagerNotifier of(URI baseUrl) {
        return builder(baseUrl).build();
    }

    /** Starts a builder for the Alertmanager at {@code baseUrl} (e.g. {@code http://host:9093}). */
    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    /**
     * A route sending every alert here: grouped by all labels (one group per alert), no group
     * wait, re-sent every resend interval, resolved alerts sent, acknowledged ones still re-sent
     * (otherwise they would expire in Alertmanager as if resolved).
     */
    public Route route() {
        return Route.all().groupBy(Route.ALL_LABELS).groupWait(Duration.ZERO)
                .groupInterval(resendInterval).repeatInterval(resendInterval)
                .sendResolved(true).repeatWhileAcknowledged(true).to(this);
    }

    @Override
    public DeliveryResult deliver(Notification n) {
        if (n.kind().announcement()) {
            // Flapping news changes no state here: an endsAt would resolve the alert there.
            return DeliveryResult.delivered();
        }
        return post(alertsEndpoint, Map.of(), payload(n));
    }

    byte[] payload(Notification n) {
        Instant now = clock.now();
        // Prometheus sends endsAt = now + 4 x resend delay: a missed resend or two does not resolve.
        Instant ahead = now.plus(resendInterval.multipliedBy(4));
        return Json.write(g -> {
            g.writeStartArray();
            for (Alert a : n.alerts()) {
                g.writeStartObject();
                Json.stringMap(g, "labels", a.labels());
                Json.stringMap(g, "annotations", a.annotations());
                Instant start = a.firingSince() != null ? a.firingSince() : a.activeSince();
                if (start != null) {
                    g.writeStringField("startsAt", start.toString());
                }
                Instant end = Notification.isResolved(a) ? (a.resolvedAt() != null ? a.resolvedAt() : now) : ahead;
                g.writeStringField("endsAt", end.toString());
                if (!generatorUrl.isEmpty()) {
                    g.writeStringField("generatorURL", generatorUrl);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    @Override
    public String toString() {
        // The URL may carry user:password@ or a token: only scheme, host, port and path are shown.
        return "AlertmanagerNotifier[" + name() + " " + Checks.redacted(alertsEndpoint) + "]";
    }

    /**
     * Configures an {@link AlertmanagerNotifier}.
     *
     * <pre>{@code
     * AlertmanagerNotifier.builder(uri).generatorUrl("http://app:8080/health").build();
     * }</pre>
     */
    public static final class Builder {
        private final URI baseUrl;
        private String name = "alertmanager";
        private String generatorUrl = "";
        private Duration resendInterval = DEFAULT_RESEND_INTERVAL;
        private Clock clock = Clock.system();
        private Duration timeout = Notifier.DEFAULT_TIMEOUT;

        private Builder(URI baseUrl) {
            this.baseUrl = Checks.requireHttpUri("baseUrl", baseUrl);
        }

        /** The alerts' {@code generatorURL}: a link back to the application. */
        public Builder generatorUrl(String url) {
            this.generatorUrl = Objects.requireNonNull(url, "generatorUrl");
            return this;
        }

        /** How often {@link #route()} re-sends active alerts (default 1 min). */
        public Builder resendInterval(Duration interval) {
            this.resendInterval = Checks.requirePositive("resendInterval", interval);
            return this;
        }

        /** The clock for {@code endsAt} and for {@code Retry-After} dates (default the system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The receiver name (default {@code alertmanager}). */
        public Builder name(String name) {
            this.name = Checks.requireName(name);
            return this;
        }

        /** Per-attempt timeout (default 10 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = Checks.requireTimeout(timeout);
            return this;
        }

        /** Builds the notifier. */
        public AlertmanagerNotifier build() {
            return new AlertmanagerNotifier(this);
        }
    }
}

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
import java.util.ArrayList;
import java.util.List;
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
    /** Alerts per request at most: Prometheus' {@code DefaultMaxBatchSize}. */
    public static final int MAX_ALERTS_PER_REQUEST = 256;
    /** Bytes per request at most, by default: 4 MiB. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 4L * 1024 * 1024;

    private final URI alertsEndpoint;
    private final String generatorUrl;
    private final Duration resendInterval;
    private final Clock clock;
    private final long maxRequestBytes;

    private AlertmanagerNotifier(Builder b) {
        super(b.name, b.timeout, b.clock);
        this.maxRequestBytes = b.maxRequestBytes;
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
        DeliveryResult result = DeliveryResult.delivered();
        for (byte[] request : requests(n)) {
            // Alertmanager takes the same alert twice as one: a retry may resend the batches sent.
            result = post(alertsEndpoint, Map.of(), request);
            if (!(result instanceof DeliveryResult.Delivered)) {
                return result;
            }
        }
        return result;
    }

    /**
     * The group's alerts in requests of at most {@link #MAX_ALERTS_PER_REQUEST} alerts (as
     * Prometheus batches them) and at most {@code maxRequestBytes}: a batch too large is halved;
     * an alert too large on its own has its annotation values cut, and then its label values,
     * each cut ending with how many characters it left out (the same cut on every resend, so
     * Alertmanager still sees one alert).
     */
    List<byte[]> requests(Notification n) {
        List<byte[]> out = new ArrayList<>();
        List<Alert> alerts = n.alerts();
        if (alerts.size() <= MAX_ALERTS_PER_REQUEST) {
            split(n, alerts, out);
            return out;
        }
        for (int from = 0; from < alerts.size(); from += MAX_ALERTS_PER_REQUEST) {
            split(n, alerts.subList(from, Math.min(alerts.size(), from + MAX_ALERTS_PER_REQUEST)), out);
        }
        return out;
    }

    private void split(Notification n, List<Alert> alerts, List<byte[]> out) {
        byte[] body = payload(only(n, alerts));
        if (body.length <= maxRequestBytes) {
            out.add(body);
        } else if (alerts.size() > 1) {
            int half = alerts.size() / 2;
            split(n, alerts.subList(0, half), out);
            split(n, alerts.subList(half, alerts.size()), out);
        } else {
            out.add(cutToFit(n, alerts.get(0)));
        }
    }

    private byte[] cutToFit(Notification n, Alert alert) {
        byte[] body = null;
        for (int cap = 64 * 1024; cap >= 64; cap /= 4) {
            Alert cut = cut(alert, cap, false);
            body = payload(only(n, List.of(cut)));
            if (body.length <= maxRequestBytes) {
                return body;
            }
        }
        for (int cap = 64 * 1024; cap >= 64; cap /= 4) {
            body = payload(only(n, List.of(cut(alert, cap, true))));
            if (body.length <= maxRequestBytes) {
                return body;
            }
        }
        return body; // too many labels to fit whatever their values: Alertmanager decides
    }

    private static Notification only(Notification n, List<Alert> alerts) {
        return alerts == n.alerts() ? n
                : new Notification(n.receiver(), n.groupKey(), n.groupLabels(), n.status(), alerts, n.commonLabels(),
                        n.commonAnnotations(), n.title(), n.text(), n.time(), n.kind());
    }

    private static Alert cut(Alert a, int cap, boolean labelsToo) {
        return new Alert(a.rule(), a.fingerprint(), labelsToo ? cutValues(a.labels(), cap) : a.labels(),
                cutValues(a.annotations(), cap), a.state(), a.severity(), a.value(), a.activeSince(), a.firingSince(),
                a.resolvedAt(), a.acknowledgement(), a.silenced(), a.inhibited(), a.flapping(), a.report());
    }

    private static Map<String, String> cutValues(Map<String, String> values, int cap) {
        Map<String, String> out = new java.util.TreeMap<>();
        values.forEach((k, v) -> out.put(k, Texts.cut(v, cap)));
        return out;
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
        private long maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;

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

        /**
         * The largest request body sent (default 4 MiB, at least 16,384): larger groups go in
         * several requests, a larger alert is cut (see {@link AlertmanagerNotifier#requests}).
         */
        public Builder maxRequestBytes(long maxRequestBytes) {
            if (maxRequestBytes < 16_384) {
                throw new IllegalArgumentException("maxRequestBytes must be >= 16384: " + maxRequestBytes);
            }
            this.maxRequestBytes = maxRequestBytes;
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

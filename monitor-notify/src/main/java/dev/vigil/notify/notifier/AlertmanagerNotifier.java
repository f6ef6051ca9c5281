package dev.vigil.notify.notifier;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.label.LabelNames;
import dev.vigil.core.internal.Require;
import dev.vigil.core.internal.Threads;
import dev.vigil.core.time.Clock;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.Route;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Hands alerts to an Alertmanager cluster (API v2, {@code POST /api/v2/alerts}), so every
 * instance of an application shares it for deduplication, silences and routing. As Prometheus
 * does, it posts every alert to every peer of the cluster; sending is state synchronisation, not a
 * notification: through {@link #route()} every active alert stays alive there whatever Vigil's own
 * silences, acknowledgements, maintenance windows, inhibition or flapping hold (mute in
 * Alertmanager), the changes of an evaluation (a resolution too) are sent right after it in one
 * request, and everything is re-sent in one request every {@code resendInterval}, resolved alerts
 * for 15 minutes. A firing alert goes
 * out with {@code endsAt} four resend intervals ahead; a resolved one with its resolution time.
 *
 * <p>Label and annotation names are sent in Alertmanager's form (see {@link LabelNames}); a name
 * that meets another there gets a suffix and is logged once.
 *
 * <pre>{@code
 * AlertmanagerNotifier am = AlertmanagerNotifier.builder(
 *         URI.create("http://alertmanager-0:9093"), URI.create("http://alertmanager-1:9093")).build();
 * Notifications.builder().route(am.route()).build();
 * }</pre>
 */
public final class AlertmanagerNotifier implements Notifier {

    /** How often active alerts are re-sent through {@link #route()} (Prometheus: 1 min). */
    public static final Duration DEFAULT_RESEND_INTERVAL = Duration.ofMinutes(1);
    /** Alerts per request at most: Prometheus' {@code DefaultMaxBatchSize}. */
    public static final int MAX_ALERTS_PER_REQUEST = 256;
    /** Bytes per request at most, by default: 4 MiB. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 4L * 1024 * 1024;

    private final String name;
    private final List<Peer> peers;
    private final String generatorUrl;
    private final Duration resendInterval;
    private final Duration timeout;
    private final Clock clock;
    private final NameCollisions collisions;
    private final ThreadPoolExecutor fanOut;
    private final long maxRequestBytes;

    private AlertmanagerNotifier(Builder b) {
        this.name = b.name;
        this.maxRequestBytes = b.maxRequestBytes;
        this.generatorUrl = b.generatorUrl;
        this.resendInterval = b.resendInterval;
        this.timeout = b.timeout;
        this.clock = b.clock;
        this.collisions = new NameCollisions(b.name);
        List<Peer> list = new ArrayList<>();
        for (URI peer : b.peers) {
            String peerName = b.peers.size() == 1 ? b.name : b.name + "[" + peer.getHost() + ":" + port(peer) + "]";
            list.add(new Peer(peerName, alertsEndpoint(peer)));
        }
        this.peers = List.copyOf(list);
        // Threads only while a direct deliver() posts to several peers; idle ones end after a minute.
        int size = Math.max(1, peers.size() - 1);
        this.fanOut = new ThreadPoolExecutor(
                size,
                size,
                60,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                Threads.daemon("vigil-alertmanager-post-"));
        fanOut.allowCoreThreadTimeOut(true);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
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

    /**
     * Starts a builder for an Alertmanager cluster: the base URL of each peer (e.g.
     * {@code http://host:9093}), at least one.
     */
    public static Builder builder(URI... peers) {
        return new Builder(List.of(peers));
    }

    /** Starts a builder for an Alertmanager cluster: the base URL of each peer, at least one. */
    public static Builder builder(List<URI> peers) {
        return new Builder(peers);
    }

    /**
     * A route that keeps the cluster in sync with this application's alerts: every alert, one
     * receiver (and so one queue and one retry schedule) per peer, so a dead peer never delays
     * the others; see {@link Route#synchronizeState()}. Re-sends every resend interval.
     */
    public Route route() {
        return Route.all()
                .synchronizeState()
                .groupInterval(resendInterval)
                .sendResolved(true)
                .repeatWhileAcknowledged(true)
                .to(peers.toArray(Notifier[]::new));
    }

    /** One notifier per peer, as {@link #route()} uses them. */
    public List<Notifier> peers() {
        return List.copyOf(peers);
    }

    /**
     * Posts to every peer at once and waits for all (each bounded by the timeout). Delivered when
     * at least one peer took the alerts, as Prometheus counts it: peers gossip them to each other.
     */
    @Override
    public DeliveryResult deliver(Notification n) {
        if (peers.size() == 1) {
            return peers.get(0).deliver(n);
        }
        List<CompletableFuture<DeliveryResult>> results = new ArrayList<>();
        for (Peer p : peers.subList(1, peers.size())) {
            results.add(CompletableFuture.supplyAsync(() -> p.deliver(n), fanOut));
        }
        DeliveryResult first = peers.get(0).deliver(n);
        DeliveryResult outcome = first;
        for (CompletableFuture<DeliveryResult> f : results) {
            DeliveryResult r = f.join();
            if (!(outcome instanceof DeliveryResult.Delivered)
                    && (r instanceof DeliveryResult.Delivered || outcome instanceof DeliveryResult.PermanentFailure)) {
                outcome = r;
            }
        }
        return outcome;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    byte[] payload(Notification n) {
        Instant now = clock.now();
        // Prometheus sends endsAt = now + 4 x resend delay: a missed resend or two does not resolve.
        Instant ahead = now.plus(resendInterval.multipliedBy(4));
        return Json.write(g -> {
            g.writeStartArray();
            for (Alert a : n.alerts()) {
                g.writeStartObject();
                Json.stringMap(g, "labels", LabelNames.forAlertmanager(a.labels(), collisions::report));
                Json.stringMap(g, "annotations", LabelNames.forAlertmanager(a.annotations(), collisions::report));
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

    private byte @Nullable [] cutToFit(Notification n, Alert alert) {
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
        return alerts == n.alerts() ? n : n.toBuilder().alerts(alerts).build();
    }

    private static Alert cut(Alert a, int cap, boolean labelsToo) {
        return a.toBuilder()
                .labels(labelsToo ? cutValues(a.labels(), cap) : a.labels())
                .annotations(cutValues(a.annotations(), cap))
                .build();
    }

    private static Map<String, String> cutValues(Map<String, String> values, int cap) {
        Map<String, String> out = new java.util.TreeMap<>();
        values.forEach((k, v) -> out.put(k, Texts.cut(v, cap)));
        return out;
    }

    @Override
    public String toString() {
        // The URL may carry user:password@ or a token: only scheme, host, port and path are shown.
        StringBuilder out = new StringBuilder("AlertmanagerNotifier[").append(name);
        for (Peer p : peers) {
            out.append(' ').append(Checks.redacted(p.endpoint));
        }
        return out.append(']').toString();
    }

    /** One peer of the cluster: the HTTP post, with its own name so it gets its own queue. */
    private final class Peer extends JsonHttpNotifier {
        private final URI endpoint;

        Peer(String name, URI endpoint) {
            super(name, AlertmanagerNotifier.this.timeout, AlertmanagerNotifier.this.clock);
            this.endpoint = endpoint;
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
                result = post(endpoint, Map.of(), request);
                if (!(result instanceof DeliveryResult.Delivered)) {
                    return result;
                }
            }
            return result;
        }

        @Override
        public String toString() {
            return "AlertmanagerNotifier[" + name() + " " + Checks.redacted(endpoint) + "]";
        }
    }

    /**
     * Configures an {@link AlertmanagerNotifier}.
     *
     * <pre>{@code
     * AlertmanagerNotifier.builder(uri).generatorUrl("http://app:8080/health").build();
     * }</pre>
     */
    public static final class Builder {
        private final List<URI> peers;
        private String name = "alertmanager";
        private String generatorUrl = "";
        private Duration resendInterval = DEFAULT_RESEND_INTERVAL;
        private Clock clock = Clock.system();
        private Duration timeout = Notifier.DEFAULT_TIMEOUT;
        private long maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;

        private Builder(List<URI> peers) {
            Objects.requireNonNull(peers, "peers");
            if (peers.isEmpty()) {
                throw new IllegalArgumentException("peers: at least one Alertmanager URL is needed, got none");
            }
            List<URI> checked = new ArrayList<>();
            for (URI peer : peers) {
                URI uri = Checks.requireHttpUri(peers.size() == 1 ? "baseUrl" : "peers", peer);
                for (URI other : checked) {
                    if (other.getHost().equalsIgnoreCase(uri.getHost()) && port(other) == port(uri)) {
                        throw new IllegalArgumentException("peers: " + Checks.redacted(uri) + " is given twice");
                    }
                }
                checked.add(uri);
            }
            this.peers = List.copyOf(checked);
        }

        /**
         * The alerts' {@code generatorURL}: a link back to the application, an absolute URI
         * (Alertmanager rejects the whole request with HTTP 422 otherwise). Empty: none.
         */
        public Builder generatorUrl(String url) {
            this.generatorUrl = Checks.requireUriOrEmpty("generatorUrl", url);
            return this;
        }

        /** How often {@link #route()} re-sends active alerts (default 1 min). */
        public Builder resendInterval(Duration interval) {
            this.resendInterval = Require.positive("resendInterval", interval);
            return this;
        }

        /** The clock for {@code endsAt} and for {@code Retry-After} dates (default the system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The receiver name (default {@code alertmanager}); with several peers, each adds its host and port. */
        public Builder name(String name) {
            this.name = Checks.requireName(name);
            return this;
        }

        /** Per-attempt timeout, per peer (default 10 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = Checks.requireTimeout(timeout);
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

        /** Builds the notifier. */
        public AlertmanagerNotifier build() {
            return new AlertmanagerNotifier(this);
        }
    }
}

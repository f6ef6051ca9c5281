package dev.vigil.notify.notifier;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.Secret;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Sends PagerDuty Events API v2 events: {@code trigger} while a group fires, {@code resolve} when
 * it has resolved, both with the group's stable {@code dedup_key} so retries and repeats update
 * one incident. Severity maps {@code critical} to {@code critical} and {@code warning} to
 * {@code warning}; {@code summary} is cut to 1,024 characters, and an event over 512,000 bytes
 * loses its {@code custom_details} first.
 *
 * <pre>{@code
 * Route.where("severity", "critical").to(PagerDutyNotifier.of(Secret.fromEnv("PD_ROUTING_KEY")));
 * }</pre>
 */
public final class PagerDutyNotifier extends JsonHttpNotifier {

    /** PagerDuty's events endpoint. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://events.pagerduty.com/v2/enqueue");
    /** PagerDuty's limit for {@code summary}. */
    public static final int MAX_SUMMARY_CHARS = 1024;
    /** PagerDuty's limit for {@code dedup_key}. */
    public static final int MAX_DEDUP_KEY_CHARS = 255;
    /** PagerDuty's limit for one event. */
    public static final int MAX_EVENT_BYTES = 512_000;
    /** Accepted resolves remembered to refuse stale triggers (the most recent dedup keys). */
    static final int MAX_REMEMBERED_RESOLVES = 10_000;

    private final Secret routingKey;
    private final URI endpoint;
    private final String source;
    private final String client;
    private final String clientUrl;
    // The latest accepted resolve per dedup_key (the most recent groups only): an older trigger
    // still being retried must not reopen the incident.
    private final Map<String, Instant> resolves = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > MAX_REMEMBERED_RESOLVES;
        }
    };

    private PagerDutyNotifier(Builder b) {
        super(b.name, b.timeout);
        this.routingKey = b.routingKey;
        this.endpoint = b.endpoint;
        this.source = b.source;
        this.client = b.client;
        this.clientUrl = b.clientUrl;
    }

    /** A notifier for {@code routingKey} with default settings. */
    public static PagerDutyNotifier of(Secret routingKey) {
        return builder(routingKey).build();
    }

    /** Starts a builder for the integration's {@code routingKey}. */
    public static Builder builder(Secret routingKey) {
        return new Builder(routingKey);
    }

    @Override
    public @Nullable String disabledReason() {
        return Checks.absence("routingKey", routingKey);
    }

    @Override
    public DeliveryResult deliver(Notification n) {
        if (n.kind().announcement()) {
            // Flapping news changes no state here: a resolve would close the group's incident
            // while other alerts still fire.
            return DeliveryResult.delivered();
        }
        boolean firing = n.status() == Notification.Status.FIRING;
        String dedupKey = n.dedupKey();
        if (firing) {
            Instant resolved = acceptedResolve(dedupKey);
            if (resolved != null && n.time().isBefore(resolved)) {
                // A trigger made before an accepted resolve is stale: sent now, it would open a
                // new incident for something already over. One made in the same millisecond
                // comes after it (a group's notifications are made in order): a new episode.
                return DeliveryResult.permanentFailure(
                        "trigger superseded: a later resolve for this dedup_key" + " was accepted");
            }
        }
        DeliveryResult result = post(endpoint, Map.of(), event(n), List.of(routingKey.reveal()));
        if (!firing && result instanceof DeliveryResult.Delivered) {
            recordResolve(dedupKey, n.time());
        }
        return result;
    }

    private @Nullable Instant acceptedResolve(String dedupKey) {
        synchronized (resolves) {
            return resolves.get(dedupKey);
        }
    }

    private void recordResolve(String dedupKey, Instant at) {
        synchronized (resolves) {
            resolves.merge(dedupKey, at, (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    /**
     * The event, at most {@link #MAX_EVENT_BYTES}: when the whole is too large, every text in
     * {@code custom_details} is cut (each cut ends with how many characters it left out), shorter
     * each round; only if that is not enough are the details left out, and the event says so.
     * Everything outside them is bounded on its own.
     */
    byte[] event(Notification n) {
        byte[] full = Json.write(g -> write(g, n, Integer.MAX_VALUE));
        if (full.length <= MAX_EVENT_BYTES) {
            return full;
        }
        for (int cap = FIRST_DETAIL_CAP; cap >= LAST_DETAIL_CAP; cap /= 4) {
            int limit = cap;
            byte[] trimmed = Json.write(g -> write(g, n, limit));
            if (trimmed.length <= MAX_EVENT_BYTES) {
                return trimmed;
            }
        }
        return Json.write(g -> write(g, n, NO_DETAILS));
    }

    private static final int FIRST_DETAIL_CAP = 128 * 1024;
    private static final int LAST_DETAIL_CAP = 128;
    private static final int NO_DETAILS = -1;
    /** Characters of the {@code group}, {@code class} and {@code source} fields. */
    static final int MAX_FIELD_CHARS = 1024;

    /** {@code cap}: characters per text in custom_details ({@link #NO_DETAILS}: none at all). */
    private void write(JsonGenerator g, Notification n, int cap) throws IOException {
        boolean firing = n.status() == Notification.Status.FIRING;
        g.writeStartObject();
        g.writeStringField("routing_key", routingKey.reveal());
        g.writeStringField("event_action", firing ? "trigger" : "resolve");
        g.writeStringField("dedup_key", Texts.truncate(n.dedupKey(), MAX_DEDUP_KEY_CHARS));
        if (firing) {
            g.writeStringField("client", client);
            if (!clientUrl.isEmpty()) {
                g.writeStringField("client_url", clientUrl);
            }
            g.writeObjectFieldStart("payload");
            g.writeStringField("summary", Texts.cut(n.title() + summarySuffix(n), MAX_SUMMARY_CHARS));
            g.writeStringField("source", Texts.cut(source, MAX_FIELD_CHARS));
            g.writeStringField("severity", n.severity() == Severity.CRITICAL ? "critical" : "warning");
            g.writeStringField("timestamp", n.time().toString());
            g.writeStringField("group", Texts.cut(n.groupKey(), MAX_FIELD_CHARS));
            g.writeStringField("class", Texts.cut(n.alerts().get(0).name(), MAX_FIELD_CHARS));
            g.writeObjectFieldStart("custom_details");
            if (cap == NO_DETAILS) {
                g.writeStringField("truncated", "details left out: the event exceeded " + MAX_EVENT_BYTES + " bytes");
            } else {
                if (cap != Integer.MAX_VALUE) {
                    g.writeStringField("truncated", "details cut to fit " + MAX_EVENT_BYTES + " bytes");
                }
                g.writeStringField("firing", Texts.cut(n.text(), cap));
                g.writeNumberField("num_firing", n.firing().size());
                g.writeNumberField("num_resolved", n.resolved().size());
                cutMap(g, "common_labels", n.commonLabels(), cap);
                cutMap(g, "common_annotations", n.commonAnnotations(), cap);
                Alert first = n.alerts().get(0);
                if (first.report() != null) {
                    g.writeStringField("report", Texts.cut(first.report().text(), cap));
                }
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void cutMap(JsonGenerator g, String field, Map<String, String> map, int cap) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(map).entrySet()) {
            g.writeStringField(Texts.cut(e.getKey(), cap), Texts.cut(e.getValue(), cap));
        }
        g.writeEndObject();
    }

    private static String summarySuffix(Notification n) {
        String summary = n.commonAnnotations().get("summary");
        return summary == null || summary.isBlank() ? "" : ": " + summary;
    }

    /**
     * Configures a {@link PagerDutyNotifier}.
     *
     * <pre>{@code
     * PagerDutyNotifier.builder(key).source("checkout-service").build();
     * }</pre>
     */
    public static final class Builder {
        private final Secret routingKey;
        private URI endpoint = DEFAULT_ENDPOINT;
        private String name = "pagerduty";
        private String source = defaultSource();
        private String client = "Vigil";
        private String clientUrl = "";
        private Duration timeout = Notifier.DEFAULT_TIMEOUT;

        private Builder(Secret routingKey) {
            this.routingKey = Objects.requireNonNull(routingKey, "routingKey");
        }

        private static String defaultSource() {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "vigil";
            }
        }

        /** The events endpoint (default PagerDuty's; tests point it at loopback). */
        public Builder endpoint(URI endpoint) {
            this.endpoint = Checks.requireHttpUri("endpoint", endpoint);
            return this;
        }

        /** The payload's {@code source} (default: the host name). */
        public Builder source(String source) {
            this.source = Checks.requireName(source);
            return this;
        }

        /** The event's {@code client} (default {@code Vigil}). */
        public Builder client(String client) {
            this.client = Checks.requireName(client);
            return this;
        }

        /** The event's {@code client_url}: a link back to the application. */
        public Builder clientUrl(String url) {
            this.clientUrl = Objects.requireNonNull(url, "clientUrl");
            return this;
        }

        /** The receiver name (default {@code pagerduty}). */
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
        public PagerDutyNotifier build() {
            return new PagerDutyNotifier(this);
        }
    }
}

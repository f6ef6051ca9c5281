package dev.vigil.notify.notifier;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.label.LabelNames;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * POSTs Alertmanager's webhook payload (version 4) to a URL, so any receiver written for
 * Alertmanager's {@code webhook_config} works unchanged. Extra headers (an {@code Authorization}
 * token) are secrets too.
 *
 * <pre>{@code
 * WebhookNotifier hook = WebhookNotifier.builder(Secret.fromEnv("HOOK_URL"))
 *         .header("Authorization", Secret.of("Bearer " + token))
 *         .build();
 * }</pre>
 */
public final class WebhookNotifier extends JsonHttpNotifier {

    private final Secret url;
    private final Map<String, Secret> headers;
    private final String externalUrl;
    private final String generatorUrl;
    private final int maxAlerts;
    private final NameCollisions collisions;

    private WebhookNotifier(Builder b) {
        super(b.name, b.timeout);
        this.url = b.url;
        this.headers = Map.copyOf(b.headers);
        this.externalUrl = b.externalUrl;
        this.generatorUrl = b.generatorUrl;
        this.maxAlerts = b.maxAlerts;
        this.collisions = new NameCollisions(b.name);
    }

    /** A webhook with default settings. */
    public static WebhookNotifier of(Secret url) {
        return builder(url).build();
    }

    /** Starts a builder for {@code url}. */
    public static Builder builder(Secret url) {
        return new Builder(url);
    }

    @Override
    public DeliveryResult deliver(Notification n) {
        if (n.kind().announcement()) {
            // Flapping news changes no state here: its receivers act on status as on Alertmanager's.
            return DeliveryResult.delivered();
        }
        return post(URI.create(url.reveal()), reveal(headers), payload(n));
    }

    @Override
    public @Nullable String disabledReason() {
        String reason = Checks.absence("url", url);
        for (Map.Entry<String, Secret> h : headers.entrySet()) {
            if (reason == null) {
                reason = Checks.absence("header " + h.getKey(), h.getValue());
            }
        }
        return reason;
    }

    static Map<String, String> reveal(Map<String, Secret> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> out.put(k, v.reveal()));
        return out;
    }

    /** The version 4 payload, at most {@code maxAlerts} alerts (the rest counted as truncated). */
    byte[] payload(Notification n) {
        int shown = Math.min(n.alerts().size(), maxAlerts);
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("version", "4");
            g.writeStringField("groupKey", n.groupKey());
            g.writeNumberField("truncatedAlerts", n.alerts().size() - shown);
            g.writeStringField("status", n.status().label());
            g.writeStringField("receiver", n.receiver());
            Json.stringMap(g, "groupLabels", LabelNames.forAlertmanager(n.groupLabels(), collisions::report));
            Json.stringMap(g, "commonLabels", LabelNames.forAlertmanager(n.commonLabels(), collisions::report));
            Json.stringMap(
                    g, "commonAnnotations", LabelNames.forAlertmanager(n.commonAnnotations(), collisions::report));
            g.writeStringField("externalURL", externalUrl);
            g.writeArrayFieldStart("alerts");
            for (Alert a : n.alerts().subList(0, shown)) {
                Json.webhookAlert(g, a, generatorUrl, collisions);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /**
     * Configures a {@link WebhookNotifier}.
     *
     * <pre>{@code
     * WebhookNotifier.builder(url).name("ops-hook").timeout(Duration.ofSeconds(5)).build();
     * }</pre>
     */
    public static final class Builder {
        private final Secret url;
        private final Map<String, Secret> headers = new LinkedHashMap<>();
        private String name = "webhook";
        private String externalUrl = "";
        private String generatorUrl = "";
        private int maxAlerts = 1000;
        private Duration timeout = Notifier.DEFAULT_TIMEOUT;

        private Builder(Secret url) {
            this.url = Objects.requireNonNull(url, "url");
            Checks.requireHttpUrl("url", url);
        }

        /** Adds a header sent with every request. */
        public Builder header(String name, String value) {
            return header(name, Secret.of(Objects.requireNonNull(value, "header value")));
        }

        /** Adds a header whose value is a secret. */
        public Builder header(String name, Secret value) {
            Objects.requireNonNull(name, "header name");
            // The JDK client refuses these, and Content-Type is the payload's own.
            if (name.isBlank()
                    || java.util.Set.of("content-type", "content-length", "host", "connection", "expect", "upgrade")
                            .contains(name.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("header name not allowed: '" + name + "'");
            }
            headers.put(name, Objects.requireNonNull(value, "header value"));
            return this;
        }

        /** The receiver name in logs and the payload (default {@code webhook}). */
        public Builder name(String name) {
            this.name = Checks.requireName(name);
            return this;
        }

        /**
         * The payload's {@code externalURL}, an absolute URI: where Alertmanager puts its own
         * address, a link back to the application (its status page). Empty by default.
         */
        public Builder externalUrl(String url) {
            this.externalUrl = Checks.requireUriOrEmpty("externalUrl", url);
            return this;
        }

        /** The alerts' {@code generatorURL}, an absolute URI (default empty). */
        public Builder generatorUrl(String url) {
            this.generatorUrl = Checks.requireUriOrEmpty("generatorUrl", url);
            return this;
        }

        /** Alerts per payload; the rest are counted in {@code truncatedAlerts} (default 1000). */
        public Builder maxAlerts(int maxAlerts) {
            if (maxAlerts < 1) {
                throw new IllegalArgumentException("maxAlerts must be >= 1: " + maxAlerts);
            }
            this.maxAlerts = maxAlerts;
            return this;
        }

        /** Per-attempt timeout (default 10 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = Checks.requireTimeout(timeout);
            return this;
        }

        /** Builds the notifier. */
        public WebhookNotifier build() {
            return new WebhookNotifier(this);
        }
    }
}

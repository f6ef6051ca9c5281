package dev.vigil.notify.notifier;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Opens and closes Opsgenie alerts through the Alert API v2: a firing group creates an alert whose
 * {@code alias} is the group's stable key ({@link Notification#dedupKey()}), so retries, repeats
 * and restarts add to one Opsgenie alert instead of opening new ones; a resolved group closes it
 * by that alias. The priority comes from the highest severity (critical P1, warning P3 unless
 * configured). Fields are cut to Opsgenie's limits with a visible marker: {@code message} 130
 * characters, {@code description} 15,000, 20 tags of 50, {@code details} 8,000 in all. The API
 * key is a {@link Secret} sent as {@code Authorization: GenieKey <key>}. A 429 waits for
 * {@code Retry-After} or Opsgenie's {@code X-RateLimit-Period-In-Sec}; 5xx retry; a 422 (and any
 * other 4xx) is permanent with Opsgenie's {@code message} as the reason.
 *
 * <pre>{@code
 * Route.where("severity", "critical").to(OpsgenieNotifier.builder(Secret.fromEnv("OPSGENIE_API_KEY"))
 *         .region(OpsgenieNotifier.Region.EU).build());
 * }</pre>
 */
public final class OpsgenieNotifier extends ChannelNotifier {

    /** Opsgenie's limit for {@code message}. */
    public static final int MAX_MESSAGE_CHARS = 130;
    /** Opsgenie's limit for {@code alias}. */
    public static final int MAX_ALIAS_CHARS = 512;
    /** Opsgenie's limit for {@code description}. */
    public static final int MAX_DESCRIPTION_CHARS = 15_000;
    /** Opsgenie's limit on tags. */
    public static final int MAX_TAGS = 20;
    /** Opsgenie's limit for one tag. */
    public static final int MAX_TAG_CHARS = 50;
    /** Opsgenie's limit for all {@code details} keys and values together. */
    public static final int MAX_DETAILS_CHARS = 8000;
    /** Opsgenie's limit for {@code source}. */
    public static final int MAX_SOURCE_CHARS = 100;
    /** Opsgenie's limit for a close request's {@code note}. */
    public static final int MAX_NOTE_CHARS = 25_000;

    private static final int MAX_DETAIL_VALUE_CHARS = 1000;

    /** Where the account lives: its API has one address per region. */
    public enum Region {
        /** {@code https://api.opsgenie.com}. */
        US("https://api.opsgenie.com"),
        /** {@code https://api.eu.opsgenie.com}. */
        EU("https://api.eu.opsgenie.com");

        private final URI endpoint;

        Region(String endpoint) {
            this.endpoint = URI.create(endpoint);
        }

        /** The region's API address. */
        public URI endpoint() {
            return endpoint;
        }
    }

    /** Opsgenie's alert priorities, P1 the highest. */
    public enum Priority {
        P1,
        P2,
        P3,
        P4,
        P5
    }

    private final Secret apiKey;
    private final URI endpoint;
    private final Map<Severity, Priority> priorities;
    private final String source;
    private final List<String> tags;

    private OpsgenieNotifier(Builder b) {
        super(b.name, b.timeout);
        this.apiKey = b.apiKey;
        this.endpoint = b.endpoint;
        this.priorities = new EnumMap<>(b.priorities);
        this.source = b.source;
        this.tags = List.copyOf(b.tags);
    }

    /** A notifier for a US account's API integration {@code apiKey}, named {@code opsgenie}. */
    public static OpsgenieNotifier of(Secret apiKey) {
        return builder(apiKey).build();
    }

    /** Starts a builder for the API integration's {@code apiKey}. */
    public static Builder builder(Secret apiKey) {
        return new Builder(apiKey);
    }

    @Override
    public DeliveryResult deliver(Notification n) {
        if (n.kind().announcement()) {
            // Flapping news changes no state here: a close would end the alert while others still fire.
            return DeliveryResult.delivered();
        }
        Map<String, String> auth = Map.of("Authorization", "GenieKey " + apiKey.reveal());
        String base = endpoint.toString().replaceAll("/+$", "") + "/v2/alerts";
        if (n.status() == Notification.Status.FIRING) {
            return http.post(URI.create(base), auth, create(n), this::classify);
        }
        URI close = URI.create(
                base + "/" + URLEncoder.encode(alias(n), StandardCharsets.UTF_8) + "/close?identifierType=alias");
        return http.post(close, auth, close(n), this::classify);
    }

    private DeliveryResult classify(ChannelHttp.Answer answer) {
        Optional<Duration> hint = answer.retryAfterHeader()
                .flatMap(ChannelHttp::retryAfter)
                .or(() -> ChannelHttp.seconds(answer.header("X-RateLimit-Period-In-Sec")));
        return ChannelHttp.classify(answer, answer.json("message"), hint, List.of(apiKey));
    }

    static String alias(Notification n) {
        return ChannelText.cut(n.dedupKey(), MAX_ALIAS_CHARS);
    }

    /** The priority for {@code severity}. */
    public Priority priority(Severity severity) {
        return priorities.get(severity);
    }

    byte[] create(Notification n) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("message", ChannelText.cut(n.title(), MAX_MESSAGE_CHARS));
            g.writeStringField("alias", alias(n));
            g.writeStringField("description", ChannelText.cut(description(n), MAX_DESCRIPTION_CHARS));
            g.writeStringField("source", ChannelText.cut(source, MAX_SOURCE_CHARS));
            g.writeStringField("priority", priorities.get(n.severity()).name());
            g.writeArrayFieldStart("tags");
            for (String tag : tags(n)) {
                g.writeString(tag);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("details");
            for (Map.Entry<String, String> e : details(n).entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    byte[] close(Notification n) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("source", ChannelText.cut(source, MAX_SOURCE_CHARS));
            g.writeStringField("note", ChannelText.cut(n.title() + "\n" + n.text(), MAX_NOTE_CHARS));
            g.writeEndObject();
        });
    }

    /** The plain text, then each alert's report: Opsgenie shows the description as typed. */
    private static String description(Notification n) {
        StringBuilder s = new StringBuilder(n.text());
        for (Alert a : n.alerts()) {
            if (s.length() > MAX_DESCRIPTION_CHARS) {
                break;
            }
            String labels = ChannelText.labelLine(a);
            if (!labels.isEmpty()) {
                s.append('\n').append(a.name()).append(": ").append(ChannelText.cut(labels, 2000));
            }
            if (a.report() != null) {
                s.append("\n\n").append(ChannelText.cut(a.report().text(), 4000));
            }
        }
        return s.toString();
    }

    /** The configured tags, then the severity and the common labels as {@code name:value}; 20 at most, 50 chars each. */
    private List<String> tags(Notification n) {
        List<String> out = new ArrayList<>();
        List<String> wanted = new ArrayList<>(tags);
        wanted.add("severity:" + n.severity().label());
        new TreeMap<>(n.commonLabels()).forEach((k, v) -> {
            if (!k.equals("severity")) {
                wanted.add(k + ":" + v);
            }
        });
        for (String tag : wanted) {
            if (out.size() == MAX_TAGS) {
                break;
            }
            String cut = ChannelText.cut(tag.strip(), MAX_TAG_CHARS);
            if (!cut.isEmpty() && !out.contains(cut)) {
                out.add(cut);
            }
        }
        return out;
    }

    /** Counts and the common labels, within the 8,000 characters Opsgenie allows for all of them. */
    private static Map<String, String> details(Notification n) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("firing", Integer.toString(n.firing().size()));
        out.put("resolved", Integer.toString(n.resolved().size()));
        out.put("group", ChannelText.cut(n.groupKey(), MAX_DETAIL_VALUE_CHARS));
        int used = out.entrySet().stream()
                .mapToInt(e -> e.getKey().length() + e.getValue().length())
                .sum();
        int skipped = 0;
        for (Map.Entry<String, String> label : new TreeMap<>(n.commonLabels()).entrySet()) {
            String key = ChannelText.cut(label.getKey(), 128);
            String value = ChannelText.cut(label.getValue(), MAX_DETAIL_VALUE_CHARS);
            // Room is kept for the note that says labels were left out.
            if (used + key.length() + value.length() > MAX_DETAILS_CHARS - 40 || out.containsKey(key)) {
                skipped++;
                continue;
            }
            used += key.length() + value.length();
            out.put(key, value);
        }
        if (skipped > 0) {
            out.put("truncated", skipped + " more label" + (skipped == 1 ? "" : "s"));
        }
        return out;
    }

    /**
     * Configures an {@link OpsgenieNotifier}.
     *
     * <pre>{@code
     * OpsgenieNotifier.builder(key).region(Region.EU).priority(Severity.WARNING, Priority.P4).tags("checkout").build();
     * }</pre>
     */
    public static final class Builder {
        private final Secret apiKey;
        private URI endpoint = Region.US.endpoint();
        private final Map<Severity, Priority> priorities =
                new EnumMap<>(Map.of(Severity.CRITICAL, Priority.P1, Severity.WARNING, Priority.P3));
        private String source = defaultSource();
        private List<String> tags = List.of();
        private String name = "opsgenie";
        private Duration timeout = Notifier.DEFAULT_TIMEOUT;

        private Builder(Secret apiKey) {
            this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        }

        private static String defaultSource() {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "vigil";
            }
        }

        /** The account's region (default {@link Region#US}). */
        public Builder region(Region region) {
            this.endpoint = Objects.requireNonNull(region, "region").endpoint();
            return this;
        }

        /** Another API address (a proxy; tests point it at loopback). */
        public Builder endpoint(URI endpoint) {
            this.endpoint = Checks.requireHttpUri("endpoint", endpoint);
            return this;
        }

        /** The priority for alerts whose highest severity is {@code severity}. */
        public Builder priority(Severity severity, Priority priority) {
            priorities.put(Objects.requireNonNull(severity, "severity"), Objects.requireNonNull(priority, "priority"));
            return this;
        }

        /** The alert's {@code source} (default: the host name), at most 100 characters. */
        public Builder source(String source) {
            Checks.requireName(source);
            if (source.length() > MAX_SOURCE_CHARS) {
                throw new IllegalArgumentException(
                        "source must be at most " + MAX_SOURCE_CHARS + " characters: " + source);
            }
            this.source = source;
            return this;
        }

        /** Tags put on every alert, before the severity and common labels. */
        public Builder tags(String... tags) {
            List<String> checked = new ArrayList<>();
            for (String tag : tags) {
                Objects.requireNonNull(tag, "tag");
                if (tag.isBlank() || tag.length() > MAX_TAG_CHARS) {
                    throw new IllegalArgumentException("tag must be 1 to " + MAX_TAG_CHARS + " characters: " + tag);
                }
                checked.add(tag);
            }
            this.tags = List.copyOf(checked);
            return this;
        }

        /** The receiver name (default {@code opsgenie}). */
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
        public OpsgenieNotifier build() {
            return new OpsgenieNotifier(this);
        }
    }
}

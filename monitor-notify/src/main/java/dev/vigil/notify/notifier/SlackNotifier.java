package dev.vigil.notify.notifier;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Posts to a Slack incoming webhook: a {@code text} fallback (what notifications show) and
 * {@code blocks}, one section per alert with a severity emoji. Text is escaped for mrkdwn
 * ({@code & < >}) and cut to Slack's limits (3,000 characters per section, 50 blocks, about
 * 40,000 characters in all) rather than rejected. Slack's 429 {@code Retry-After} is honoured by
 * the delivery worker.
 *
 * <pre>{@code
 * Route.all().to(SlackNotifier.of(Secret.fromEnv("SLACK_WEBHOOK_URL")));
 * SlackNotifier ops = SlackNotifier.builder(opsUrl).name("slack-ops").timeout(Duration.ofSeconds(5)).build();
 * }</pre>
 */
public final class SlackNotifier extends JsonHttpNotifier {

    /** Slack's limit for one section's text. */
    public static final int MAX_SECTION_CHARS = 3000;
    /** Slack's limit on blocks per message. */
    public static final int MAX_BLOCKS = 50;
    /** Vigil's cap for all text in one message, under Slack's 40,000. */
    public static final int MAX_TOTAL_CHARS = 38_000;

    private static final int MAX_FALLBACK_CHARS = 3000;

    private final Secret url;

    private SlackNotifier(Builder b) {
        super(b.name, b.timeout);
        this.url = b.url;
    }

    /** A notifier for the incoming webhook {@code url}, named {@code slack}, 10 s timeout. */
    public static SlackNotifier of(Secret url) {
        return builder(url).build();
    }

    /** Starts a builder for the incoming webhook {@code url}. */
    public static Builder builder(Secret url) {
        return new Builder(url);
    }

    @Override
    public DeliveryResult deliver(Notification n) {
        return post(URI.create(url.reveal()), Map.of(), payload(n));
    }

    @Override
    public @Nullable String disabledReason() {
        return Checks.absence("url", url);
    }

    byte[] payload(Notification n) {
        String fallback = Texts.truncate(Texts.slackEscape(n.title() + "\n" + n.text()), MAX_FALLBACK_CHARS);
        List<String> sections = new ArrayList<>();
        sections.add(Texts.truncate(emoji(n) + " *" + Texts.slackEscape(n.title()) + "*", MAX_SECTION_CHARS));
        int budget = MAX_TOTAL_CHARS - fallback.length() - sections.get(0).length();
        int shown = 0;
        for (Alert a : n.alerts()) {
            // Keep the last block for the "and N more" note.
            if (sections.size() >= MAX_BLOCKS - 1) {
                break;
            }
            String section = Texts.truncate(section(a), MAX_SECTION_CHARS);
            if (section.length() > budget) {
                break;
            }
            budget -= section.length();
            sections.add(section);
            shown++;
        }
        int hidden = n.alerts().size() - shown;
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("text", fallback);
            g.writeArrayFieldStart("blocks");
            for (String text : sections) {
                g.writeStartObject();
                g.writeStringField("type", "section");
                g.writeObjectFieldStart("text");
                g.writeStringField("type", "mrkdwn");
                g.writeStringField("text", text);
                g.writeEndObject();
                g.writeEndObject();
            }
            if (hidden > 0) {
                g.writeStartObject();
                g.writeStringField("type", "context");
                g.writeArrayFieldStart("elements");
                g.writeStartObject();
                g.writeStringField("type", "mrkdwn");
                g.writeStringField("text", "… and " + hidden + " more alert" + (hidden == 1 ? "" : "s"));
                g.writeEndObject();
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static String emoji(Notification n) {
        if (n.status() == Notification.Status.RESOLVED) {
            return ":white_check_mark:";
        }
        return n.severity() == Severity.CRITICAL ? ":rotating_light:" : ":warning:";
    }

    private static String section(Alert a) {
        boolean resolved = Notification.isResolved(a);
        String mark = resolved
                ? ":white_check_mark:"
                : a.severity() == Severity.CRITICAL ? ":red_circle:" : ":large_orange_circle:";
        StringBuilder s = new StringBuilder();
        s.append(mark)
                .append(" *")
                .append(Texts.slackEscape(a.name()))
                .append("* ")
                .append(resolved ? "resolved" : a.severity().label());
        String summary = a.annotations().get("summary");
        if (summary != null && !summary.isBlank()) {
            s.append("\n").append(Texts.slackEscape(summary));
        }
        String description = a.annotations().get("description");
        if (description != null && !description.isBlank()) {
            s.append("\n").append(Texts.slackEscape(description));
        }
        String labels = a.labels().entrySet().stream()
                .filter(e -> !e.getKey().equals("alertname") && !e.getKey().equals("severity"))
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        if (!labels.isEmpty()) {
            // Backticks cannot be escaped in mrkdwn: labels are shown plain.
            s.append("\n_").append(Texts.slackEscape(labels)).append('_');
        }
        return s.toString();
    }

    /**
     * Configures a {@link SlackNotifier}.
     *
     * <pre>{@code
     * SlackNotifier.builder(url).name("slack-ops").timeout(Duration.ofSeconds(5)).build();
     * }</pre>
     */
    public static final class Builder {
        private final Secret url;
        private String name = "slack";
        private Duration timeout = Notifier.DEFAULT_TIMEOUT;

        private Builder(Secret url) {
            this.url = Objects.requireNonNull(url, "url");
            Checks.requireHttpUrl("url", url);
        }

        /** The receiver name (default {@code slack}; one per channel when there are several). */
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
        public SlackNotifier build() {
            return new SlackNotifier(this);
        }
    }
}

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Posts an Adaptive Card to a Microsoft Teams channel or chat through a Workflows webhook (the
 * "post to a channel when a webhook request is received" flow; the retired Office 365 connector
 * format is not used). The card has the title, then one container per alert. Every text that
 * comes from an alert is a {@code TextRun} of a {@code RichTextBlock}, which Teams shows as typed:
 * no markdown, so a label cannot format or link, and no {@code <at>} mention, which only works
 * with {@code msteams.entities} (never sent). The whole request stays under 20,000 bytes (28 KB
 * is documented for the older connector webhooks, nothing for Workflows): long texts are cut
 * with "… [truncated]" and alerts that do not fit are counted in "… and N more alerts".
 * Resolved groups get a resolved card. 429 ({@code Retry-After}) and 5xx retry; other 4xx are
 * permanent with the flow's error code as the reason. The webhook URL carries a signature and is
 * a {@link Secret}.
 *
 * <pre>{@code
 * Route.all().to(TeamsNotifier.of(Secret.fromEnv("TEAMS_WORKFLOW_URL")));
 * }</pre>
 */
public final class TeamsNotifier extends ChannelNotifier {

    /** Vigil's bound for one request, under the 28 KB documented for connector webhooks. */
    public static final int MAX_PAYLOAD_BYTES = 20_000;

    private static final int MAX_TITLE_CHARS = 400;
    private static final int MAX_NAME_CHARS = 256;
    private static final int MAX_SUMMARY_CHARS = 1000;
    private static final int MAX_DESCRIPTION_CHARS = 2000;
    private static final int MAX_LABELS_CHARS = 1000;
    /** Bytes kept for the "and N more alerts" line. */
    private static final int RESERVE = 200;

    private final Secret url;

    private TeamsNotifier(Builder b) {
        super(b.name, b.timeout);
        this.url = b.url;
    }

    /** A notifier for the Workflows webhook {@code url}, named {@code teams}, 10 s timeout. */
    public static TeamsNotifier of(Secret url) {
        return builder(url).build();
    }

    /** Starts a builder for the Workflows webhook {@code url}. */
    public static Builder builder(Secret url) {
        return new Builder(url);
    }

    @Override
    public DeliveryResult deliver(Notification n) {
        return http.post(URI.create(url.reveal()), Map.of(), payload(n), this::classify);
    }

    private DeliveryResult classify(ChannelHttp.Answer answer) {
        Optional<String> reason = answer.json("error", "code")
                .map(code ->
                        answer.json("error", "message").map(m -> code + " " + m).orElse(code))
                .or(() -> answer.json("message"));
        return ChannelHttp.classify(answer, reason, Optional.empty(), List.of(url));
    }

    byte[] payload(Notification n) {
        String title = ChannelText.cut(ChannelText.mark(n) + " " + n.title(), MAX_TITLE_CHARS);
        String titleColor = n.status() == Notification.Status.RESOLVED
                ? "Good"
                : n.severity() == Severity.CRITICAL ? "Attention" : "Warning";
        int frame = card(title, titleColor, List.of(), "").length;
        int budget = MAX_PAYLOAD_BYTES - frame - RESERVE;
        List<String> containers = new ArrayList<>();
        for (Alert a : n.alerts()) {
            Optional<String> c = container(a, budget);
            if (c.isEmpty()) {
                break;
            }
            // +1 for the comma between array elements.
            budget -= c.get().getBytes(StandardCharsets.UTF_8).length + 1;
            containers.add(c.get());
        }
        int hidden = n.alerts().size() - containers.size();
        return card(title, titleColor, containers, hidden > 0 ? ChannelText.more(hidden) : "");
    }

    private static byte[] card(String title, String titleColor, List<String> containers, String more) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "message");
            g.writeArrayFieldStart("attachments");
            g.writeStartObject();
            g.writeStringField("contentType", "application/vnd.microsoft.card.adaptive");
            g.writeNullField("contentUrl");
            g.writeObjectFieldStart("content");
            g.writeStringField("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
            g.writeStringField("type", "AdaptiveCard");
            g.writeStringField("version", "1.4");
            g.writeObjectFieldStart("msteams");
            g.writeStringField("width", "Full");
            g.writeEndObject();
            g.writeArrayFieldStart("body");
            text(g, title, "Large", titleColor, true, false);
            for (String c : containers) {
                g.writeRawValue(c);
            }
            if (!more.isEmpty()) {
                text(g, more, null, null, false, true);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** The alert's container within {@code room} bytes: its texts shortened as needed, empty if it cannot fit. */
    private static Optional<String> container(Alert a, int room) {
        for (int shrink = 1; shrink <= 64; shrink *= 2) {
            int s = shrink;
            String json = new String(Json.write(g -> container(g, a, s)), StandardCharsets.UTF_8);
            if (json.getBytes(StandardCharsets.UTF_8).length <= room) {
                return Optional.of(json);
            }
        }
        return Optional.empty();
    }

    private static void container(JsonGenerator g, Alert a, int shrink) throws IOException {
        boolean resolved = Notification.isResolved(a);
        g.writeStartObject();
        g.writeStringField("type", "Container");
        g.writeBooleanField("separator", true);
        g.writeArrayFieldStart("items");
        g.writeStartObject();
        g.writeStringField("type", "RichTextBlock");
        g.writeArrayFieldStart("inlines");
        run(g, ChannelText.cut(a.name(), MAX_NAME_CHARS / shrink), null, null, true, false);
        run(
                g,
                " " + (resolved ? "resolved" : a.severity().label()),
                null,
                resolved ? "Good" : a.severity() == Severity.CRITICAL ? "Attention" : "Warning",
                true,
                false);
        g.writeEndArray();
        g.writeEndObject();
        String summary = ChannelText.annotation(a, "summary");
        if (!summary.isEmpty()) {
            text(g, ChannelText.cut(summary, MAX_SUMMARY_CHARS / shrink), null, null, false, false);
        }
        String description = ChannelText.annotation(a, "description");
        if (!description.isEmpty()) {
            text(g, ChannelText.cut(description, MAX_DESCRIPTION_CHARS / shrink), null, null, false, false);
        }
        String labels = ChannelText.labelLine(a);
        if (!labels.isEmpty()) {
            text(g, ChannelText.cut(labels, MAX_LABELS_CHARS / shrink), null, null, false, true);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** A RichTextBlock of one TextRun: text Teams shows as typed, without markdown. */
    private static void text(
            JsonGenerator g, String text, @Nullable String size, @Nullable String color, boolean bold, boolean subtle)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "RichTextBlock");
        g.writeArrayFieldStart("inlines");
        run(g, text, size, color, bold, subtle);
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void run(
            JsonGenerator g, String text, @Nullable String size, @Nullable String color, boolean bold, boolean subtle)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "TextRun");
        g.writeStringField("text", text);
        if (size != null) {
            g.writeStringField("size", size);
        }
        if (color != null) {
            g.writeStringField("color", color);
        }
        if (bold) {
            g.writeStringField("weight", "Bolder");
        }
        if (subtle) {
            g.writeBooleanField("isSubtle", true);
        }
        g.writeEndObject();
    }

    /**
     * Configures a {@link TeamsNotifier}.
     *
     * <pre>{@code
     * TeamsNotifier.builder(url).name("teams-ops").timeout(Duration.ofSeconds(5)).build();
     * }</pre>
     */
    public static final class Builder {
        private final Secret url;
        private String name = "teams";
        private Duration timeout = Notifier.DEFAULT_TIMEOUT;

        private Builder(Secret url) {
            this.url = Objects.requireNonNull(url, "url");
            Checks.requireHttpUrl("url", url);
        }

        /** The receiver name (default {@code teams}). */
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
        public TeamsNotifier build() {
            return new TeamsNotifier(this);
        }
    }
}

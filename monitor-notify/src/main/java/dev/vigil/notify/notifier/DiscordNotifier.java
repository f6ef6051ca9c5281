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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Posts to a Discord webhook: the title as the message's {@code content} and an embed per alert
 * (coloured by severity, its labels as fields). Text is escaped for Discord's markdown, so a
 * label can neither format, link nor mention, and {@code allowed_mentions} is empty, so even
 * unescaped text could ping no one. Discord's limits are kept, with a visible cut: content 2,000
 * characters, 10 embeds, title 256, description 4,096, 25 fields (name 256, value 1,024) and
 * 6,000 characters over all embeds; alerts that do not fit are counted in "… and N more alerts".
 * A 429's {@code retry_after} (seconds, in the JSON body) is honoured; the webhook URL carries
 * its token and is a {@link Secret}.
 *
 * <pre>{@code
 * Route.all().to(DiscordNotifier.of(Secret.fromEnv("DISCORD_WEBHOOK_URL")));
 * }</pre>
 */
public final class DiscordNotifier extends ChannelNotifier {

    /** Discord's limit for {@code content}. */
    public static final int MAX_CONTENT_CHARS = 2000;
    /** Discord's limit on embeds per message. */
    public static final int MAX_EMBEDS = 10;
    /** Discord's limit for an embed's title. */
    public static final int MAX_TITLE_CHARS = 256;
    /** Discord's limit for an embed's description. */
    public static final int MAX_DESCRIPTION_CHARS = 4096;
    /** Discord's limit on fields per embed. */
    public static final int MAX_FIELDS = 25;
    /** Discord's limit for a field's name. */
    public static final int MAX_FIELD_NAME_CHARS = 256;
    /** Discord's limit for a field's value. */
    public static final int MAX_FIELD_VALUE_CHARS = 1024;
    /** Discord's limit for all embed text of one message together. */
    public static final int MAX_EMBED_TOTAL_CHARS = 6000;

    /** With several alerts each gets a shorter description, so more of them are shown. */
    private static final int SHARED_DESCRIPTION_CHARS = 1024;
    /** Vigil shows at most this many labels per alert, each shortened: the rest is in the description's room. */
    private static final int LABEL_FIELDS = 10;

    private static final int LABEL_NAME_CHARS = 64;
    private static final int LABEL_VALUE_CHARS = 256;
    private static final int MIN_DESCRIPTION_CHARS = 64;
    private static final int RED = 0xE01E5A;
    private static final int ORANGE = 0xECB22E;
    private static final int GREEN = 0x2EB67D;
    private static final String MARKDOWN = "\\*_~`|<>[]()#-@";

    private final Secret url;
    private final String username;

    private DiscordNotifier(Builder b) {
        super(b.name, b.timeout);
        this.url = b.url;
        this.username = b.username;
    }

    /** A notifier for the webhook {@code url}, named {@code discord}, 10 s timeout. */
    public static DiscordNotifier of(Secret url) {
        return builder(url).build();
    }

    /** Starts a builder for the webhook {@code url} ({@code https://discord.com/api/webhooks/<id>/<token>}). */
    public static Builder builder(Secret url) {
        return new Builder(url);
    }

    @Override
    public DeliveryResult deliver(Notification n) {
        String hook = url.reveal();
        // wait=true: Discord answers once the message is stored, so a rejected one is reported.
        URI uri = URI.create(hook + (hook.contains("?") ? "&" : "?") + "wait=true");
        return http.post(uri, Map.of(), payload(n), this::classify);
    }

    private DeliveryResult classify(ChannelHttp.Answer answer) {
        Optional<String> reason = answer.json("message")
                .map(m -> answer.json("code").map(c -> m + " (code " + c + ")").orElse(m));
        return ChannelHttp.classify(answer, reason, ChannelHttp.seconds(answer.json("retry_after")), List.of(url));
    }

    private record Field(String name, String value) {}

    private record Embed(String title, String description, List<Field> fields, int color, Instant time) {

        int length() {
            return title.length()
                    + description.length()
                    + fields.stream()
                            .mapToInt(f -> f.name().length() + f.value().length())
                            .sum();
        }

        /** This embed within {@code room} chars: fields dropped from the end, then the description cut; empty if that leaves too little. */
        Optional<Embed> within(int room) {
            List<Field> kept = new ArrayList<>(fields);
            while (!kept.isEmpty() && new Embed(title, description, kept, color, time).length() > room) {
                kept.remove(kept.size() - 1);
            }
            int left = room - title.length();
            // A description cut to a stub says nothing: the alert is counted among those left out instead.
            if (left < 0 || (description.length() > left && left < MIN_DESCRIPTION_CHARS)) {
                return Optional.empty();
            }
            String cut = description.length() <= left
                    ? description
                    : ChannelText.cut(
                            description, left, markdown(left >= 200 ? ChannelText.CUT : ChannelText.ELLIPSIS));
            return Optional.of(new Embed(title, cut, kept, color, time));
        }
    }

    byte[] payload(Notification n) {
        List<Embed> embeds = new ArrayList<>();
        int budget = MAX_EMBED_TOTAL_CHARS;
        int descriptionChars = n.alerts().size() == 1 ? MAX_DESCRIPTION_CHARS : SHARED_DESCRIPTION_CHARS;
        for (Alert a : n.alerts()) {
            if (embeds.size() == MAX_EMBEDS) {
                break;
            }
            Optional<Embed> e = embed(a, descriptionChars).within(budget);
            if (e.isEmpty()) {
                break;
            }
            budget -= e.get().length();
            embeds.add(e.get());
        }
        int hidden = n.alerts().size() - embeds.size();
        String more = hidden > 0 ? "\n" + ChannelText.more(hidden) : "";
        String content = escape(ChannelText.mark(n) + " " + n.title(), MAX_CONTENT_CHARS - more.length()) + more;
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("content", content);
            if (!username.isEmpty()) {
                g.writeStringField("username", username);
            }
            g.writeArrayFieldStart("embeds");
            for (Embed e : embeds) {
                write(g, e);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("allowed_mentions");
            g.writeArrayFieldStart("parse");
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    private static void write(JsonGenerator g, Embed e) throws IOException {
        g.writeStartObject();
        g.writeStringField("title", e.title());
        if (!e.description().isEmpty()) {
            g.writeStringField("description", e.description());
        }
        g.writeNumberField("color", e.color());
        if (e.time() != null) {
            g.writeStringField("timestamp", e.time().toString());
        }
        if (!e.fields().isEmpty()) {
            g.writeArrayFieldStart("fields");
            for (Field f : e.fields()) {
                g.writeStartObject();
                g.writeStringField("name", f.name());
                g.writeStringField("value", f.value());
                g.writeBooleanField("inline", true);
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static Embed embed(Alert a, int descriptionChars) {
        boolean resolved = Notification.isResolved(a);
        String title = escape(
                ChannelText.mark(a) + " " + a.name() + " "
                        + (resolved ? "resolved" : a.severity().label()),
                MAX_TITLE_CHARS);
        String summary = ChannelText.annotation(a, "summary");
        String description = ChannelText.annotation(a, "description");
        String text = summary.isEmpty() ? description : description.isEmpty() ? summary : summary + "\n" + description;
        List<Field> fields = new ArrayList<>();
        for (Map.Entry<String, String> label : new TreeMap<>(a.labels()).entrySet()) {
            if (fields.size() == LABEL_FIELDS) {
                break;
            }
            if (label.getKey().equals("alertname")
                    || label.getKey().equals("severity")
                    || label.getValue().isEmpty()) {
                continue;
            }
            fields.add(
                    new Field(escape(label.getKey(), LABEL_NAME_CHARS), escape(label.getValue(), LABEL_VALUE_CHARS)));
        }
        Instant time = resolved ? a.resolvedAt() : a.firingSince() != null ? a.firingSince() : a.activeSince();
        return new Embed(
                title,
                escape(text, descriptionChars),
                fields,
                resolved ? GREEN : a.severity() == Severity.CRITICAL ? RED : ORANGE,
                time);
    }

    /**
     * Text for Discord's markdown, at most {@code max} chars: a backslash before every character
     * that formats, links, quotes or mentions ({@code \ * _ ~ ` | < > [ ] ( ) # - @}), so
     * {@code @everyone} and {@code <@123>} show as typed and ping no one.
     */
    static String escape(String raw, int max) {
        return ChannelText.escaped(raw, max, DiscordNotifier::markdown);
    }

    static String markdown(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (MARKDOWN.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * Configures a {@link DiscordNotifier}.
     *
     * <pre>{@code
     * DiscordNotifier.builder(url).username("Vigil").name("discord-ops").build();
     * }</pre>
     */
    public static final class Builder {
        private final Secret url;
        private String username = "";
        private String name = "discord";
        private Duration timeout = Notifier.DEFAULT_TIMEOUT;

        private Builder(Secret url) {
            this.url = Objects.requireNonNull(url, "url");
            Checks.requireHttpUrl("url", url);
        }

        /** The name the message is posted under (default: the webhook's own); 1 to 80 characters. */
        public Builder username(String username) {
            Objects.requireNonNull(username, "username");
            if (username.isBlank() || username.length() > 80) {
                throw new IllegalArgumentException("username must be 1 to 80 characters: " + username);
            }
            this.username = username;
            return this;
        }

        /** The receiver name (default {@code discord}). */
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
        public DiscordNotifier build() {
            return new DiscordNotifier(this);
        }
    }
}

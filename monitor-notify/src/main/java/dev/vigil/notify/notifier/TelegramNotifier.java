package dev.vigil.notify.notifier;

import dev.vigil.alerts.Alert;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sends a message to a Telegram chat through the Bot API's {@code sendMessage}, formatted with
 * Telegram's HTML subset: the title in bold, then one paragraph per alert. Text is escaped for
 * that subset ({@code & < > "}), {@code @name} is broken with a word joiner so no label mentions
 * anyone, and the message is kept within Telegram's 4,096 characters, cut with a visible
 * "… [truncated]" or "… and N more alerts". Resolved groups get a resolved message. A 429's
 * {@code parameters.retry_after} is honoured; a 400 or 403 is permanent with Telegram's
 * {@code description} as the reason. The bot token sits in the URL's path: it is a {@link Secret}
 * and never appears in a reason, a log line or {@code toString()}.
 *
 * <pre>{@code
 * Route.all().to(TelegramNotifier.of(Secret.fromEnv("TELEGRAM_BOT_TOKEN"), "-1001234567890"));
 * }</pre>
 */
public final class TelegramNotifier extends ChannelNotifier {

    /** The Bot API's address. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://api.telegram.org");
    /** Telegram's limit for a message's text after entity parsing. */
    public static final int MAX_MESSAGE_CHARS = 4096;

    private static final Pattern TOKEN = Pattern.compile("[0-9]+:[A-Za-z0-9_-]+");
    private static final Pattern CHAT_ID = Pattern.compile("-?[0-9]+|@[A-Za-z][A-Za-z0-9_]{3,31}");
    private static final Pattern MENTION = Pattern.compile("@(?=[A-Za-z0-9_])");
    private static final int MAX_TITLE_CHARS = 512;
    private static final int MAX_NAME_CHARS = 256;
    private static final int MAX_SUMMARY_CHARS = 1024;
    private static final int MAX_DESCRIPTION_CHARS = 1536;
    private static final int MAX_LABELS_CHARS = 512;
    /** Room kept for the "and N more alerts" line. */
    private static final int RESERVE = 48;

    private final Secret token;
    private final String chatId;
    private final URI endpoint;
    private final boolean silent;

    private TelegramNotifier(Builder b) {
        super(b.name, b.timeout);
        this.token = b.token;
        this.chatId = b.chatId;
        this.endpoint = b.endpoint;
        this.silent = b.silent;
    }

    /** A notifier for {@code chatId} through the bot with {@code botToken}, named {@code telegram}. */
    public static TelegramNotifier of(Secret botToken, String chatId) {
        return builder(botToken, chatId).build();
    }

    /**
     * Starts a builder. {@code chatId} is a chat's numeric id ({@code -1001234567890} for a
     * group) or a public channel's {@code @username}.
     */
    public static Builder builder(Secret botToken, String chatId) {
        return new Builder(botToken, chatId);
    }

    @Override
    public DeliveryResult deliver(Notification n) {
        URI uri = URI.create(endpoint.toString().replaceAll("/+$", "") + "/bot" + token.reveal() + "/sendMessage");
        return http.post(uri, Map.of(), payload(n), this::classify);
    }

    private DeliveryResult classify(ChannelHttp.Answer answer) {
        Optional<String> reason = answer.json("description")
                .map(d -> answer.json("parameters", "migrate_to_chat_id")
                        .map(id -> d + " (now chat " + id + ")")
                        .orElse(d));
        Optional<Duration> hint = ChannelHttp.seconds(answer.json("parameters", "retry_after"));
        return ChannelHttp.classify(answer, reason, hint, List.of(token));
    }

    byte[] payload(Notification n) {
        String text = message(n);
        return Json.write(g -> {
            g.writeStartObject();
            if (chatId.startsWith("@")) {
                g.writeStringField("chat_id", chatId);
            } else {
                g.writeNumberField("chat_id", Long.parseLong(chatId));
            }
            g.writeStringField("text", text);
            g.writeStringField("parse_mode", "HTML");
            g.writeObjectFieldStart("link_preview_options");
            g.writeBooleanField("is_disabled", true);
            g.writeEndObject();
            if (silent) {
                g.writeBooleanField("disable_notification", true);
            }
            g.writeEndObject();
        });
    }

    /** The HTML text: every piece escaped and cut before it is wrapped, so every tag is closed. */
    String message(Notification n) {
        StringBuilder out = new StringBuilder();
        out.append("<b>")
                .append(escape(ChannelText.mark(n) + " " + n.title(), MAX_TITLE_CHARS))
                .append("</b>");
        int budget = MAX_MESSAGE_CHARS - out.length() - RESERVE;
        int shown = 0;
        for (Alert a : n.alerts()) {
            String block = "\n\n" + block(a);
            if (block.length() > budget) {
                break;
            }
            budget -= block.length();
            out.append(block);
            shown++;
        }
        int hidden = n.alerts().size() - shown;
        if (hidden > 0) {
            out.append("\n\n<i>")
                    .append(escape(ChannelText.more(hidden), RESERVE))
                    .append("</i>");
        }
        return out.toString();
    }

    private static String block(Alert a) {
        boolean resolved = Notification.isResolved(a);
        StringBuilder s = new StringBuilder();
        s.append(ChannelText.mark(a))
                .append(" <b>")
                .append(escape(a.name(), MAX_NAME_CHARS))
                .append("</b> ")
                .append(resolved ? "resolved" : a.severity().label());
        String summary = ChannelText.annotation(a, "summary");
        if (!summary.isEmpty()) {
            s.append('\n').append(escape(summary, MAX_SUMMARY_CHARS));
        }
        String description = ChannelText.annotation(a, "description");
        if (!description.isEmpty()) {
            s.append('\n').append(escape(description, MAX_DESCRIPTION_CHARS));
        }
        String labels = ChannelText.labelLine(a);
        if (!labels.isEmpty()) {
            s.append("\n<i>").append(escape(labels, MAX_LABELS_CHARS)).append("</i>");
        }
        return s.toString();
    }

    /**
     * Text for Telegram's HTML subset, at most {@code max} chars: {@code & < > "} as the named
     * entities Telegram knows, and a word joiner after every {@code @} that starts a name, so no
     * label mentions (and notifies) a user. The cut comes first, on the raw text, so a 1 MB value
     * costs no more than {@code max}.
     */
    static String escape(String raw, int max) {
        return ChannelText.escaped(raw, max, TelegramNotifier::html);
    }

    static String html(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return MENTION.matcher(out).replaceAll("@\u2060");
    }

    /**
     * Configures a {@link TelegramNotifier}.
     *
     * <pre>{@code
     * TelegramNotifier.builder(token, "@ops_alerts").silent(true).name("telegram-ops").build();
     * }</pre>
     */
    public static final class Builder {
        private final Secret token;
        private final String chatId;
        private URI endpoint = DEFAULT_ENDPOINT;
        private boolean silent;
        private String name = "telegram";
        private Duration timeout = Notifier.DEFAULT_TIMEOUT;

        private Builder(Secret token, String chatId) {
            this.token = Objects.requireNonNull(token, "botToken");
            if (!TOKEN.matcher(token.reveal()).matches()) {
                throw new IllegalArgumentException("botToken must look like <bot id>:<secret> (value redacted)");
            }
            Objects.requireNonNull(chatId, "chatId");
            if (!CHAT_ID.matcher(chatId).matches() || (!chatId.startsWith("@") && !fitsALong(chatId))) {
                throw new IllegalArgumentException(
                        "chatId must be a numeric chat id or a channel's @username: " + chatId);
            }
            this.chatId = chatId;
        }

        private static boolean fitsALong(String digits) {
            try {
                Long.parseLong(digits);
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        /** The Bot API's address (default {@code https://api.telegram.org}; tests point it at loopback). */
        public Builder endpoint(URI endpoint) {
            this.endpoint = Checks.requireHttpUri("endpoint", endpoint);
            return this;
        }

        /** Sends without sound ({@code disable_notification}); default false. */
        public Builder silent(boolean silent) {
            this.silent = silent;
            return this;
        }

        /** The receiver name (default {@code telegram}). */
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
        public TelegramNotifier build() {
            return new TelegramNotifier(this);
        }
    }
}

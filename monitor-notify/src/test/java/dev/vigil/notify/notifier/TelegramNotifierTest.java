package dev.vigil.notify.notifier;

import static dev.vigil.notify.notifier.SampleNotifications.firing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Secret;
import dev.vigil.notify.testkit.TestAlerts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Telegram's Bot API {@code sendMessage}, checked as Telegram documents it: JSON with
 * {@code chat_id}, {@code text} and {@code parse_mode} {@code HTML}; the text within 4,096
 * characters after entity parsing, using only tags of Telegram's HTML subset, with {@code <}, {@code >},
 * {@code &} escaped elsewhere; 429 with {@code parameters.retry_after}.
 */
class TelegramNotifierTest {

    static final String TOKEN = "123456789:AAHsecretTelegramToken_0123456789-abc";
    static final String OK = "{\"ok\":true,\"result\":{\"message_id\":7}}";

    private final ChannelReceiver server = ChannelReceiver.start(200, OK);

    @AfterEach
    void stop() {
        server.close();
    }

    private TelegramNotifier.Builder telegram() {
        return TelegramNotifier.builder(Secret.of(TOKEN), "-1001234567890").endpoint(server.uri(""));
    }

    private String sentText() {
        return (String) server.only().json().get("text");
    }

    private static final Pattern TAG = Pattern.compile("<(/?)([a-z]+)>");
    private static final Pattern ENTITY = Pattern.compile("&(amp|lt|gt|quot);");

    /**
     * The text as Telegram's HTML parser sees it: only {@code <b>} and {@code <i>} tags, properly
     * nested; every other {@code <}, {@code >} and {@code &} escaped. Returns the visible text.
     */
    static String visibleTelegramText(String html) {
        Deque<String> open = new ArrayDeque<>();
        StringBuilder visible = new StringBuilder();
        int i = 0;
        Matcher tag = TAG.matcher(html);
        while (i < html.length()) {
            char c = html.charAt(i);
            if (c == '<') {
                assertThat(tag.find(i) && tag.start() == i)
                        .as("a tag of Telegram's subset at %d", i)
                        .isTrue();
                assertThat(Set.of("b", "i")).contains(tag.group(2));
                if (tag.group(1).isEmpty()) {
                    open.push(tag.group(2));
                } else {
                    assertThat(open.pop()).isEqualTo(tag.group(2));
                }
                i = tag.end();
            } else if (c == '&') {
                Matcher entity = ENTITY.matcher(html).region(i, html.length());
                assertThat(entity.lookingAt())
                        .as("a named entity Telegram knows at %d", i)
                        .isTrue();
                visible.append(
                        switch (entity.group(1)) {
                            case "amp" -> '&';
                            case "lt" -> '<';
                            case "gt" -> '>';
                            default -> '"';
                        });
                i = entity.end();
            } else {
                assertThat(c).isNotEqualTo('>');
                visible.append(c);
                i++;
            }
        }
        assertThat(open).as("unclosed tags").isEmpty();
        return visible.toString();
    }

    @Test
    void sendsAnHtmlMessageToTheChatThroughSendMessage() {
        Alert disk = TestAlerts.firing("DiskFull", Severity.CRITICAL, Map.of("mount", "/data"), "95% full");
        Alert heap = TestAlerts.firing("HeapHigh", Severity.WARNING, Map.of(), "heap 85%");

        DeliveryResult result = telegram().build().deliver(TestAlerts.notification("telegram", disk, heap));

        assertThat(result).isEqualTo(DeliveryResult.delivered());
        ChannelReceiver.Request request = server.only();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/bot" + TOKEN + "/sendMessage");
        assertThat(request.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        Map<String, Object> body = request.json();
        assertThat(body).containsOnlyKeys("chat_id", "text", "parse_mode", "link_preview_options");
        assertThat(((Number) body.get("chat_id")).longValue()).isEqualTo(-1001234567890L);
        assertThat(body)
                .containsEntry("parse_mode", "HTML")
                .containsEntry("link_preview_options", Map.of("is_disabled", true));
        String text = sentText();
        assertThat(text)
                .startsWith("<b>🚨 [FIRING:2] DiskFull</b>\n\n🔴 <b>DiskFull</b> critical\n95% full\n")
                .contains("<i>mount=/data</i>", "🟠 <b>HeapHigh</b> warning\nheap 85%");
        assertThat(visibleTelegramText(text)).hasSizeBetween(1, TelegramNotifier.MAX_MESSAGE_CHARS);
    }

    @Test
    void sendsAResolvedMessageWhenTheGroupResolves() {
        Alert disk = TestAlerts.resolved(
                TestAlerts.firing("DiskFull", Severity.CRITICAL, Map.of(), "95% full"),
                Instant.parse("2026-01-01T01:00:00Z"));

        telegram().build().deliver(TestAlerts.notification("telegram", disk));

        assertThat(sentText()).startsWith("<b>✅ [RESOLVED] DiskFull</b>\n\n✅ <b>DiskFull</b> resolved");
    }

    @Test
    void aChannelUsernameAndSilentDeliveryAreSentAsTelegramNamesThem() {
        TelegramNotifier.builder(Secret.of(TOKEN), "@ops_alerts")
                .endpoint(server.uri(""))
                .silent(true)
                .build()
                .deliver(firing("Quiet", "x"));

        assertThat(server.only().json())
                .containsEntry("chat_id", "@ops_alerts")
                .containsEntry("disable_notification", true);
    }

    @Test
    void hostileLabelsAreShownAsTypedAndMentionNoOne() {
        assertThat(telegram().build().deliver(Hostile.notification())).isEqualTo(DeliveryResult.delivered());

        String text = sentText();
        String visible = visibleTelegramText(text);
        assertThat(text.length()).isLessThanOrEqualTo(TelegramNotifier.MAX_MESSAGE_CHARS);
        assertThat(visible)
                .contains(
                        Hostile.SCRIPT,
                        "[click me](http://evil.example/x)",
                        "<@\u2060123>",
                        "*bold*",
                        "<at>Alice</at>",
                        "link=[click me]",
                        "script=<script>",
                        "huge=vvv")
                .contains(ChannelText.CUT);
        assertThat(text).doesNotContain("<script", "<at>");
        // Telegram links @name to the user it names (and notifies them): a word joiner breaks that.
        assertThat(visible).doesNotContainPattern("@[A-Za-z0-9_]").contains("@\u2060everyone");
    }

    @Test
    void aOneMebibyteAlertNameIsCutWithAVisibleMarker() {
        telegram().build().deliver(Hostile.hugeName());

        String text = sentText();
        assertThat(text.length()).isLessThanOrEqualTo(TelegramNotifier.MAX_MESSAGE_CHARS);
        assertThat(visibleTelegramText(text)).startsWith("⚠️ [FIRING:1] vvv").contains("v" + ChannelText.CUT);
    }

    @Test
    void aStormIsCutTo4096CharactersEndingWithHowManyAlertsAreMissing() {
        telegram().build().deliver(Hostile.storm(200));

        String text = sentText();
        String visible = visibleTelegramText(text);
        assertThat(text.length()).isLessThanOrEqualTo(TelegramNotifier.MAX_MESSAGE_CHARS);
        int shown = visible.split("🟠 Storm warning", -1).length - 1;
        assertThat(shown).isPositive();
        assertThat(visible).endsWith("… and " + (200 - shown) + " more alerts");
    }

    @Test
    void a429WaitsForTelegramsRetryAfter() {
        server.respond(
                429,
                Map.of(),
                "{\"ok\":false,\"error_code\":429,"
                        + "\"description\":\"Too Many Requests: retry after 35\",\"parameters\":{\"retry_after\":35}}");

        DeliveryResult result = telegram().build().deliver(firing("Busy", "x"));

        assertThat(result)
                .isEqualTo(DeliveryResult.retryAfter(
                        "HTTP 429: Too Many Requests: retry after 35", Duration.ofSeconds(35)));
    }

    @Test
    void a5xxIsRetried() {
        server.respond(502, Map.of(), "{\"ok\":false,\"error_code\":502,\"description\":\"Bad Gateway\"}");

        DeliveryResult result = telegram().build().deliver(firing("Down", "x"));

        assertThat(result).isEqualTo(DeliveryResult.retry("HTTP 502: Bad Gateway"));
    }

    @Test
    void anUnknownChatIsPermanentWithTelegramsDescription() {
        server.respond(
                400, Map.of(), "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}");

        DeliveryResult result = telegram().build().deliver(firing("Lost", "x"));

        assertThat(result).isEqualTo(DeliveryResult.permanentFailure("HTTP 400: Bad Request: chat not found"));
    }

    @Test
    void aGroupUpgradedToASupergroupNamesItsNewChatId() {
        server.respond(
                400,
                Map.of(),
                "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: group chat was "
                        + "upgraded to a supergroup chat\",\"parameters\":{\"migrate_to_chat_id\":-1009876543210}}");

        DeliveryResult result = telegram().build().deliver(firing("Moved", "x"));

        assertThat(result)
                .isEqualTo(
                        DeliveryResult.permanentFailure(
                                "HTTP 400: Bad Request: group chat was upgraded to a supergroup chat (now chat -1009876543210)"));
    }

    @Test
    void theTokenAppearsInNoReasonEvenWhenTheServerEchoesTheUrl() {
        String path = "/bot" + TOKEN + "/sendMessage";
        server.respond(
                401, Map.of(), "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized " + path + "\"}");
        server.respond(503, Map.of(), "{\"ok\":false,\"description\":\"down at http://127.0.0.1" + path + "\"}");
        TelegramNotifier notifier = telegram().build();

        DeliveryResult unauthorized = notifier.deliver(firing("Secret", "x"));
        DeliveryResult down = notifier.deliver(firing("Secret", "x"));

        String secretPart = TOKEN.substring(TOKEN.indexOf(':') + 1);
        assertThat(unauthorized).isInstanceOf(DeliveryResult.PermanentFailure.class);
        assertThat(unauthorized.toString()).contains("HTTP 401: Unauthorized").doesNotContain(secretPart);
        assertThat(down).isInstanceOf(DeliveryResult.Retry.class);
        assertThat(down.toString()).doesNotContain(secretPart);
        assertThat(notifier.toString()).isEqualTo("TelegramNotifier[telegram]");
    }

    @Test
    void theBuilderRejectsABadTokenWithoutQuotingItAndABadChatIdQuotingIt() {
        assertThatThrownBy(() -> TelegramNotifier.builder(Secret.of("not a token s3cr3t"), "1"))
                .hasMessage("botToken must look like <bot id>:<secret> (value redacted)");
        assertThatThrownBy(() -> TelegramNotifier.builder(Secret.of(TOKEN), "ops chat"))
                .hasMessage("chatId must be a numeric chat id or a channel's @username: ops chat");
        assertThatThrownBy(() -> TelegramNotifier.builder(Secret.of(TOKEN), "-99999999999999999999"))
                .hasMessage("chatId must be a numeric chat id or a channel's @username: -99999999999999999999");
    }
}

package dev.vigil.notify.notifier;

import static dev.vigil.notify.notifier.SampleNotifications.firing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Secret;
import dev.vigil.notify.testkit.TestAlerts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Discord's webhook execution, checked against Discord's documented limits: content 2,000
 * characters, 10 embeds, title 256, description 4,096, 25 fields (name 256, value 1,024), 6,000
 * characters over all embeds; {@code allowed_mentions} with an empty {@code parse}; 429 with
 * {@code retry_after} in seconds in the JSON body.
 */
class DiscordNotifierTest {

    static final String HOOK_PATH = "/api/webhooks/1234567890/s3cr3tDiscordWebhookToken_abcdef";

    private final ChannelReceiver server = ChannelReceiver.start(200, "{\"id\":\"1\",\"type\":0,\"content\":\"\"}");

    @AfterEach
    void stop() {
        server.close();
    }

    private DiscordNotifier discord() {
        return DiscordNotifier.of(Secret.of(server.uri(HOOK_PATH).toString()));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> embeds(Map<String, Object> body) {
        return (List<Map<String, Object>>) body.get("embeds");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> fields(Map<String, Object> embed) {
        return (List<Map<String, Object>>) embed.getOrDefault("fields", List.of());
    }

    /** Every documented limit of a webhook message, and no mention allowed. Returns the body. */
    private Map<String, Object> sentWithinDiscordsLimits() {
        Map<String, Object> body = server.only().json();
        assertThat(body).containsEntry("allowed_mentions", Map.of("parse", List.of()));
        assertThat((String) body.get("content")).hasSizeBetween(1, DiscordNotifier.MAX_CONTENT_CHARS);
        List<Map<String, Object>> embeds = embeds(body);
        assertThat(embeds).hasSizeBetween(1, DiscordNotifier.MAX_EMBEDS);
        int total = 0;
        for (Map<String, Object> e : embeds) {
            String title = (String) e.get("title");
            String description = (String) e.getOrDefault("description", "");
            assertThat(title).hasSizeBetween(1, DiscordNotifier.MAX_TITLE_CHARS);
            assertThat(description).hasSizeLessThanOrEqualTo(DiscordNotifier.MAX_DESCRIPTION_CHARS);
            assertThat(((Number) e.get("color")).intValue()).isBetween(0, 0xFFFFFF);
            total += title.length() + description.length();
            assertThat(fields(e)).hasSizeLessThanOrEqualTo(DiscordNotifier.MAX_FIELDS);
            for (Map<String, Object> f : fields(e)) {
                assertThat((String) f.get("name")).hasSizeBetween(1, DiscordNotifier.MAX_FIELD_NAME_CHARS);
                assertThat((String) f.get("value")).hasSizeBetween(1, DiscordNotifier.MAX_FIELD_VALUE_CHARS);
                total += ((String) f.get("name")).length() + ((String) f.get("value")).length();
            }
        }
        assertThat(total).isLessThanOrEqualTo(DiscordNotifier.MAX_EMBED_TOTAL_CHARS);
        return body;
    }

    private static final String MARKDOWN = "\\*_~`|<>[]()#-@";

    /** Every character that formats, links or mentions in Discord is escaped; returns the text as shown. */
    static String shownByDiscord(String text) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                assertThat(i + 1).as("a lone backslash at the end").isLessThan(text.length());
                assertThat(MARKDOWN).contains(String.valueOf(text.charAt(i + 1)));
                shown.append(text.charAt(++i));
            } else {
                assertThat(MARKDOWN).as("unescaped %s at %d", c, i).doesNotContain(String.valueOf(c));
                shown.append(c);
            }
        }
        return shown.toString();
    }

    @Test
    void postsTheTitleAndAnEmbedPerAlertWithItsLabelsAsFields() {
        Alert disk = TestAlerts.firing("DiskFull", Severity.CRITICAL, Map.of("mount", "/data"), "95% full");
        Alert heap = TestAlerts.firing("HeapHigh", Severity.WARNING, Map.of(), "heap 85%");

        assertThat(discord().deliver(TestAlerts.notification("discord", disk, heap)))
                .isEqualTo(DeliveryResult.delivered());

        ChannelReceiver.Request request = server.only();
        assertThat(request.path()).isEqualTo(HOOK_PATH);
        assertThat(request.query()).isEqualTo("wait=true");
        assertThat(request.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        Map<String, Object> body = sentWithinDiscordsLimits();
        assertThat(body).containsOnlyKeys("content", "embeds", "allowed_mentions");
        assertThat(shownByDiscord((String) body.get("content"))).isEqualTo("🚨 [FIRING:2] DiskFull");
        List<Map<String, Object>> embeds = embeds(body);
        assertThat(embeds).hasSize(2);
        assertThat(shownByDiscord((String) embeds.get(0).get("title"))).isEqualTo("🔴 DiskFull critical");
        assertThat(shownByDiscord((String) embeds.get(0).get("description"))).startsWith("95% full\nDiskFull on ");
        assertThat(embeds.get(0)).containsEntry("color", 0xE01E5AL).containsEntry("timestamp", "2026-01-01T00:00:00Z");
        assertThat(fields(embeds.get(0))).containsExactly(Map.of("name", "mount", "value", "/data", "inline", true));
        assertThat(shownByDiscord((String) embeds.get(1).get("title"))).isEqualTo("🟠 HeapHigh warning");
        assertThat(embeds.get(1)).containsEntry("color", 0xECB22EL);
    }

    @Test
    void sendsAResolvedMessageWhenTheGroupResolves() {
        Alert disk = TestAlerts.resolved(
                TestAlerts.firing("DiskFull", Severity.CRITICAL, Map.of(), "95% full"),
                Instant.parse("2026-01-01T01:00:00Z"));

        discord().deliver(TestAlerts.notification("discord", disk));

        Map<String, Object> body = sentWithinDiscordsLimits();
        assertThat(shownByDiscord((String) body.get("content"))).isEqualTo("✅ [RESOLVED] DiskFull");
        assertThat(embeds(body).get(0))
                .containsEntry("color", 0x2EB67DL)
                .containsEntry("timestamp", "2026-01-01T01:00:00Z");
        assertThat(shownByDiscord((String) embeds(body).get(0).get("title"))).isEqualTo("✅ DiskFull resolved");
    }

    @Test
    void hostileLabelsAreEscapedSoTheyNeitherFormatLinkNorPing() {
        assertThat(discord().deliver(Hostile.notification())).isEqualTo(DeliveryResult.delivered());

        Map<String, Object> body = sentWithinDiscordsLimits();
        Map<String, Object> embed = embeds(body).get(0);
        String description = shownByDiscord((String) embed.get("description"));
        assertThat(description)
                .startsWith(Hostile.SCRIPT + " " + Hostile.EVERYONE + " " + Hostile.USER + " " + Hostile.LINK)
                .endsWith("v" + ChannelText.CUT);
        Map<String, String> shownFields = new java.util.TreeMap<>();
        for (Map<String, Object> f : fields(embed)) {
            shownFields.put(shownByDiscord((String) f.get("name")), shownByDiscord((String) f.get("value")));
        }
        assertThat(shownFields)
                .containsEntry("ping", Hostile.EVERYONE)
                .containsEntry("user", Hostile.USER)
                .containsEntry("link", Hostile.LINK)
                .containsEntry("script", Hostile.SCRIPT);
        assertThat(shownFields.get("huge")).startsWith("vvv").endsWith("v" + ChannelText.CUT);
        // Escaped, so Discord shows them as typed: no @everyone and no <@123> as Discord parses them.
        assertThat(server.only().body()).doesNotContain("\"@everyone", " @everyone", "<@123>", "](http");
    }

    @Test
    void aOneMebibyteAlertNameIsCutToTheTitleLimits() {
        discord().deliver(Hostile.hugeName());

        Map<String, Object> body = sentWithinDiscordsLimits();
        // the title reaches the notifier already cut to one bounded line; Discord's own cut is for its shorter title
        assertThat(shownByDiscord((String) body.get("content")))
                .startsWith("⚠️ [FIRING:1] vvv")
                .endsWith(" more characters]");
        assertThat((String) body.get("content")).hasSizeLessThanOrEqualTo(DiscordNotifier.MAX_CONTENT_CHARS);
        assertThat((String) embeds(body).get(0).get("title")).hasSize(DiscordNotifier.MAX_TITLE_CHARS);
        assertThat(shownByDiscord((String) embeds(body).get(0).get("title")))
                .startsWith("🟠 vvv")
                .endsWith("v" + ChannelText.CUT);
    }

    @Test
    void aStormKeeps6000CharactersAndTenEmbedsAndCountsTheRest() {
        discord().deliver(Hostile.storm(200));

        Map<String, Object> body = sentWithinDiscordsLimits();
        int shown = embeds(body).size();
        assertThat(shown).isBetween(2, DiscordNotifier.MAX_EMBEDS);
        assertThat((String) body.get("content")).endsWith("\n… and " + (200 - shown) + " more alerts");
    }

    @Test
    void oneAlertMayUseTheWholeDescriptionButNotMoreThan6000InAll() {
        List<Alert> alerts = new ArrayList<>();
        Map<String, String> labels = new java.util.TreeMap<>();
        for (int i = 0; i < 30; i++) {
            labels.put("label" + i, "x".repeat(2000));
        }
        alerts.add(TestAlerts.withAnnotations(
                TestAlerts.firing("Wide", Severity.WARNING, labels, "s"),
                Map.of("summary", "s", "description", "d".repeat(10_000))));
        Notification n = TestAlerts.notification("discord", alerts);

        discord().deliver(n);

        Map<String, Object> embed = embeds(sentWithinDiscordsLimits()).get(0);
        assertThat((String) embed.get("description")).hasSize(DiscordNotifier.MAX_DESCRIPTION_CHARS);
        assertThat(shownByDiscord((String) embed.get("description")))
                .startsWith("s\nddd")
                .endsWith("d" + ChannelText.CUT);
        assertThat(fields(embed)).isNotEmpty();
    }

    @Test
    void a429WaitsForDiscordsRetryAfterFromTheBody() {
        server.respond(
                429,
                Map.of("Retry-After", "65"),
                "{\"message\":\"You are being rate limited.\",\"retry_after\":64.57,\"global\":false}");

        DeliveryResult result = discord().deliver(firing("Busy", "x"));

        assertThat(result)
                .isEqualTo(
                        DeliveryResult.retryAfter("HTTP 429: You are being rate limited.", Duration.ofMillis(64_570)));
    }

    @Test
    void a5xxIsRetried() {
        server.respond(503, Map.of(), "");

        assertThat(discord().deliver(firing("Down", "x"))).isEqualTo(DeliveryResult.retry("HTTP 503"));
    }

    @Test
    void anUnknownWebhookIsPermanentWithDiscordsMessageAndCode() {
        server.respond(404, Map.of(), "{\"message\":\"Unknown Webhook\",\"code\":10015}");

        assertThat(discord().deliver(firing("Gone", "x")))
                .isEqualTo(DeliveryResult.permanentFailure("HTTP 404: Unknown Webhook (code 10015)"));
    }

    @Test
    void theWebhookTokenAppearsInNoReasonEvenWhenTheServerEchoesIt() {
        server.respond(400, Map.of(), "{\"message\":\"Invalid Form Body for " + HOOK_PATH + "\",\"code\":50035}");

        DeliveryResult result = discord().deliver(firing("Secret", "x"));

        assertThat(result.toString())
                .contains("HTTP 400: Invalid Form Body for")
                .doesNotContain("s3cr3tDiscordWebhookToken_abcdef");
        assertThat(discord().toString()).isEqualTo("DiscordNotifier[discord]");
    }

    @Test
    void aUsernameIsSentAndValidated() {
        DiscordNotifier.builder(Secret.of(server.uri(HOOK_PATH).toString()))
                .username("Vigil")
                .build()
                .deliver(firing("U", "x"));

        assertThat(server.only().json()).containsEntry("username", "Vigil");
        assertThatThrownBy(() -> DiscordNotifier.builder(
                                Secret.of(server.uri(HOOK_PATH).toString()))
                        .username("x".repeat(81)))
                .hasMessageStartingWith("username must be 1 to 80 characters: xxx");
    }
}

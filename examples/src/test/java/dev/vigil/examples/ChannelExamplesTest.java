package dev.vigil.examples;

import static dev.vigil.examples.ExamplesRunTest.args;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The {@code opsgenie}, {@code teams}, {@code telegram} and {@code discord} examples, run with {@code --dry-run}. */
class ChannelExamplesTest {

    @Test
    @SuppressWarnings("unchecked")
    void opsgenieDryRunPrintsACreateThenAClose() throws Exception {
        Run run = Run.of(args("opsgenie", "--dry-run", "--region", "eu"));

        assertThat(run.code()).as(run.err()).isZero();
        List<String> payloads = run.dryRunPayloads();
        assertThat(payloads).as(run.out()).hasSize(2);
        Map<String, Object> create = JsonValues.object(payloads.get(0));
        Map<String, Object> close = JsonValues.object(payloads.get(1));
        assertThat(create)
                .containsEntry("message", "[FIRING:1] " + ExamplesRunTest.RULE)
                .containsEntry("priority", "P3")
                .containsEntry("source", "vigil-examples")
                .containsKeys("description", "tags", "details");
        assertThat((String) create.get("alias")).matches("[0-9a-f]{64}");
        assertThat((List<Object>) create.get("tags")).contains("severity:warning");
        assertThat(close).containsOnlyKeys("source", "note");
        assertThat((String) close.get("note")).startsWith("[RESOLVED] " + ExamplesRunTest.RULE);
    }

    @Test
    @SuppressWarnings("unchecked")
    void teamsDryRunPrintsTwoAdaptiveCards() throws Exception {
        Run run = Run.of(args("teams", "--dry-run"));

        assertThat(run.code()).as(run.err()).isZero();
        List<String> payloads = run.dryRunPayloads();
        assertThat(payloads).as(run.out()).hasSize(2);
        assertThat(run.out()).contains("dry-run: would send to Teams (POST, application/json; charset=utf-8):");
        List<String> titles = new java.util.ArrayList<>();
        for (String payload : payloads) {
            Map<String, Object> message = JsonValues.object(payload);
            assertThat(message).containsEntry("type", "message");
            Map<String, Object> attachment = (Map<String, Object>) ((List<Object>) message.get("attachments")).get(0);
            assertThat(attachment).containsEntry("contentType", "application/vnd.microsoft.card.adaptive");
            Map<String, Object> card = (Map<String, Object>) attachment.get("content");
            assertThat(card).containsEntry("type", "AdaptiveCard");
            Map<String, Object> first = (Map<String, Object>) ((List<Object>) card.get("body")).get(0);
            titles.add((String) ((Map<String, Object>) ((List<Object>) first.get("inlines")).get(0)).get("text"));
        }
        assertThat(titles)
                .containsExactly("⚠️ [FIRING:1] " + ExamplesRunTest.RULE, "✅ [RESOLVED] " + ExamplesRunTest.RULE);
    }

    @Test
    void telegramDryRunPrintsTwoHtmlMessages() throws Exception {
        Run run = Run.of(args("telegram", "--dry-run"));

        assertThat(run.code()).as(run.err()).isZero();
        List<String> payloads = run.dryRunPayloads();
        assertThat(payloads).as(run.out()).hasSize(2);
        Map<String, Object> firing = JsonValues.object(payloads.get(0));
        Map<String, Object> resolved = JsonValues.object(payloads.get(1));
        assertThat(firing).containsEntry("parse_mode", "HTML").containsKey("chat_id");
        assertThat(((Number) firing.get("chat_id")).longValue()).isEqualTo(-1001234567890L);
        assertThat((String) firing.get("text"))
                .startsWith("<b>⚠️ [FIRING:1] " + ExamplesRunTest.RULE + "</b>")
                .contains("threshold &gt; 0.5");
        assertThat((String) resolved.get("text")).startsWith("<b>✅ [RESOLVED] " + ExamplesRunTest.RULE + "</b>");
        assertThat(run.out()).doesNotContain("dry-run-token");
    }

    @Test
    @SuppressWarnings("unchecked")
    void discordDryRunPrintsTwoMessagesThatMentionNoOne() throws Exception {
        Run run = Run.of(args("discord", "--dry-run"));

        assertThat(run.code()).as(run.err()).isZero();
        List<String> payloads = run.dryRunPayloads();
        assertThat(payloads).as(run.out()).hasSize(2);
        String rule = ExamplesRunTest.RULE.replace("-", "\\-");
        Map<String, Object> firing = JsonValues.object(payloads.get(0));
        Map<String, Object> resolved = JsonValues.object(payloads.get(1));
        assertThat(firing)
                .containsEntry("allowed_mentions", Map.of("parse", List.of()))
                .containsEntry("content", "⚠️ \\[FIRING:1\\] " + rule);
        assertThat(resolved).containsEntry("content", "✅ \\[RESOLVED\\] " + rule);
        Map<String, Object> embed = (Map<String, Object>) ((List<Object>) firing.get("embeds")).get(0);
        assertThat((String) embed.get("description")).contains("threshold \\> 0.5");
    }

    @Test
    void withoutTheirSecretsTheyExplainWhereToPutThem() {
        Map<String, String> expected = Map.of(
                "opsgenie", "--api-key is required (or set VIGIL_OPSGENIE_API_KEY)",
                "teams", "--webhook-url is required (or set VIGIL_TEAMS_WEBHOOK_URL)",
                "telegram", "--bot-token is required (or set VIGIL_TELEGRAM_BOT_TOKEN)",
                "discord", "--webhook-url is required (or set VIGIL_DISCORD_WEBHOOK_URL)");
        for (String variable : List.of(
                "VIGIL_OPSGENIE_API_KEY",
                "VIGIL_TEAMS_WEBHOOK_URL",
                "VIGIL_TELEGRAM_BOT_TOKEN",
                "VIGIL_DISCORD_WEBHOOK_URL")) {
            Assumptions.assumeTrue(System.getenv(variable) == null, variable + " is set");
        }
        expected.forEach((example, message) -> {
            Run run = Run.of(example);
            assertThat(run.code()).isEqualTo(2);
            assertThat(run.errLines().get(0)).isEqualTo("vigil-examples " + example + ": " + message);
        });
    }

    @Test
    void aBadTelegramTokenIsAUsageErrorThatDoesNotQuoteIt() {
        Run run = Run.of("telegram", "--bot-token", "s3cr3t-without-bot-id", "--chat-id", "42");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.errLines().get(0))
                .isEqualTo("vigil-examples telegram: botToken must look like <bot id>:<secret> (value redacted)");
        assertThat(run.err() + run.out()).doesNotContain("s3cr3t");
    }

    @Test
    void aBadOpsgenieRegionIsAUsageError() {
        Run run = Run.of("opsgenie", "--api-key", "k", "--region", "apac");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.errLines().get(0)).isEqualTo("vigil-examples opsgenie: --region takes us or eu, got 'apac'");
    }
}

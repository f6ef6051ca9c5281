package dev.vigil.notify.notifier;

import static dev.vigil.notify.notifier.SampleNotifications.firing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Secret;
import dev.vigil.notify.testkit.TestAlerts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Teams Workflows webhook, checked as Microsoft documents the request: a {@code message} with one
 * attachment of content type {@code application/vnd.microsoft.card.adaptive} whose content is an
 * {@code AdaptiveCard}; UTF-8 JSON; under 20,000 bytes. Alert text is only ever in
 * {@code TextRun}s (shown as typed: no markdown) and no {@code msteams.entities} is sent (no mention).
 */
class TeamsNotifierTest {

    static final String FLOW =
            "/workflows/4f1c/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=S1gnatureTeamsSecret0123456789";

    private final ChannelReceiver server = ChannelReceiver.start(202, "");

    @AfterEach
    void stop() {
        server.close();
    }

    private TeamsNotifier teams() {
        return TeamsNotifier.of(Secret.of(server.uri(FLOW).toString()));
    }

    /** The card's texts in order, after checking the request against the documented shape and the size bound. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> sentRuns() {
        ChannelReceiver.Request request = server.only();
        assertThat(request.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(request.body().getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(TeamsNotifier.MAX_PAYLOAD_BYTES);
        Map<String, Object> body = request.json();
        assertThat(body).containsOnlyKeys("type", "attachments").containsEntry("type", "message");
        List<Object> attachments = (List<Object>) body.get("attachments");
        assertThat(attachments).hasSize(1);
        Map<String, Object> attachment = (Map<String, Object>) attachments.get(0);
        assertThat(attachment).containsEntry("contentType", "application/vnd.microsoft.card.adaptive");
        Map<String, Object> card = (Map<String, Object>) attachment.get("content");
        assertThat(card)
                .containsEntry("type", "AdaptiveCard")
                .containsEntry("version", "1.4")
                .containsEntry("$schema", "http://adaptivecards.io/schemas/adaptive-card.json")
                .containsEntry("msteams", Map.of("width", "Full"));
        List<Map<String, Object>> runs = new ArrayList<>();
        collectRuns((List<Object>) card.get("body"), runs);
        return runs;
    }

    @SuppressWarnings("unchecked")
    private static void collectRuns(List<Object> elements, List<Map<String, Object>> runs) {
        for (Object o : elements) {
            Map<String, Object> element = (Map<String, Object>) o;
            switch ((String) element.get("type")) {
                case "Container" -> collectRuns((List<Object>) element.get("items"), runs);
                case "RichTextBlock" -> {
                    for (Object inline : (List<Object>) element.get("inlines")) {
                        Map<String, Object> run = (Map<String, Object>) inline;
                        assertThat(run).containsEntry("type", "TextRun");
                        runs.add(run);
                    }
                }
                // TextBlock and FactSet would read markdown from alert text.
                default -> throw new AssertionError("unexpected element " + element.get("type"));
            }
        }
    }

    private static List<String> texts(List<Map<String, Object>> runs) {
        return runs.stream().map(r -> (String) r.get("text")).toList();
    }

    @Test
    void postsAnAdaptiveCardWithTheTitleAndAContainerPerAlert() {
        Alert disk = TestAlerts.firing("DiskFull", Severity.CRITICAL, Map.of("mount", "/data"), "95% full");
        Alert heap = TestAlerts.firing("HeapHigh", Severity.WARNING, Map.of(), "heap 85%");

        assertThat(teams().deliver(TestAlerts.notification("teams", disk, heap)))
                .isEqualTo(DeliveryResult.delivered());

        List<Map<String, Object>> runs = sentRuns();
        assertThat(runs.get(0))
                .containsEntry("text", "🚨 [FIRING:2] DiskFull")
                .containsEntry("size", "Large")
                .containsEntry("color", "Attention")
                .containsEntry("weight", "Bolder");
        assertThat(texts(runs))
                .containsExactly(
                        "🚨 [FIRING:2] DiskFull",
                        "DiskFull",
                        " critical",
                        "95% full",
                        "DiskFull on {alertname=DiskFull, mount=/data}",
                        "mount=/data",
                        "HeapHigh",
                        " warning",
                        "heap 85%",
                        "HeapHigh on {alertname=HeapHigh}");
        assertThat(runs.get(7)).containsEntry("color", "Warning");
        assertThat(server.only().query()).contains("sig=S1gnatureTeamsSecret0123456789");
    }

    @Test
    void sendsAResolvedCardWhenTheGroupResolves() {
        Alert disk = TestAlerts.resolved(
                TestAlerts.firing("DiskFull", Severity.CRITICAL, Map.of(), "95% full"),
                Instant.parse("2026-01-01T01:00:00Z"));

        teams().deliver(TestAlerts.notification("teams", disk));

        List<Map<String, Object>> runs = sentRuns();
        assertThat(runs.get(0)).containsEntry("text", "✅ [RESOLVED] DiskFull").containsEntry("color", "Good");
        assertThat(runs.get(2)).containsEntry("text", " resolved").containsEntry("color", "Good");
    }

    @Test
    void hostileLabelsAreShownAsTypedWithoutMarkdownOrMentions() {
        assertThat(teams().deliver(Hostile.notification())).isEqualTo(DeliveryResult.delivered());

        List<String> texts = texts(sentRuns());
        assertThat(texts.get(3))
                .isEqualTo(Hostile.SCRIPT + " " + Hostile.EVERYONE + " " + Hostile.USER + " " + Hostile.LINK + " "
                        + Hostile.MARKUP);
        assertThat(texts.get(4)).startsWith("vvv").endsWith("v" + ChannelText.CUT);
        assertThat(texts.get(5)).contains("link=" + Hostile.LINK, "user=" + Hostile.USER);
        assertThat(server.only().body()).doesNotContain("\"entities\"", "\"TextBlock\"", "\"FactSet\"");
    }

    @Test
    void aOneMebibyteAlertNameIsCutWithAVisibleMarker() {
        teams().deliver(Hostile.hugeName());

        List<String> texts = texts(sentRuns());
        assertThat(texts.get(0)).startsWith("⚠️ [FIRING:1] vvv").endsWith("v" + ChannelText.CUT);
        assertThat(texts.get(1)).endsWith("v" + ChannelText.CUT);
    }

    @Test
    void aStormStaysUnder20000BytesAndCountsTheAlertsLeftOut() {
        teams().deliver(Hostile.storm(200));

        List<String> texts = texts(sentRuns());
        long shown = texts.stream().filter(t -> t.equals("Storm")).count();
        assertThat(shown).isPositive();
        assertThat(texts.get(texts.size() - 1)).isEqualTo("… and " + (200 - shown) + " more alerts");
    }

    @Test
    void textThatCostsSixBytesACharacterStillFits() {
        // Control characters are written as \\u0001 in JSON: six bytes for one character.
        String controls = "\u0001".repeat(5000);
        Alert a = TestAlerts.withAnnotations(
                TestAlerts.firing("Ctl", Severity.WARNING, Map.of("c", controls), controls),
                Map.of("summary", controls, "description", controls));

        assertThat(teams().deliver(TestAlerts.notification("teams", a))).isEqualTo(DeliveryResult.delivered());

        assertThat(texts(sentRuns())).contains("Ctl");
    }

    @Test
    void a429WaitsForRetryAfter() {
        server.respond(
                429,
                Map.of("Retry-After", "30"),
                "{\"error\":{\"code\":\"WorkflowRequestsThrottled\"," + "\"message\":\"Rate limit is exceeded.\"}}");

        DeliveryResult result = teams().deliver(firing("Busy", "x"));

        assertThat(result)
                .isEqualTo(DeliveryResult.retryAfter(
                        "HTTP 429: WorkflowRequestsThrottled Rate limit is exceeded.", Duration.ofSeconds(30)));
    }

    @Test
    void a5xxIsRetried() {
        server.respond(502, Map.of(), "");

        assertThat(teams().deliver(firing("Down", "x"))).isEqualTo(DeliveryResult.retry("HTTP 502"));
    }

    @Test
    void aDisabledFlowIsPermanentWithItsErrorCodeAndNoSignature() {
        server.respond(
                400,
                Map.of(),
                "{\"error\":{\"code\":\"WorkflowTriggerIsNotEnabled\",\"message\":\"Could not " + "trigger " + FLOW
                        + " because it is disabled.\"}}");

        DeliveryResult result = teams().deliver(firing("Off", "x"));

        assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
        assertThat(((DeliveryResult.PermanentFailure) result).reason())
                .startsWith("HTTP 400: WorkflowTriggerIsNotEnabled Could not trigger")
                .doesNotContain("S1gnatureTeamsSecret0123456789")
                .hasSizeLessThanOrEqualTo(210);
        assertThat(teams().toString()).isEqualTo("TeamsNotifier[teams]");
    }
}

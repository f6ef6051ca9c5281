package dev.vigil.notify.notifier;

import static dev.vigil.notify.notifier.SampleNotifications.firing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Secret;
import dev.vigil.notify.testkit.JsonTree;
import dev.vigil.notify.testkit.LoopbackHttpReceiver;
import dev.vigil.notify.testkit.TestAlerts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackNotifierTest {

    private final LoopbackHttpReceiver server = LoopbackHttpReceiver.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> blocks(Map<String, Object> body) {
        return (List<Map<String, Object>>) body.get("blocks");
    }

    @SuppressWarnings("unchecked")
    private static String sectionText(Map<String, Object> block) {
        return (String) ((Map<String, Object>) block.get("text")).get("text");
    }

    @Test
    void postsATextFallbackAndOneSectionPerAlertWithSeverityEmoji() {
        Alert disk = TestAlerts.firing("DiskFull", Severity.CRITICAL, Map.of("mount", "/data"), "95% full");
        Alert heap = TestAlerts.firing("HeapHigh", Severity.WARNING, Map.of(), "heap 85%");

        SlackNotifier.of(Secret.of(server.uri("/hook").toString()))
                .deliver(TestAlerts.notification("slack", disk, heap));

        Map<String, Object> body = JsonTree.object(server.bodies().get(0));
        assertThat(body).containsOnlyKeys("text", "blocks");
        assertThat((String) body.get("text")).startsWith("[FIRING:2] DiskFull").contains("heap 85%");
        List<Map<String, Object>> blocks = blocks(body);
        assertThat(blocks).hasSize(3).allSatisfy(b -> assertThat(b).containsEntry("type", "section"));
        assertThat(blocks.get(0).get("text"))
                .isEqualTo(Map.of("type", "mrkdwn", "text", ":rotating_light: *[FIRING:2] DiskFull*"));
        assertThat(sectionText(blocks.get(1)))
                .startsWith(":red_circle: *DiskFull* critical\n95% full")
                .contains("mount=/data");
        assertThat(sectionText(blocks.get(2))).startsWith(":large_orange_circle: *HeapHigh* warning\nheap 85%");
    }

    @Test
    void marksResolvedNotifications() {
        Alert disk = TestAlerts.resolved(
                TestAlerts.firing("DiskFull", Severity.CRITICAL, Map.of(), "95% full"),
                Instant.parse("2026-01-01T01:00:00Z"));

        SlackNotifier.of(Secret.of(server.uri("/hook").toString())).deliver(TestAlerts.notification("slack", disk));

        List<Map<String, Object>> blocks =
                blocks(JsonTree.object(server.bodies().get(0)));
        assertThat(sectionText(blocks.get(0))).startsWith(":white_check_mark: *[RESOLVED] DiskFull*");
        assertThat(sectionText(blocks.get(1))).startsWith(":white_check_mark: *DiskFull* resolved");
    }

    @Test
    void escapesAmpersandAndAngleBracketsForMrkdwn() {
        SlackNotifier.of(Secret.of(server.uri("/hook").toString()))
                .deliver(firing("Escape", "a < b && c > d <!channel>"));

        Map<String, Object> body = JsonTree.object(server.bodies().get(0));
        assertThat(sectionText(blocks(body).get(1)))
                .contains("a &lt; b &amp;&amp; c &gt; d &lt;!channel&gt;")
                .doesNotContain("<!channel>");
        assertThat((String) body.get("text"))
                .contains("a &lt; b &amp;&amp; c &gt; d")
                .doesNotContain("<!channel>");
    }

    @Test
    void cutsTextToSlackLimitsInsteadOfFailing() {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            alerts.add(TestAlerts.withAnnotations(
                    TestAlerts.firing("Storm", Severity.WARNING, Map.of("i", "" + i), "s" + i),
                    Map.of("summary", "s" + i, "description", "&".repeat(5000))));
        }

        DeliveryResult result = SlackNotifier.of(Secret.of(server.uri("/hook").toString()))
                .deliver(TestAlerts.notification("slack", alerts));

        assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
        Map<String, Object> body = JsonTree.object(server.bodies().get(0));
        List<Map<String, Object>> blocks = blocks(body);
        assertThat(blocks.size()).isLessThanOrEqualTo(SlackNotifier.MAX_BLOCKS);
        int total = ((String) body.get("text")).length();
        for (Map<String, Object> block : blocks) {
            if (block.get("type").equals("section")) {
                String text = sectionText(block);
                assertThat(text.length()).isLessThanOrEqualTo(SlackNotifier.MAX_SECTION_CHARS);
                // A cut never leaves half an entity behind.
                assertThat(text.replace("&amp;", "")).doesNotContain("&");
                total += text.length();
            }
        }
        assertThat(total).isLessThanOrEqualTo(40_000);
        Map<String, Object> last = blocks.get(blocks.size() - 1);
        assertThat(last).containsEntry("type", "context");
        assertThat(last.toString()).containsPattern("and \\d+ more alerts");
    }

    @Test
    void asksForARetryAfterSlacksRateLimit() {
        server.respond(429, Map.of("Retry-After", "3"));

        DeliveryResult result =
                SlackNotifier.of(Secret.of(server.uri("/hook").toString())).deliver(firing("Busy", "x"));

        assertThat(result).isEqualTo(DeliveryResult.retryAfter("HTTP 429: error", Duration.ofSeconds(3)));
    }

    @Test
    void treatsAGoneWebhookAsPermanent() {
        server.respond(410);

        DeliveryResult result =
                SlackNotifier.of(Secret.of(server.uri("/hook").toString())).deliver(firing("Gone", "x"));

        assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
    }
}

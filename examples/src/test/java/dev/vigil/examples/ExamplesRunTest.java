package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.rule.Rule;
import dev.vigil.alerts.rule.RulePacks;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs every example through {@link Main#run} on this machine with a short schedule: a tick every
 * 250 ms, the demo burst scheduled from 0.5 s to 4.5 s, stopped at 8 s. The demo rule watches the
 * burst's schedule ({@code --demo-condition schedule}), not the CPU it would burn, so it fires and
 * resolves on time however busy the machine running the tests is.
 */
class ExamplesRunTest {

    static final String[] SHORT = {
        "--interval",
        "250ms",
        "--duration",
        "8s",
        "--demo-after",
        "500ms",
        "--demo-length",
        "4s",
        "--demo-condition",
        "schedule"
    };
    static final String RULE = Demo.SCHEDULED_RULE_NAME;
    static final String TIME = "\\d\\d:\\d\\d:\\d\\d";

    static String[] args(String example, String... more) {
        String[] all = new String[1 + more.length + SHORT.length];
        all[0] = example;
        System.arraycopy(more, 0, all, 1, more.length);
        System.arraycopy(SHORT, 0, all, 1 + more.length, SHORT.length);
        return all;
    }

    @Test
    void quickstartPrintsItsSetupThenRealValuesThenTheDemoAlertFiringWithItsReportAndResolving() {
        Run run = Run.of(args("quickstart"));

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("sources: host, process, jvm");
        for (Rule r : RulePacks.all()) {
            assertThat(run.out()).contains("  Rule[" + r.name() + ":");
        }
        assertThat(run.out()).contains("  Rule[" + RULE + ":");

        Matcher tick = Pattern.compile("tick \\d+: cpu (\\d+)%  load (\\d+\\.\\d\\d)  mem (\\d+)%  disk / (\\d+)%"
                        + "  heap (\\d+) MiB of (\\d+) MiB  this JVM's cpu (\\d+)%")
                .matcher(run.out());
        assertThat(tick.find()).as(run.out()).isTrue();
        assertThat(Long.parseLong(tick.group(6)))
                .as("max heap in MiB")
                .isEqualTo(Runtime.getRuntime().maxMemory() / (1024 * 1024));

        int fired =
                run.lineMatching(TIME + " FIRING " + RULE + " severity=warning DEMO: the demo burst is scheduled .*");
        int resolved = run.lineMatching(TIME + " RESOLVED " + RULE + " severity=warning .*");
        assertThat(fired).as(run.out()).isNotNegative();
        assertThat(resolved).as(run.out()).isGreaterThan(fired);
        List<String> lines = run.outLines();
        assertThat(lines.get(fired + 1))
                .startsWith("    Alert " + RULE + " (warning) on " + Demo.SCHEDULE_METRIC + " at ");
        assertThat(String.join("\n", lines.subList(fired, resolved)))
                .contains(
                        "Recent history of " + Demo.SCHEDULE_METRIC,
                        "Top processes by CPU:",
                        "JVM threads:",
                        "\"main\"");
    }

    @Test
    void quickstartWithoutTheDemoHasNoDemoRuleAndNoBurst() {
        Run run = Run.of("quickstart", "--no-demo", "--interval", "250ms", "--duration", "1s");

        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("tick 1: ").doesNotContain(Demo.RULE_NAME, RULE, "demo: CPU burst");
    }

    @Test
    void customNotifierReceivesTheDemoAlertOnItsRoute() {
        Run run = Run.of(args("custom-notifier"));

        assertThat(run.code()).as(run.err()).isZero();
        int fired = run.lineMatching("console notifier: \\[FIRING:1\\] " + RULE);
        int resolved = run.lineMatching("console notifier: \\[RESOLVED\\] " + RULE);
        assertThat(fired).as(run.out()).isNotNegative();
        assertThat(resolved).as(run.out()).isGreaterThan(fired);
        assertThat(run.outLines().get(fired + 1))
                .startsWith("    " + RULE + " warning: DEMO: the demo burst is scheduled ");
    }

    @Test
    void customSourceAlertsOnTheQueueGaugeAndTheMicrometerTimer() {
        Run run = Run.of(
                "custom-source",
                "--interval",
                "250ms",
                "--duration",
                "6s",
                "--slow-after",
                "1s",
                "--slow-length",
                "3s");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out())
                .containsPattern("tick \\d+: app.queue.depth \\d+  app.jobs.mean \\d+\\.\\d ms  app.jobs.count \\d+/s");
        for (String rule : List.of("queue-backlog", "jobs-slow")) {
            int fired = run.lineMatching(TIME + " FIRING " + rule + " severity=warning .*");
            int resolved = run.lineMatching(TIME + " RESOLVED " + rule + " severity=warning .*");
            assertThat(fired).as(rule + "\n" + run.out()).isNotNegative();
            assertThat(resolved).as(rule + "\n" + run.out()).isGreaterThan(fired);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void slackDryRunPrintsIncomingWebhookPayloads() throws Exception {
        Run run = Run.of(args("slack", "--dry-run"));

        assertThat(run.code()).as(run.err()).isZero();
        List<String> payloads = run.dryRunPayloads();
        assertThat(payloads).as(run.out()).hasSize(2);
        Map<String, Object> firing = JsonValues.object(payloads.get(0));
        Map<String, Object> resolved = JsonValues.object(payloads.get(1));
        assertThat((String) firing.get("text")).startsWith("[FIRING:1] " + RULE + "\n");
        assertThat((String) resolved.get("text")).startsWith("[RESOLVED] " + RULE + "\n");
        for (Map<String, Object> payload : List.of(firing, resolved)) {
            assertThat(payload).containsOnlyKeys("text", "blocks");
            List<Object> blocks = (List<Object>) payload.get("blocks");
            assertThat(blocks).hasSize(2).allSatisfy(b -> {
                Map<String, Object> block = (Map<String, Object>) b;
                assertThat(block).containsEntry("type", "section");
                Map<String, Object> text = (Map<String, Object>) block.get("text");
                assertThat(text).containsEntry("type", "mrkdwn");
                assertThat((String) text.get("text")).contains(RULE);
            });
        }
        assertThat(firing.get("text").toString()).contains("threshold &gt; 0.5"); // mrkdwn escaping
    }

    @Test
    @SuppressWarnings("unchecked")
    void pagerDutyDryRunPrintsATriggerThenAResolveWithTheSameDedupKey() throws Exception {
        Run run = Run.of(args("pagerduty", "--dry-run", "--routing-key", "R0UT1NGKEY"));

        assertThat(run.code()).as(run.err()).isZero();
        List<String> payloads = run.dryRunPayloads();
        assertThat(payloads).as(run.out()).hasSize(2);
        Map<String, Object> trigger = JsonValues.object(payloads.get(0));
        Map<String, Object> resolve = JsonValues.object(payloads.get(1));

        assertThat(trigger).containsEntry("routing_key", "R0UT1NGKEY").containsEntry("event_action", "trigger");
        assertThat((String) trigger.get("dedup_key")).matches("[0-9a-f]{64}");
        Map<String, Object> body = (Map<String, Object>) trigger.get("payload");
        assertThat(body)
                .containsEntry("severity", "warning")
                .containsEntry("source", "vigil-examples")
                .containsEntry("class", RULE)
                .containsKeys("summary", "timestamp", "custom_details");
        assertThat((String) body.get("summary")).startsWith("[FIRING:1] " + RULE + ": DEMO: ");
        assertThat(((Map<String, Object>) body.get("custom_details"))
                        .get("report")
                        .toString())
                .contains("Recent history of " + Demo.SCHEDULE_METRIC);

        assertThat(resolve)
                .containsOnlyKeys("routing_key", "event_action", "dedup_key")
                .containsEntry("event_action", "resolve")
                .containsEntry("dedup_key", trigger.get("dedup_key"));
    }

    @Test
    void emailDryRunPrintsTheMimeMessages() {
        Run run = Run.of(
                args("email", "--dry-run", "--from", "vigil@example.com", "--to", "a@example.com, b@example.com"));

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out())
                .contains(
                        "dry-run: would send by SMTP (MAIL FROM:<vigil@example.com>, RCPT TO:<a@example.com>, RCPT TO:<b@example.com>):")
                .contains("From: vigil@example.com", "To: a@example.com, b@example.com")
                .contains("Subject: [FIRING:1] " + RULE, "Subject: [RESOLVED] " + RULE)
                .contains(
                        "Content-Type: multipart/alternative",
                        "Content-Type: text/plain; charset=UTF-8",
                        "Content-Type: text/html; charset=UTF-8")
                .contains("--- report for " + RULE + " ---");
    }
}

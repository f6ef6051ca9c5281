package dev.vigil.notify.restart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.notify.testkit.JsonTree;
import dev.vigil.notify.testkit.LoopbackHttpReceiver;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real restarts: the application ({@link StateChild}) runs in a JVM of its own on a state
 * directory, is killed with SIGKILL or closed, and started again; the assertions are on what a
 * loopback webhook and a loopback PagerDuty-shaped receiver got.
 */
class RestartTest {

    static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    @TempDir
    Path dir;

    @TempDir
    Path logs;

    LoopbackHttpReceiver webhook;
    LoopbackHttpReceiver pagerDuty;
    ChildProcess child;

    @BeforeEach
    void receivers() {
        webhook = LoopbackHttpReceiver.start();
        pagerDuty = LoopbackHttpReceiver.start().respond(202);
    }

    @AfterEach
    void stop() {
        if (child != null) {
            child.close();
        }
        webhook.close();
        pagerDuty.close();
    }

    ChildProcess start(long at) {
        child = ChildProcess.start(
                dir,
                at,
                webhook.uri("/hook").toString(),
                pagerDuty.uri("/v2/enqueue").toString(),
                logs.resolve("child.log"));
        return child;
    }

    /** Ticks {@code n} times, 10 s apart, the first one now. */
    void ticks(int n) {
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                child.send("advance 10");
            }
            child.send("tick");
        }
    }

    /** Webhook statuses in order of arrival. */
    List<String> webhookStatuses() {
        return webhook.bodies().stream()
                .map(b -> (String) JsonTree.object(b).get("status"))
                .toList();
    }

    /** PagerDuty event actions, each with its dedup key. */
    List<String> pagerDutyEvents() {
        return pagerDuty.bodies().stream()
                .map(b -> {
                    Map<String, Object> event = JsonTree.object(b);
                    return event.get("event_action") + " " + event.get("dedup_key");
                })
                .toList();
    }

    void fire() {
        child.send("value 0.9");
        ticks(4); // pending at 0, 10, 20 s; fires at 30 s
        child.send("drain");
        assertThat(webhookStatuses()).containsExactly("firing");
        assertThat(pagerDutyEvents()).singleElement().asString().startsWith("trigger ");
    }

    @Test
    void aFiringAlertIsNotNotifiedAgainAfterAKillBeforeItsRepeatIntervalAndIsRepeatedAfterIt() {
        start(T0);
        fire();
        long firedAt = child.lastTime;
        child.kill();
        start(firedAt + 5 * 60_000);
        child.send("value 0.9");
        ticks(3);
        child.send("drain");
        assertThat(webhookStatuses()).containsExactly("firing");
        assertThat(pagerDutyEvents()).hasSize(1);
        child.send("advance 3600"); // past the 1 h repeat interval counted from the first page
        child.send("tick");
        child.send("drain");
        assertThat(webhookStatuses()).containsExactly("firing", "firing");
        List<String> pd = pagerDutyEvents();
        assertThat(pd).hasSize(2).allMatch(e -> e.startsWith("trigger ")).containsOnly(pd.get(0));
    }

    @Test
    void anAlertThatClearedWhileTheApplicationWasDownIsResolvedToEveryReceiverToldItFired() {
        start(T0);
        fire();
        String trigger = pagerDutyEvents().get(0);
        long firedAt = child.lastTime;
        child.exit();
        start(firedAt + 20 * 60_000);
        child.send("value 0.2");
        ticks(2); // resolved at the first tick, sent at the group's next flush (group interval 10 s)
        child.send("drain");
        assertThat(webhookStatuses()).containsExactly("firing", "resolved");
        assertThat(pagerDutyEvents()).containsExactly(trigger, trigger.replace("trigger ", "resolve "));
    }

    @Test
    void anAlertThatClearedWhileTheApplicationWasKilledIsResolvedToo() {
        start(T0);
        fire();
        String trigger = pagerDutyEvents().get(0);
        long firedAt = child.lastTime;
        child.kill();
        start(firedAt + 20 * 60_000);
        child.send("value 0.2");
        ticks(2); // resolved at the first tick, sent at the group's next flush (group interval 10 s)
        child.send("drain");
        assertThat(webhookStatuses()).containsExactly("firing", "resolved");
        assertThat(pagerDutyEvents()).containsExactly(trigger, trigger.replace("trigger ", "resolve "));
    }

    @Test
    void aPendingAlertResumesItsForAfterAKill() {
        start(T0);
        child.send("value 0.9");
        ticks(2); // pending for 10 s of 30
        long at = child.lastTime;
        child.kill();
        start(at + 10 * 60_000);
        child.send("value 0.9");
        ticks(2); // 10 s, then 20 s: the downtime does not count
        child.send("drain");
        assertThat(webhook.requests()).isEmpty();
        child.send("advance 10");
        child.send("tick"); // 30 s
        child.send("drain");
        assertThat(webhookStatuses()).containsExactly("firing");
        assertThat(pagerDutyEvents()).hasSize(1);
    }

    @Test
    void oneStorageDirectoryGivenToTheMonitorKeepsHistoryAlertStateAndTheNotificationLogAcrossARestart() {
        start(T0);
        fire();
        child.send("state");
        List<String> firing = child.lastWords;
        assertThat(firing.get(0)).isEqualTo("FIRING");
        child.send("history");
        List<String> history = child.lastWords;
        assertThat(Integer.parseInt(history.get(0))).isGreaterThanOrEqualTo(4);
        long firedAt = child.lastTime;
        child.exit();
        // one directory, one part per component
        assertThat(dir.resolve("vigil.lock")).exists();
        assertThat(dir.resolve("history").resolve("series.log")).exists();
        assertThat(dir.resolve("alerts").resolve("alerts.snapshot")).exists();
        assertThat(dir.resolve("notify").resolve("nflog.snapshot")).exists();

        start(firedAt + 5 * 60_000);
        child.send("history"); // before any tick: what the history holds came from the disk
        assertThat(child.lastWords).isEqualTo(history);
        child.send("value 0.9");
        child.send("tick");
        child.send("state"); // restored firing, with the time it fired, not fired anew
        assertThat(child.lastWords).isEqualTo(firing);
        child.send("drain");
        assertThat(webhookStatuses()).containsExactly("firing"); // the log: not paged again
        assertThat(pagerDutyEvents()).hasSize(1);
        String trigger = pagerDutyEvents().get(0);
        child.send("value 0.2");
        child.send("advance 10");
        child.send("tick");
        child.send("advance 10");
        child.send("tick");
        child.send("drain");
        assertThat(webhookStatuses()).containsExactly("firing", "resolved");
        assertThat(pagerDutyEvents()).containsExactly(trigger, trigger.replace("trigger ", "resolve "));
    }

    @Test
    void aSecondProcessOnTheSameDirectoryIsRefused() {
        start(T0);
        Path log = logs.resolve("second.log");
        ChildProcess second = null;
        try {
            second = ChildProcess.start(
                    dir,
                    T0,
                    webhook.uri("/hook").toString(),
                    pagerDuty.uri("/v2/enqueue").toString(),
                    log);
        } catch (AssertionError expected) {
            // it did not get ready
        } finally {
            if (second != null) {
                second.close();
            }
        }
        assertThat(second).isNull();
        assertThat(log)
                .content()
                .contains("is in use")
                .contains(dir.toAbsolutePath().toString());
    }
}

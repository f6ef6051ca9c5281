package dev.vigil.notify.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.core.journal.JournaledMap;
import dev.vigil.notify.testkit.JsonTree;
import dev.vigil.notify.testkit.LoopbackHttpReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the application with SIGKILL at random moments while it evaluates, writes its state and
 * delivers, then starts it again, many times over: every start must succeed, and the receivers
 * must never be told the same thing twice (a page repeated, a resolve repeated) nor miss the final
 * state. The default suite runs a few kills; the soak runs as many as asked:
 * {@code mvn -pl monitor-notify -am test -Dtest=CrashTest -Dsurefire.failIfNoSpecifiedTests=false -Dvigil.crash.kills=200}
 */
class CrashTest {

    @TempDir
    Path dir;
    @TempDir
    Path logs;

    @Test
    void killsAtRandomMomentsNeverCorruptTheStateNorRepeatNorLoseANotification() throws IOException {
        int kills = Integer.getInteger("vigil.crash.kills", 6);
        long seed = Long.getLong("vigil.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Path log = logs.resolve("child.log");
        try (LoopbackHttpReceiver webhook = LoopbackHttpReceiver.start();
             LoopbackHttpReceiver pagerDuty = LoopbackHttpReceiver.start().respond(202)) {
            String hook = webhook.uri("/hook").toString();
            String pd = pagerDuty.uri("/v2/enqueue").toString();
            long now = RestartTest.T0;
            for (int k = 0; k < kills; k++) {
                try (ChildProcess child = ChildProcess.start(dir, now, hook, pd, log)) {
                    List<String> script = new ArrayList<>();
                    for (int step = 0; step < 12; step++) {
                        if (step == 0 || random.nextInt(4) == 0) {
                            script.add(random.nextBoolean() ? "value 0.9" : "value 0.2");
                        }
                        script.add("advance 10");
                        script.add("tick");
                        if (random.nextInt(5) == 0) {
                            script.add("drain");
                        }
                    }
                    int killAfter = random.nextInt(script.size());
                    child.sendAsync(script.toArray(String[]::new));
                    await("seed " + seed + ": child answers " + killAfter + " commands").atMost(Duration.ofSeconds(120))
                            .until(() -> child.answered.get() >= killAfter);
                    child.kill();
                    now = child.lastTime + 10_000 * (1 + script.size()) + 10_000; // past anything it may have done
                }
            }
            double finalValue = random.nextBoolean() ? 0.9 : 0.2;
            try (ChildProcess child = ChildProcess.start(dir, now, hook, pd, log)) {
                child.send("value " + finalValue);
                for (int i = 0; i < 6; i++) {
                    child.send("advance 10");
                    child.send("tick");
                }
                child.send("drain");
                child.exit();
            }
            List<String> statuses = webhook.bodies().stream().map(b -> (String) JsonTree.object(b).get("status")).toList();
            List<String> actions = pagerDuty.bodies().stream()
                    .map(b -> (String) JsonTree.object(b).get("event_action")).toList();
            String context = "seed " + seed + ", " + kills + " kills, webhook " + statuses + ", pagerduty " + actions;
            assertAlternating(statuses, "firing", context);
            assertAlternating(actions, "trigger", context);
            assertThat(pagerDuty.bodies().stream().map(b -> JsonTree.object(b).get("dedup_key")).distinct())
                    .as(context).hasSizeLessThanOrEqualTo(1);
            if (finalValue > 0.8) {
                assertThat(statuses).as(context).last().isEqualTo("firing");
            } else if (!statuses.isEmpty()) {
                assertThat(statuses).as(context).last().isEqualTo("resolved");
            }
        }
        String childLog = Files.exists(log) ? Files.readString(log) : "";
        assertThat(childLog).as("child log").doesNotContain("cannot read stored", "cannot restore", "cannot read entry",
                "Exception in thread \"main\"");
        for (String name : List.of("alerts", "nflog")) {
            try (JournaledMap state = JournaledMap.open(dir, name, Duration.ZERO)) {
                assertThat(state.skippedRecords()).as(name + " records failing their checksum").isZero();
            }
        }
        System.out.println("CrashTest: " + kills + " kills, seed " + seed + ", OK");
    }

    /** The receiver heard first, then alternately second and first: nothing twice in a row. */
    private static void assertAlternating(List<String> seen, String first, String context) {
        for (int i = 0; i < seen.size(); i++) {
            boolean even = i % 2 == 0;
            assertThat(seen.get(i).equals(first)).as(context + ": notification " + i + " repeats the one before")
                    .isEqualTo(even);
        }
    }
}

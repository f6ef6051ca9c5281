package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quickstart runs as written on a machine with none of its secrets set: it starts,
 * and says in one log line per receiver which receivers are left out and why (the alerts of their
 * routes go to the default receiver, the log, as {@code DisabledReceiversTest} shows).
 */
class ReadmeQuickstartRunsTest {

    @Test
    void theQuickstartStartsWithNoEnvironmentAndLogsWhichReceiversAreDisabled(@TempDir Path dir) throws Exception {
        String quickstart = ReadmeCodeCompilesTest.compilationUnits().stream()
                .filter(u -> u.contains("public class Quickstart"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("README.md has no Quickstart class"));
        Path classes = ReadmeCodeCompilesTest.compile(dir, List.of(quickstart));
        Path log = dir.resolve("quickstart.log");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        classes + File.pathSeparator + System.getProperty("java.class.path"),
                        "Quickstart")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .directory(dir.toFile()); // its ./vigil-data goes in the test's directory, not the working one
        builder.environment().clear(); // no PAGERDUTY_ROUTING_KEY, no SLACK_WEBHOOK_URL, nothing else
        Process process = builder.start();
        try {
            await("the quickstart's log names both disabled receivers")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(Files.readString(log))
                            .contains("receiver pagerduty is disabled and left out of every route: "
                                    + "routingKey: environment variable PAGERDUTY_ROUTING_KEY is not set")
                            .contains("receiver slack is disabled and left out of every route: "
                                    + "url: environment variable SLACK_WEBHOOK_URL is not set"));
            // still running: it started rather than failing on the missing secrets
            assertThat(process.isAlive()).as(Files.readString(log)).isTrue();
            assertThat(Files.readString(log)).doesNotContain("Exception");
        } finally {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}

package dev.vigil.notify.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.AlertEvent;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.core.time.ManualClock;
import dev.vigil.notify.Notifications;
import dev.vigil.notify.Route;
import dev.vigil.notify.Timings;
import dev.vigil.notify.testkit.TestAlerts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The log is line-oriented: what reaches it through the real pipeline stays in its lines, bounded. */
class LogNotifierTest {

    private static final String FORGED = "2026-01-01 00:00:00 ERROR payments - card data dumped";

    /** Runs {@code alerts} through Notifications to a LogNotifier and returns what was logged. */
    private static String logged(LogNotifier log, List<dev.vigil.alerts.Alert> alerts) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        ManualClock clock = ManualClock.create();
        try (Notifications n = Notifications.builder()
                .clock(clock)
                .flushEvery(Duration.ZERO)
                .timings(Timings.embeddedDefaults().withGroupWait(Duration.ofSeconds(1)))
                .route(Route.all().to(log))
                .build()) {
            alerts.forEach(a -> n.onEvent(new AlertEvent.Fired(a, clock.now())));
            clock.advance(Duration.ofSeconds(1));
            n.poll();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void lineBreaksAndControlCharactersInLabelsCannotForgeLogLines() {
        String hostile = "web-1\r\n" + FORGED + "\u2028" + FORGED + "\u001b[31m";

        String out = logged(
                LogNotifier.builder().logger("test.log.injection").build(),
                List.of(TestAlerts.firing(
                        "Injected", Severity.CRITICAL, Map.of("instance", hostile), "summary\n" + FORGED)));

        assertThat(out).contains("WARN test.log.injection - [FIRING:1] Injected");
        assertThat(out).contains("instance=web-1\\r\\n" + FORGED + "\\u2028" + FORGED + "\\u001b[31m");
        assertThat(out).contains("summary\\n" + FORGED);
        assertThat(out.lines()).noneMatch(l -> l.startsWith(FORGED) || l.startsWith("\r"));
        assertThat(out).doesNotContain("\u001b").doesNotContain("\u2028");
    }

    @Test
    void aHugeGroupIsLoggedAsItsFirstAlertsAndACountOfTheRest() {
        List<dev.vigil.alerts.Alert> storm = IntStream.range(0, 5000)
                .mapToObj(i -> TestAlerts.firing("Storm", Severity.WARNING, Map.of("i", Integer.toString(i)), "s"))
                .toList();

        String out = logged(LogNotifier.builder().logger("test.log.storm").build(), storm);

        assertThat(out).contains("[FIRING:5000] Storm");
        assertThat(out).contains("… and 4900 more alert(s) not shown (4900 firing, 0 resolved)");
        assertThat(out.length()).isLessThan(LogNotifier.DEFAULT_MAX_CHARS + 1000);
    }

    @Test
    void aMessageLongerThanTheLimitIsCutWithACountOfWhatWasLeftOut() {
        String out = logged(
                LogNotifier.builder().logger("test.log.cut").maxChars(2000).build(),
                List.of(TestAlerts.firing(
                        "Big",
                        Severity.WARNING,
                        Map.of("a", "x".repeat(900), "b", "y".repeat(900), "c", "z".repeat(900)),
                        "big")));

        String message = out.substring(out.indexOf("[FIRING:1] Big"));
        message = message.substring(0, message.lastIndexOf("more characters]") + "more characters]".length());
        assertThat(message).hasSize(2000).matches("(?s).*… \\[\\d+ more characters]$");
    }
}

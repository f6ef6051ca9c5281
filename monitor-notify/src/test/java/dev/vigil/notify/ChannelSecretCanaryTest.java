package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.alerts.AlertEvent;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.notify.notifier.DiscordNotifier;
import dev.vigil.notify.notifier.OpsgenieNotifier;
import dev.vigil.notify.notifier.TeamsNotifier;
import dev.vigil.notify.notifier.TelegramNotifier;
import dev.vigil.notify.testkit.LoopbackHttpReceiver;
import dev.vigil.notify.testkit.TestAlerts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A unique secret used as Opsgenie key, Teams and Discord webhook URL and Telegram token (in the
 * URL's path) must surface in no log, {@code toString()} or failure report of the whole pipeline.
 */
class ChannelSecretCanaryTest {

    private final String canary = "canary" + UUID.randomUUID().toString().replace("-", "");

    @Test
    void theCanaryAppearsInNoLogToStringOrFailureReport() {
        List<DeliveryFailure> failures = Collections.synchronizedList(new ArrayList<>());
        List<String> texts = new ArrayList<>();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setErr(tee);
        System.setOut(tee);
        try (LoopbackHttpReceiver server = LoopbackHttpReceiver.start()) {
            server.byDefault(500, Duration.ZERO);
            OpsgenieNotifier opsgenie = OpsgenieNotifier.builder(Secret.of(canary))
                    .endpoint(server.uri(""))
                    .build();
            TeamsNotifier teams = TeamsNotifier.of(
                    Secret.of(server.uri("/workflows/x/invoke?sig=" + canary).toString()));
            TelegramNotifier telegram = TelegramNotifier.builder(Secret.of("123:" + canary), "42")
                    .endpoint(server.uri(""))
                    .build();
            DiscordNotifier discord = DiscordNotifier.of(
                    Secret.of(server.uri("/api/webhooks/1/" + canary).toString()));
            try (Notifications notifications = Notifications.builder()
                    .route(Route.all().to(opsgenie, teams, telegram, discord))
                    .timings(Timings.embeddedDefaults().withGroupWait(Duration.ZERO))
                    .retryPolicy(RetryPolicy.DEFAULT.withMaxAttempts(2))
                    .sleeper(d -> {})
                    .onFailure(failures::add)
                    .flushEvery(Duration.ZERO)
                    .build()) {
                notifications.onEvent(new AlertEvent.Fired(
                        TestAlerts.firing("Canary", Severity.CRITICAL, Map.of(), "canary test"), TestAlerts.T0));
                await().atMost(Duration.ofSeconds(20)).until(() -> failures.size() == 4);
            }
            for (Notifier n : List.of(opsgenie, teams, telegram, discord)) {
                texts.add(n.toString());
                texts.add(n.name());
            }
            for (DeliveryFailure f : failures) {
                texts.add(f.toString());
                texts.add(f.reason());
            }
            // The requests did carry the secrets: the canary is real, not a typo.
            assertThat(server.requests()).anySatisfy(r -> assertThat(r.path()).contains(canary));
            assertThat(server.requests())
                    .anySatisfy(r -> assertThat(r.header("Authorization")).contains(canary));
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs).contains("not delivered");
        assertThat(failures)
                .extracting(DeliveryFailure::receiver)
                .containsExactlyInAnyOrder("opsgenie", "teams", "telegram", "discord");
        assertThat(logs).doesNotContain(canary);
        assertThat(texts).allSatisfy(t -> assertThat(t).doesNotContain(canary));
    }
}

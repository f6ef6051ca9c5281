package dev.vigil.notify.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.alerts.AlertEvent;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.core.time.ManualClock;
import dev.vigil.notify.Notifications;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.Route;
import dev.vigil.notify.Secret;
import dev.vigil.notify.Timings;
import dev.vigil.notify.testkit.TestAlerts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each channel's own rate-limit hint, through the whole pipeline: the delivery worker waits exactly
 * what the channel asked for (on the manual clock) before the attempt that succeeds.
 */
class ChannelRateLimitTest {

    private final ChannelReceiver server = ChannelReceiver.start(200, "{\"ok\":true}");
    private final ManualClock clock = ManualClock.create();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        server.close();
    }

    private List<Duration> waitsAfterOne429(Notifier notifier) {
        try (Notifications notifications = Notifications.builder()
                .clock(clock)
                .flushEvery(Duration.ZERO)
                .timings(Timings.embeddedDefaults().withGroupWait(Duration.ZERO))
                .sleeper(d -> {
                    waits.add(d);
                    clock.advance(d);
                })
                .route(Route.all().to(notifier))
                .build()) {
            notifications.onEvent(new AlertEvent.Fired(
                    TestAlerts.firing("Throttled", Severity.CRITICAL, Map.of(), "slow down"), clock.now()));
            await().atMost(Duration.ofSeconds(10)).until(() -> server.requests().size() == 2);
        }
        return waits;
    }

    @Test
    void telegramWaitsForParametersRetryAfter() {
        server.respond(
                429,
                Map.of(),
                "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 35\","
                        + "\"parameters\":{\"retry_after\":35}}");

        assertThat(waitsAfterOne429(TelegramNotifier.builder(Secret.of("123:token"), "42")
                        .endpoint(server.uri(""))
                        .build()))
                .containsExactly(Duration.ofSeconds(35));
    }

    @Test
    void discordWaitsForRetryAfterFromTheBody() {
        server.respond(
                429, Map.of(), "{\"message\":\"You are being rate limited.\",\"retry_after\":1.5,\"global\":false}");

        assertThat(waitsAfterOne429(DiscordNotifier.of(
                        Secret.of(server.uri("/api/webhooks/1/t").toString()))))
                .containsExactly(Duration.ofMillis(1500));
    }

    @Test
    void opsgenieWaitsForItsRateLimitPeriod() {
        server.respond(429, Map.of("X-RateLimit-Period-In-Sec", "60"), "{\"message\":\"TooManyRequests\"}");

        assertThat(waitsAfterOne429(OpsgenieNotifier.builder(Secret.of("key"))
                        .endpoint(server.uri(""))
                        .build()))
                .containsExactly(Duration.ofSeconds(60));
    }

    @Test
    void teamsWaitsForRetryAfter() {
        server.respond(429, Map.of("Retry-After", "30"), "{\"error\":{\"code\":\"WorkflowRequestsThrottled\"}}");

        assertThat(waitsAfterOne429(
                        TeamsNotifier.of(Secret.of(server.uri("/workflows/1").toString()))))
                .containsExactly(Duration.ofSeconds(30));
    }
}

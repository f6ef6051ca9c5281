package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.rule.Severity;
import dev.vigil.notify.notifier.EmailNotifier;
import dev.vigil.notify.notifier.PagerDutyNotifier;
import dev.vigil.notify.notifier.SlackNotifier;
import dev.vigil.notify.notifier.WebhookNotifier;
import dev.vigil.notify.testkit.TestAlerts;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A receiver whose secret comes from an unset environment variable is left out, and the alerts
 * its routes would have sent still reach someone: the README's quickstart on a developer's machine
 * with neither a PagerDuty key nor a Slack webhook.
 */
class DisabledReceiversTest {

    private static final String UNSET_KEY = "VIGIL_TEST_SURELY_UNSET_ROUTING_KEY";
    private static final String UNSET_URL = "VIGIL_TEST_SURELY_UNSET_WEBHOOK_URL";

    private final RecordingNotifier log = new RecordingNotifier("log");

    @Test
    void notifiersBuiltOnAnAbsentSecretSayWhyTheyCannotDeliver() {
        assertThat(PagerDutyNotifier.of(Secret.fromEnv(UNSET_KEY)).disabledReason())
                .isEqualTo("routingKey: environment variable " + UNSET_KEY + " is not set");
        assertThat(SlackNotifier.of(Secret.fromEnv(UNSET_URL)).disabledReason())
                .isEqualTo("url: environment variable " + UNSET_URL + " is not set");
        assertThat(WebhookNotifier.builder(Secret.of("http://127.0.0.1:9/hook"))
                        .header("Authorization", Secret.fromEnv(UNSET_KEY))
                        .build()
                        .disabledReason())
                .isEqualTo("header Authorization: environment variable " + UNSET_KEY + " is not set");
        assertThat(EmailNotifier.builder("127.0.0.1", 25)
                        .from("a@example.com")
                        .to("b@example.com")
                        .credentials("a", Secret.fromEnv(UNSET_KEY))
                        .build()
                        .disabledReason())
                .isEqualTo("password: environment variable " + UNSET_KEY + " is not set");
        assertThat(SlackNotifier.of(Secret.of("https://hooks.example.com/x")).disabledReason())
                .isNull();
    }

    @Test
    void routesWhoseOnlyReceiversAreDisabledDeliverToTheDefaultReceivers() {
        Timings immediate = Timings.alertmanagerDefaults().withGroupWait(Duration.ZERO);
        try (Harness h = new Harness(b -> b.timings(immediate)
                .route(Route.where("severity", "critical").to(PagerDutyNotifier.of(Secret.fromEnv(UNSET_KEY))))
                .route(Route.all().to(SlackNotifier.of(Secret.fromEnv(UNSET_URL))))
                .defaultReceivers(log))) {
            h.fire(TestAlerts.firing("Down", Severity.CRITICAL, Map.of(), "Down"))
                    .fire(TestAlerts.firing("Slow", Severity.WARNING, Map.of(), "Slow"));

            assertThat(h.notifications.receivers()).containsExactly("log");
            assertThat(log.received())
                    .extracting(n -> n.alerts().get(0).name())
                    .containsExactlyInAnyOrder("Down", "Slow");
        }
    }

    @Test
    void aNotifierWhoseDisabledReasonThrowsIsKeptAsEnabled() {
        Notifier odd = new Notifier() {
            @Override
            public DeliveryResult deliver(Notification notification) {
                return DeliveryResult.delivered();
            }

            @Override
            public String name() {
                return "odd";
            }

            @Override
            public String disabledReason() {
                throw new IllegalStateException("boom");
            }
        };
        try (Notifications n = Notifications.builder()
                .flushEvery(Duration.ZERO)
                .defaultReceivers(odd)
                .build()) {
            assertThat(n.receivers()).containsExactly("odd");
        }
    }
}

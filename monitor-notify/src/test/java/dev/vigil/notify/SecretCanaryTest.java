package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.vigil.alerts.AlertEvent;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.notify.notifier.EmailNotifier;
import dev.vigil.notify.notifier.LogNotifier;
import dev.vigil.notify.notifier.PagerDutyNotifier;
import dev.vigil.notify.notifier.SlackNotifier;
import dev.vigil.notify.notifier.WebhookNotifier;
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
import org.junit.jupiter.api.extension.RegisterExtension;

/** A unique secret used as Slack URL, routing key and SMTP password must surface nowhere. */
class SecretCanaryTest {

    @RegisterExtension
    static GreenMailExtension greenMail =
            new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

    private final String canary = "canary" + UUID.randomUUID().toString().replace("-", "");

    @Test
    void theCanaryAppearsInNoLogToStringExceptionOrFailureReport() throws Exception {
        greenMail.setUser("vigil@example.com", "vigil", "the-real-password");
        greenMail.getManagers().getUserManager().setAuthRequired(true);
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
            Secret secret = Secret.of(canary);
            SlackNotifier slack =
                    SlackNotifier.of(Secret.of(server.uri("/services/" + canary).toString()));
            PagerDutyNotifier pagerDuty = PagerDutyNotifier.builder(secret)
                    .endpoint(server.uri("/v2/enqueue"))
                    .build();
            EmailNotifier email = EmailNotifier.builder(
                            "127.0.0.1", greenMail.getSmtp().getPort())
                    .security(EmailNotifier.Security.NONE)
                    .credentials("vigil", secret)
                    .from("vigil@example.com")
                    .to("oncall@example.com")
                    .build();
            WebhookNotifier webhook = WebhookNotifier.builder(
                            Secret.of(server.uri("/hook?token=" + canary).toString()))
                    .header("Authorization", Secret.of("Bearer " + canary))
                    .build();
            try (Notifications notifications = Notifications.builder()
                    .route(Route.all().to(slack, pagerDuty, email, webhook, LogNotifier.create()))
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
            texts.add(secret.toString());
            texts.add(String.valueOf(secret));
            texts.add(slack.toString());
            texts.add(pagerDuty.toString());
            texts.add(email.toString());
            texts.add(webhook.toString());
            texts.add(slack.name() + pagerDuty.name() + email.name() + webhook.name());
            for (DeliveryFailure f : failures) {
                texts.add(f.toString());
                texts.add(f.reason());
            }
            assertThatThrownBy(() -> SlackNotifier.of(Secret.of("ftp://" + canary)))
                    .satisfies(e -> texts.add(e.toString()));
            assertThatThrownBy(() -> WebhookNotifier.of(Secret.of("not a url " + canary)))
                    .satisfies(e -> texts.add(e.toString()));
            // The requests did carry the secrets: the canary is real, not a typo.
            assertThat(server.requests()).anySatisfy(r -> assertThat(r.path()).contains(canary));
            assertThat(server.bodies()).anySatisfy(b -> assertThat(b).contains(canary));
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
            greenMail.getManagers().getUserManager().setAuthRequired(false);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs).contains("not delivered").contains("[FIRING:1] Canary");
        assertThat(failures)
                .extracting(DeliveryFailure::receiver)
                .containsExactlyInAnyOrder("slack", "pagerduty", "email", "webhook");
        assertThat(logs).doesNotContain(canary);
        assertThat(texts).allSatisfy(t -> assertThat(t).doesNotContain(canary));
    }
}

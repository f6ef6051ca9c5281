package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEvent;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.notify.testkit.TestAlerts;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EscalationTest {

    private final RecordingNotifier log = new RecordingNotifier("log");
    private final RecordingNotifier slack = new RecordingNotifier("slack");
    private final RecordingNotifier pager = new RecordingNotifier("pager");
    private final RecordingNotifier manager = new RecordingNotifier("manager");
    private final Harness h =
            new Harness(b -> b.timings(Timings.embeddedDefaults().withGroupWait(Duration.ZERO))
                    .route(Route.where("severity", "critical")
                            .to(log, slack)
                            .escalateAfter(Duration.ofMinutes(15), pager)
                            .escalateAfter(Duration.ofMinutes(45), manager)));

    @AfterEach
    void close() {
        h.close();
    }

    private Alert critical() {
        return TestAlerts.firing("Down", Severity.CRITICAL, Map.of(), "service down", h.now());
    }

    @Test
    void anUnacknowledgedAlertPagesTheNextStepAfterItsDelay() {
        h.fire(critical());
        assertThat(log.received()).hasSize(1);
        assertThat(slack.received()).hasSize(1);

        h.advance(Duration.ofMinutes(14).plusSeconds(59));
        assertThat(pager.received()).isEmpty();

        h.advance(Duration.ofSeconds(1));
        assertThat(pager.received())
                .singleElement()
                .satisfies(n -> assertThat(n.alerts().get(0).name()).isEqualTo("Down"));
        assertThat(manager.received()).isEmpty();

        h.advance(Duration.ofMinutes(30));
        assertThat(manager.received()).hasSize(1);
        assertThat(pager.received()).hasSize(1);
    }

    @Test
    void anAcknowledgementStopsTheChain() {
        Alert a = critical();
        h.fire(a).advance(Duration.ofMinutes(5));

        h.event(new AlertEvent.Acknowledged(TestAlerts.acknowledged(a, "alice", h.now()), h.now()));
        h.advance(Duration.ofMinutes(20)).advance(Duration.ofMinutes(40));

        assertThat(pager.received()).isEmpty();
        assertThat(manager.received()).isEmpty();
    }

    @Test
    void aResolutionStopsTheChainAndTellsTheStepsThatWerePaged() {
        Alert a = critical();
        h.fire(a).advance(Duration.ofMinutes(15));
        assertThat(pager.received()).hasSize(1);

        h.event(new AlertEvent.Resolved(TestAlerts.resolved(a, h.now()), h.now()))
                .advance(Duration.ofMinutes(1));
        h.advance(Duration.ofHours(1));

        assertThat(manager.received()).isEmpty();
        assertThat(pager.received()).hasSize(2);
        assertThat(pager.received().get(1).status()).isEqualTo(Notification.Status.RESOLVED);
        assertThat(slack.received())
                .last()
                .satisfies(n -> assertThat(n.status()).isEqualTo(Notification.Status.RESOLVED));
    }
}

package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.label.LabelMatcher;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.notify.testkit.TestAlerts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Expected values from Alertmanager 0.25: its fingerprint of a label set, and the formats of
 * {@code Route.Key()} (matchers sorted by name, value, type) and prometheus/common's
 * {@code LabelSet.String()} (pairs {@code %s=%q}, sorted as strings, joined by ", ").
 */
class AlertmanagerIdentityTest {

    @Test
    void theFingerprintIsAlertmanagers() {
        assertThat(AlertmanagerIdentity.fingerprint(Map.of("alertname", "A", "team", "ops.x")))
                .isEqualTo("8f5cb622b1ca847c");
    }

    @Test
    void aLabelSetIsPrintedAsGoPrintsIt() {
        // "a1=..." sorts before "a=..." as a string ('1' < '='): the pairs are sorted, not the names
        assertThat(AlertmanagerIdentity.labelSet(Map.of("b", "2", "a1", "x", "a", "y\n\"q\"\\")))
                .isEqualTo("{a1=\"x\", a=\"y\\n\\\"q\\\"\\\\\", b=\"2\"}");
        assertThat(AlertmanagerIdentity.labelSet(Map.of("host", "héllo wörld ✓", "ctl", "\u0001\u007f")))
                .isEqualTo("{ctl=\"\\x01\\x7f\", host=\"héllo wörld ✓\"}");
        assertThat(AlertmanagerIdentity.labelSet(Map.of())).isEqualTo("{}");
    }

    @Test
    void matchersAreSortedByNameValueAndOperator() {
        assertThat(AlertmanagerIdentity.matchers(List.of(
                        LabelMatcher.notRegex("team", "x"),
                        LabelMatcher.equal("team", "ops"),
                        LabelMatcher.equal("env", "p\"x"))))
                .isEqualTo("{env=\"p\\\"x\",team=\"ops\",team!~\"x\"}");
    }

    @Test
    void groupKeysAreAlertmanagersWithNamesInItsForm() {
        RecordingNotifier receiver = new RecordingNotifier("ops");
        try (Harness h = new Harness(b -> b.route(Route.where("team", "ops.x")
                .groupBy("alertname", "client.name")
                .groupWait(java.time.Duration.ZERO)
                .to(receiver)))) {
            h.fire(TestAlerts.firing("A", Severity.CRITICAL, Map.of("team", "ops.x", "client.name", "api"), "a"));

            assertThat(receiver.received())
                    .singleElement()
                    .satisfies(n -> assertThat(n.groupKey())
                            .isEqualTo("{}/{team=\"ops.x\"}:{alertname=\"A\", client_name=\"api\"}"));
        }
    }
}

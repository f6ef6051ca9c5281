package dev.vigil.test.guide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.notify.Notification;
import dev.vigil.test.TestAlerts;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackTemplateTest {

    /** The code under test: a one-line summary an application sends to its chat. */
    static String oneLine(Notification n) {
        return n.status() + " " + n.alerts().size() + " " + n.commonLabels().get("alertname");
    }

    @Test
    void aResolvedGroupReadsResolved() {
        Alert disk = TestAlerts.firing("DiskFull", Severity.CRITICAL, Map.of("mount", "/data"), "95% full");
        Alert over = TestAlerts.resolved(disk, TestAlerts.T0.plusSeconds(600));

        assertThat(oneLine(TestAlerts.notification("chat", disk))).isEqualTo("FIRING 1 DiskFull");
        assertThat(oneLine(TestAlerts.notification("chat", over))).isEqualTo("RESOLVED 1 DiskFull");
    }
}

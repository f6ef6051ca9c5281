package dev.vigil.notify.notifier;

import dev.vigil.alerts.rule.Severity;
import dev.vigil.notify.Notification;
import dev.vigil.notify.testkit.TestAlerts;
import java.util.Map;

/** The one-alert notification the channel tests send when only the channel's answer matters. */
final class SampleNotifications {

    private SampleNotifications() {}

    /** A firing notification about one critical alert {@code name} with {@code summary}. */
    static Notification firing(String name, String summary) {
        return TestAlerts.notification(
                "kit", TestAlerts.firing(name, Severity.CRITICAL, Map.of("service", "kit"), summary));
    }
}

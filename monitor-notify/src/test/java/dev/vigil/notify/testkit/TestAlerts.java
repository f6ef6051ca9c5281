package dev.vigil.notify.testkit;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.report.AlertReport;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.notify.Notification;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Alert snapshots and notifications for tests, shaped as the alert engine makes them.
 *
 * <pre>{@code
 * Alert disk = TestAlerts.firing("DiskFull", Severity.CRITICAL, Map.of("mount", "/data"), "95% full");
 * Notification n = TestAlerts.notification("slack", disk);
 * }</pre>
 */
public final class TestAlerts {

    /** The wall time test alerts start firing at. */
    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private TestAlerts() {}

    /** A firing alert since {@link #T0}. */
    public static Alert firing(String name, Severity severity, Map<String, String> labels, String summary) {
        return firing(name, severity, labels, summary, T0);
    }

    /** A firing alert since {@code since}. */
    public static Alert firing(
            String name, Severity severity, Map<String, String> labels, String summary, Instant since) {
        Map<String, String> all = new TreeMap<>(labels);
        all.put("alertname", name);
        Map<String, String> identity = new TreeMap<>(all);
        all.put("severity", severity.label());
        String fingerprint = UUID.nameUUIDFromBytes(identity.toString().getBytes(StandardCharsets.UTF_8))
                .toString()
                .replace("-", "")
                .substring(0, 16);
        Map<String, String> annotations = new HashMap<>();
        annotations.put("summary", summary);
        annotations.put("description", name + " on " + identity);
        return Alert.builder(name, fingerprint)
                .labels(all)
                .annotations(annotations)
                .severity(severity)
                .value(1.0)
                .activeSince(since)
                .firingSince(since)
                .report(new AlertReport("load 1.0, heap 50%"))
                .build();
    }

    /** {@code alert} with another severity (same fingerprint). */
    public static Alert withSeverity(Alert alert, Severity severity) {
        Map<String, String> labels = new TreeMap<>(alert.labels());
        labels.put("severity", severity.label());
        return alert.toBuilder().labels(labels).severity(severity).build();
    }

    /** {@code alert} with other annotations. */
    public static Alert withAnnotations(Alert alert, Map<String, String> annotations) {
        return alert.withAnnotations(annotations);
    }

    /** {@code alert} resolved at {@code at}. */
    public static Alert resolved(Alert alert, Instant at) {
        return alert.toBuilder().state(AlertState.RESOLVED).resolvedAt(at).build();
    }

    /** {@code alert} acknowledged by {@code by}. */
    public static Alert acknowledged(Alert alert, String by, Instant at) {
        return alert.withAcknowledgement(new Alert.Acknowledgement(by, at, "on it"));
    }

    /** {@code alert} muted by a silence. */
    public static Alert silenced(Alert alert, boolean silenced) {
        return alert.withSilenced(silenced);
    }

    /** {@code alert} flapping or not. */
    public static Alert flapping(Alert alert, boolean flapping) {
        return alert.withFlapping(flapping);
    }

    /** A flapping announcement ({@code kind}) to {@code receiver} about {@code alert}. */
    public static Notification announcement(String receiver, Notification.Kind kind, Alert alert) {
        return notification(receiver, alert).toBuilder()
                .kind(kind)
                .stateChangePercent(60.0)
                .build();
    }

    /** A notification to {@code receiver} about {@code alerts}. */
    public static Notification notification(String receiver, Alert... alerts) {
        return notification(receiver, List.of(alerts));
    }

    /** A notification to {@code receiver} about {@code alerts}, grouped by {@code alertname}. */
    public static Notification notification(String receiver, List<Alert> alerts) {
        Alert first = alerts.get(0);
        return Notification.builder(receiver, "{}:{alertname=\"" + first.name() + "\"}")
                .groupLabels(Map.of("alertname", first.name()))
                .alerts(alerts)
                .time(T0)
                .build();
    }
}

package dev.vigil.notify.testkit;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.Severity;
import dev.vigil.alerts.report.AlertReport;
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

    private TestAlerts() {
    }

    /** A firing alert since {@link #T0}. */
    public static Alert firing(String name, Severity severity, Map<String, String> labels, String summary) {
        return firing(name, severity, labels, summary, T0);
    }

    /** A firing alert since {@code since}. */
    public static Alert firing(String name, Severity severity, Map<String, String> labels, String summary, Instant since) {
        Map<String, String> all = new TreeMap<>(labels);
        all.put("alertname", name);
        Map<String, String> identity = new TreeMap<>(all);
        all.put("severity", severity.label());
        String fingerprint = UUID.nameUUIDFromBytes(identity.toString().getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "").substring(0, 16);
        Map<String, String> annotations = new HashMap<>();
        annotations.put("summary", summary);
        annotations.put("description", name + " on " + identity);
        return new Alert(name, fingerprint, all, annotations, AlertState.FIRING, severity, 1.0, since, since, null,
                null, false, false, false, new AlertReport("load 1.0, heap 50%"));
    }

    /** {@code alert} with another severity (same fingerprint). */
    public static Alert withSeverity(Alert alert, Severity severity) {
        Map<String, String> labels = new TreeMap<>(alert.labels());
        labels.put("severity", severity.label());
        return new Alert(alert.rule(), alert.fingerprint(), labels, alert.annotations(), alert.state(), severity,
                alert.value(), alert.activeSince(), alert.firingSince(), alert.resolvedAt(), alert.acknowledgement(),
                alert.silenced(), alert.inhibited(), alert.flapping(), alert.report());
    }

    /** {@code alert} with other annotations. */
    public static Alert withAnnotations(Alert alert, Map<String, String> annotations) {
        return new Alert(alert.rule(), alert.fingerprint(), alert.labels(), annotations, alert.state(),
                alert.severity(), alert.value(), alert.activeSince(), alert.firingSince(), alert.resolvedAt(),
                alert.acknowledgement(), alert.silenced(), alert.inhibited(), alert.flapping(), alert.report());
    }

    /** {@code alert} resolved at {@code at}. */
    public static Alert resolved(Alert alert, Instant at) {
        return new Alert(alert.rule(), alert.fingerprint(), alert.labels(), alert.annotations(), AlertState.RESOLVED,
                alert.severity(), alert.value(), alert.activeSince(), alert.firingSince(), at, alert.acknowledgement(),
                alert.silenced(), alert.inhibited(), alert.flapping(), alert.report());
    }

    /** {@code alert} acknowledged by {@code by}. */
    public static Alert acknowledged(Alert alert, String by, Instant at) {
        return new Alert(alert.rule(), alert.fingerprint(), alert.labels(), alert.annotations(), alert.state(),
                alert.severity(), alert.value(), alert.activeSince(), alert.firingSince(), alert.resolvedAt(),
                new Alert.Acknowledgement(by, at, "on it"), alert.silenced(), alert.inhibited(), alert.flapping(),
                alert.report());
    }

    /** {@code alert} muted by a silence. */
    public static Alert silenced(Alert alert, boolean silenced) {
        return new Alert(alert.rule(), alert.fingerprint(), alert.labels(), alert.annotations(), alert.state(),
                alert.severity(), alert.value(), alert.activeSince(), alert.firingSince(), alert.resolvedAt(),
                alert.acknowledgement(), silenced, alert.inhibited(), alert.flapping(), alert.report());
    }

    /** {@code alert} flapping or not. */
    public static Alert flapping(Alert alert, boolean flapping) {
        return new Alert(alert.rule(), alert.fingerprint(), alert.labels(), alert.annotations(), alert.state(),
                alert.severity(), alert.value(), alert.activeSince(), alert.firingSince(), alert.resolvedAt(),
                alert.acknowledgement(), alert.silenced(), alert.inhibited(), flapping, alert.report());
    }

    /** A flapping announcement ({@code kind}) to {@code receiver} about {@code alert}. */
    public static Notification announcement(String receiver, Notification.Kind kind, Alert alert) {
        Notification n = notification(receiver, alert);
        return new Notification(n.receiver(), n.groupKey(), n.groupLabels(), n.status(), n.alerts(), n.commonLabels(),
                n.commonAnnotations(), "[FLAPPING] " + alert.name(), n.text(), n.time(), kind);
    }

    /** A notification to {@code receiver} about {@code alerts}, rendered simply. */
    public static Notification notification(String receiver, Alert... alerts) {
        return notification(receiver, List.of(alerts));
    }

    /** A notification to {@code receiver} about {@code alerts}, rendered simply. */
    public static Notification notification(String receiver, List<Alert> alerts) {
        boolean firing = alerts.stream().anyMatch(a -> !Notification.isResolved(a));
        Notification.Status status = firing ? Notification.Status.FIRING : Notification.Status.RESOLVED;
        Alert first = alerts.get(0);
        StringBuilder text = new StringBuilder();
        for (Alert a : alerts) {
            text.append(a.name()).append(": ").append(a.annotations().getOrDefault("summary", "")).append('\n');
        }
        String title = (firing ? "[FIRING:" + alerts.stream().filter(a -> !Notification.isResolved(a)).count() + "] "
                : "[RESOLVED] ") + first.name();
        Map<String, String> common = new TreeMap<>(first.labels());
        for (Alert a : alerts) {
            common.entrySet().removeIf(e -> !e.getValue().equals(a.labels().get(e.getKey())));
        }
        Map<String, String> commonAnnotations = new TreeMap<>(first.annotations());
        for (Alert a : alerts) {
            commonAnnotations.entrySet().removeIf(e -> !e.getValue().equals(a.annotations().get(e.getKey())));
        }
        return new Notification(receiver, "{}:{alertname=\"" + first.name() + "\"}",
                Map.of("alertname", first.name()), status, alerts, common, commonAnnotations, title, text.toString(), T0);
    }
}

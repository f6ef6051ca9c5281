package dev.vigil.test;

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
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Alerts and notifications for tests of notifiers, listeners and templates, shaped as the alert
 * engine and the notification grouping make them: {@code alertname} and {@code severity} among the
 * labels, a {@code summary} and a {@code description} annotation, a short report, a notification
 * titled and rendered as a plain-text list. For alerts that a rule really raised, drive an engine
 * with {@link TestVigil} or a {@link TickFeed} instead.
 *
 * <pre>{@code
 * Alert disk = TestAlerts.firing("DiskFull", Severity.CRITICAL, Map.of("mount", "/data"), "95% full");
 * Notification n = TestAlerts.notification("slack", disk);
 * Notification over = TestAlerts.notification("slack", TestAlerts.resolved(disk, TestAlerts.T0.plusSeconds(600)));
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

    /** A firing alert since {@code since}; its fingerprint depends on its name and labels only. */
    public static Alert firing(String name, Severity severity, Map<String, String> labels, String summary,
                               Instant since) {
        requireText("name", name);
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(since, "since");
        Map<String, String> identity = new TreeMap<>(labels);
        identity.put("alertname", name);
        Map<String, String> all = new TreeMap<>(identity);
        all.put("severity", severity.label());
        String fingerprint = UUID.nameUUIDFromBytes(identity.toString().getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "").substring(0, 16);
        Map<String, String> annotations = new HashMap<>();
        annotations.put("summary", summary);
        annotations.put("description", name + " on " + identity);
        return alert(name, fingerprint, all, annotations, AlertState.FIRING, severity, 1.0, since, since, null,
                null, false, false, false, new AlertReport("load 1.0, heap 50%"));
    }

    /** {@code alert} at another severity (the same fingerprint, its {@code severity} label changed). */
    public static Alert withSeverity(Alert alert, Severity severity) {
        Map<String, String> labels = new TreeMap<>(alert.labels());
        labels.put("severity", severity.label());
        return alert(alert.rule(), alert.fingerprint(), labels, alert.annotations(), alert.state(), severity,
                alert.value(), alert.activeSince(), alert.firingSince(), alert.resolvedAt(), alert.acknowledgement(),
                alert.silenced(), alert.inhibited(), alert.flapping(), alert.report());
    }

    /** {@code alert} with other annotations. */
    public static Alert withAnnotations(Alert alert, Map<String, String> annotations) {
        return alert(alert.rule(), alert.fingerprint(), alert.labels(), annotations, alert.state(),
                alert.severity(), alert.value(), alert.activeSince(), alert.firingSince(), alert.resolvedAt(),
                alert.acknowledgement(), alert.silenced(), alert.inhibited(), alert.flapping(), alert.report());
    }

    /** {@code alert} resolved at {@code at}. */
    public static Alert resolved(Alert alert, Instant at) {
        return alert(alert.rule(), alert.fingerprint(), alert.labels(), alert.annotations(), AlertState.RESOLVED,
                alert.severity(), alert.value(), alert.activeSince(), alert.firingSince(),
                Objects.requireNonNull(at, "at"), alert.acknowledgement(), alert.silenced(), alert.inhibited(),
                alert.flapping(), alert.report());
    }

    /** {@code alert} acknowledged by {@code by} at {@code at}. */
    public static Alert acknowledged(Alert alert, String by, Instant at) {
        return alert(alert.rule(), alert.fingerprint(), alert.labels(), alert.annotations(), alert.state(),
                alert.severity(), alert.value(), alert.activeSince(), alert.firingSince(), alert.resolvedAt(),
                new Alert.Acknowledgement(by, at, "on it"), alert.silenced(), alert.inhibited(), alert.flapping(),
                alert.report());
    }

    /** {@code alert} muted by a silence, or no longer. */
    public static Alert silenced(Alert alert, boolean silenced) {
        return alert(alert.rule(), alert.fingerprint(), alert.labels(), alert.annotations(), alert.state(),
                alert.severity(), alert.value(), alert.activeSince(), alert.firingSince(), alert.resolvedAt(),
                alert.acknowledgement(), silenced, alert.inhibited(), alert.flapping(), alert.report());
    }

    /** {@code alert} flapping or not. */
    public static Alert flapping(Alert alert, boolean flapping) {
        return alert(alert.rule(), alert.fingerprint(), alert.labels(), alert.annotations(), alert.state(),
                alert.severity(), alert.value(), alert.activeSince(), alert.firingSince(), alert.resolvedAt(),
                alert.acknowledgement(), alert.silenced(), alert.inhibited(), flapping, alert.report());
    }

    /** A notification to {@code receiver} about {@code alerts}, rendered simply. */
    public static Notification notification(String receiver, Alert... alerts) {
        return notification(receiver, List.of(alerts));
    }

    /**
     * A notification to {@code receiver} about {@code alerts} (at least one), grouped by
     * {@code alertname} of the first, titled {@code [FIRING:n] name} or {@code [RESOLVED] name}.
     */
    public static Notification notification(String receiver, List<Alert> alerts) {
        return notification(receiver, alerts, Notification.Kind.ALERTS);
    }

    /** A flapping announcement ({@code kind}) to {@code receiver} about {@code alert}. */
    public static Notification announcement(String receiver, Notification.Kind kind, Alert alert) {
        return notification(receiver, List.of(alert), kind);
    }

    private static Notification notification(String receiver, List<Alert> alerts, Notification.Kind kind) {
        requireText("receiver", receiver);
        if (alerts.isEmpty()) {
            throw new IllegalArgumentException("alerts must not be empty: " + alerts);
        }
        List<Alert> firing = alerts.stream().filter(a -> !Notification.isResolved(a)).toList();
        Notification.Status status = firing.isEmpty() ? Notification.Status.RESOLVED : Notification.Status.FIRING;
        Alert first = alerts.get(0);
        StringBuilder text = new StringBuilder();
        for (Alert a : alerts) {
            text.append(a.rule()).append(": ").append(a.annotations().getOrDefault("summary", "")).append('\n');
        }
        String title = kind == Notification.Kind.ALERTS
                ? (firing.isEmpty() ? "[RESOLVED] " : "[FIRING:" + firing.size() + "] ") + first.rule()
                : "[FLAPPING] " + first.rule();
        Map<String, String> commonLabels = new TreeMap<>(first.labels());
        Map<String, String> commonAnnotations = new TreeMap<>(first.annotations());
        for (Alert a : alerts) {
            commonLabels.entrySet().removeIf(e -> !e.getValue().equals(a.labels().get(e.getKey())));
            commonAnnotations.entrySet().removeIf(e -> !e.getValue().equals(a.annotations().get(e.getKey())));
        }
        return notification(receiver, "{}:{alertname=\"" + first.rule() + "\"}", Map.of("alertname", first.rule()),
                status, alerts, commonLabels, commonAnnotations, title, text.toString(), T0, kind);
    }

    // The one place an Alert is constructed, so that a change of Alert's construction is one edit.
    private static Alert alert(String rule, String fingerprint, Map<String, String> labels,
                               Map<String, String> annotations, AlertState state, Severity severity, double value,
                               Instant activeSince, Instant firingSince, Instant resolvedAt,
                               Alert.Acknowledgement acknowledgement, boolean silenced, boolean inhibited,
                               boolean flapping, AlertReport report) {
        return new Alert(rule, fingerprint, labels, annotations, state, severity, value, activeSince, firingSince,
                resolvedAt, acknowledgement, silenced, inhibited, flapping, report);
    }

    // The one place a Notification is constructed; status, title, text and the common labels and
    // annotations are derived values that a later Notification may compute itself.
    private static Notification notification(String receiver, String groupKey, Map<String, String> groupLabels,
                                             Notification.Status status, List<Alert> alerts,
                                             Map<String, String> commonLabels, Map<String, String> commonAnnotations,
                                             String title, String text, Instant time, Notification.Kind kind) {
        return new Notification(receiver, groupKey, groupLabels, status, alerts, commonLabels, commonAnnotations,
                title, text, time, kind);
    }

    private static void requireText(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank: '" + value + "'");
        }
    }
}

package dev.vigil.test;

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

    private TestAlerts() {}

    /** A firing alert since {@link #T0}. */
    public static Alert firing(String name, Severity severity, Map<String, String> labels, String summary) {
        return firing(name, severity, labels, summary, T0);
    }

    /** A firing alert since {@code since}; its fingerprint depends on its name and labels only. */
    public static Alert firing(
            String name, Severity severity, Map<String, String> labels, String summary, Instant since) {
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
                .toString()
                .replace("-", "")
                .substring(0, 16);
        Map<String, String> annotations = new HashMap<>();
        annotations.put("summary", summary);
        annotations.put("description", name + " on " + identity);
        return alert(
                name,
                fingerprint,
                all,
                annotations,
                AlertState.FIRING,
                severity,
                1.0,
                since,
                since,
                null,
                null,
                false,
                false,
                false,
                new AlertReport("load 1.0, heap 50%"));
    }

    /** {@code alert} at another severity (the same fingerprint, its {@code severity} label changed). */
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
        return alert.toBuilder()
                .state(AlertState.RESOLVED)
                .resolvedAt(Objects.requireNonNull(at, "at"))
                .build();
    }

    /** {@code alert} acknowledged by {@code by} at {@code at}. */
    public static Alert acknowledged(Alert alert, String by, Instant at) {
        return alert.withAcknowledgement(new Alert.Acknowledgement(by, at, "on it"));
    }

    /** {@code alert} muted by a silence, or no longer. */
    public static Alert silenced(Alert alert, boolean silenced) {
        return alert.withSilenced(silenced);
    }

    /** {@code alert} flapping or not. */
    public static Alert flapping(Alert alert, boolean flapping) {
        return alert.withFlapping(flapping);
    }

    /** A notification to {@code receiver} about {@code alerts}. */
    public static Notification notification(String receiver, Alert... alerts) {
        return notification(receiver, List.of(alerts));
    }

    /**
     * A notification to {@code receiver} about {@code alerts} (at least one), grouped by
     * {@code alertname} of the first; its title and text are rendered as Vigil renders them.
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
        Alert first = alerts.get(0);
        Notification.Builder b = Notification.builder(receiver, "{}:{alertname=\"" + first.rule() + "\"}")
                .groupLabels(Map.of("alertname", first.rule()))
                .alerts(alerts)
                .time(T0)
                .kind(kind);
        return kind.announcement() ? b.stateChangePercent(60.0).build() : b.build();
    }

    private static Alert alert(
            String rule,
            String fingerprint,
            Map<String, String> labels,
            Map<String, String> annotations,
            AlertState state,
            Severity severity,
            double value,
            Instant activeSince,
            Instant firingSince,
            Instant resolvedAt,
            Alert.Acknowledgement acknowledgement,
            boolean silenced,
            boolean inhibited,
            boolean flapping,
            AlertReport report) {
        return Alert.builder(rule, fingerprint)
                .labels(labels)
                .annotations(annotations)
                .state(state)
                .severity(severity)
                .value(value)
                .activeSince(activeSince)
                .firingSince(firingSince)
                .resolvedAt(resolvedAt)
                .acknowledgement(acknowledgement)
                .silenced(silenced)
                .inhibited(inhibited)
                .flapping(flapping)
                .report(report)
                .build();
    }

    private static void requireText(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank: '" + value + "'");
        }
    }
}

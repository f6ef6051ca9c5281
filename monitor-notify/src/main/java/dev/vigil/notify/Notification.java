package dev.vigil.notify;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.Severity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One message for one receiver about one group of alerts, as Alertmanager groups them.
 *
 * <pre>{@code
 * Notifier console = n -> {
 *     System.out.println(n.title() + "\n" + n.text());
 *     return DeliveryResult.delivered();
 * };
 * }</pre>
 *
 * @param receiver the receiver's name ({@link Notifier#name()})
 * @param groupKey identifies the group: the route and the values of its {@code groupBy} labels
 * @param groupLabels the {@code groupBy} labels and their values
 * @param status {@code FIRING} when at least one alert fires, else {@code RESOLVED}
 * @param alerts the alerts: firing ones first, then resolved ones
 * @param commonLabels labels with the same value on every alert
 * @param commonAnnotations annotations with the same value on every alert
 * @param title a one-line rendering, for a subject line
 * @param text a plain-text rendering of every alert
 * @param time when the notification was made
 * @param kind what the notification is about: the group's alerts, or an announcement that an
 *        alert started or stopped flapping (which changes no incident)
 */
public record Notification(String receiver, String groupKey, Map<String, String> groupLabels, Status status,
                           List<Alert> alerts, Map<String, String> commonLabels,
                           Map<String, String> commonAnnotations, String title, String text, Instant time,
                           Kind kind) {

    /**
     * What a notification is about. Receivers that keep incident state (PagerDuty, Alertmanager,
     * webhooks) act only on {@link #ALERTS}; the announcements are news for people (chat, mail,
     * log): their {@code status} is the flapping alert's latest state, not the group's.
     */
    public enum Kind {
        /** The state of the group's alerts: open, update or close incidents by it. */
        ALERTS,
        /** An alert started flapping: its problem notifications are held back until it settles. */
        FLAPPING_STARTED,
        /** An alert stopped flapping: its notifications resume. */
        FLAPPING_STOPPED;

        /** Whether this is a flapping announcement rather than the group's state. */
        public boolean announcement() {
            return this != ALERTS;
        }
    }

    /** Whether a notification is about a problem or the end of one. */
    public enum Status {
        /** At least one alert fires. */
        FIRING,
        /** Every alert resolved. */
        RESOLVED;

        /** {@code firing} or {@code resolved}, as on the wire. */
        public String label() {
            return this == FIRING ? "firing" : "resolved";
        }
    }

    public Notification {
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(groupKey, "groupKey");
        groupLabels = Map.copyOf(groupLabels);
        Objects.requireNonNull(status, "status");
        alerts = List.copyOf(alerts);
        if (alerts.isEmpty()) {
            throw new IllegalArgumentException("alerts must not be empty (groupKey " + groupKey + ")");
        }
        commonLabels = Map.copyOf(commonLabels);
        commonAnnotations = Map.copyOf(commonAnnotations);
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
    }

    /** A notification about the state of the group's alerts ({@link Kind#ALERTS}). */
    public Notification(String receiver, String groupKey, Map<String, String> groupLabels, Status status,
                        List<Alert> alerts, Map<String, String> commonLabels, Map<String, String> commonAnnotations,
                        String title, String text, Instant time) {
        this(receiver, groupKey, groupLabels, status, alerts, commonLabels, commonAnnotations, title, text, time,
                Kind.ALERTS);
    }

    /** The group labels in name order. */
    public Map<String, String> sortedGroupLabels() {
        return new TreeMap<>(groupLabels);
    }

    /** The firing alerts. */
    public List<Alert> firing() {
        return alerts.stream().filter(a -> !isResolved(a)).toList();
    }

    /** The resolved alerts. */
    public List<Alert> resolved() {
        return alerts.stream().filter(Notification::isResolved).toList();
    }

    /** The highest severity among the alerts. */
    public Severity severity() {
        return alerts.stream().map(Alert::severity).max(Enum::compareTo).orElse(Severity.WARNING);
    }

    /**
     * A stable key for this group: the same for every notification about the group, for
     * receivers that deduplicate (64 hex characters).
     */
    public String dedupKey() {
        return sha256(groupKey);
    }

    /** Whether {@code alert} counts as resolved on the wire. */
    public static boolean isResolved(Alert alert) {
        return alert.state() == AlertState.RESOLVED;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}

package dev.vigil.notify;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.rule.Severity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One message for one receiver about one group of alerts, as Alertmanager groups them.
 *
 * <p>A notification holds what it is about (its receiver, its group, the alerts, when, and its
 * {@link Kind}); everything else is derived from those: {@link #status()}, {@link #title()},
 * {@link #text()}, {@link #commonLabels()} and {@link #commonAnnotations()}. It is a class rather
 * than a record so that it can gain fields without breaking the notifiers that read it; tests that
 * need one make it with {@link #builder(String, String)}.
 *
 * <pre>{@code
 * Notifier console = n -> {
 *     System.out.println(n.title() + "\n" + n.text());
 *     return DeliveryResult.delivered();
 * };
 * }</pre>
 */
public final class Notification {

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

    private final String receiver;
    private final Content content;

    private Notification(String receiver, Content content) {
        this.receiver = receiver;
        this.content = content;
    }

    /**
     * A builder of a notification to {@code receiver} about the group {@code groupKey}.
     *
     * <pre>{@code
     * Notification n = Notification.builder("ops-slack", "{}:{alertname=\"disk-full\"}")
     *         .groupLabels(Map.of("alertname", "disk-full"))
     *         .alerts(List.of(alert))
     *         .time(Instant.now())
     *         .build();
     * }</pre>
     */
    public static Builder builder(String receiver, String groupKey) {
        return new Builder(receiver, groupKey);
    }

    /** A builder holding this notification's values, to make a changed copy. */
    public Builder toBuilder() {
        return new Builder(receiver, content.groupKey)
                .groupLabels(content.groupLabels)
                .alerts(content.alerts)
                .time(content.time)
                .kind(content.kind)
                .stateChangePercent(content.stateChangePercent)
                .scope(content.scope);
    }

    /**
     * The same notification for another receiver: what is derived from the alerts is shared, not
     * rendered again.
     */
    Notification forReceiver(String receiver) {
        return new Notification(Objects.requireNonNull(receiver, "receiver"), content);
    }

    /** The receiver's name ({@link Notifier#name()}). */
    public String receiver() {
        return receiver;
    }

    /** Identifies the group: the route and the values of its {@code groupBy} labels. */
    public String groupKey() {
        return content.groupKey;
    }

    /** The {@code groupBy} labels and their values. */
    public Map<String, String> groupLabels() {
        return content.groupLabels;
    }

    /** The alerts: firing ones first, then resolved ones. */
    public List<Alert> alerts() {
        return content.alerts;
    }

    /** When the notification was made. */
    public Instant time() {
        return content.time;
    }

    /**
     * What the notification is about: the group's alerts, or an announcement that an alert started
     * or stopped flapping (which changes no incident).
     */
    public Kind kind() {
        return content.kind;
    }

    /**
     * For a flapping announcement, the alert's percent state change (Nagios' measure) when it
     * started or stopped flapping; {@code NaN} for a notification about the group's alerts.
     */
    public double stateChangePercent() {
        return content.stateChangePercent;
    }

    /** {@code FIRING} when at least one alert fires, else {@code RESOLVED}. */
    public Status status() {
        return content.status;
    }

    /** Labels with the same value on every alert. */
    public Map<String, String> commonLabels() {
        return content.commonLabels();
    }

    /** Annotations with the same value on every alert. */
    public Map<String, String> commonAnnotations() {
        return content.commonAnnotations();
    }

    /** A one-line rendering, for a subject line: {@code [FIRING:2] disk-full}. */
    public String title() {
        return content.title();
    }

    /**
     * A plain-text rendering of the alerts: one entry per alert, each value on one line, bounded in
     * size (docs/notify.md has the limits).
     */
    public String text() {
        return content.text();
    }

    /** The group labels in name order. */
    public Map<String, String> sortedGroupLabels() {
        return new TreeMap<>(content.groupLabels);
    }

    /** The firing alerts. */
    public List<Alert> firing() {
        return content.alerts.stream().filter(a -> !isResolved(a)).toList();
    }

    /** The resolved alerts. */
    public List<Alert> resolved() {
        return content.alerts.stream().filter(Notification::isResolved).toList();
    }

    /** The highest severity among the alerts. */
    public Severity severity() {
        return content.severity;
    }

    /**
     * The instance of a fleet this notification comes from: the alert engine's external labels as
     * Alertmanager prints a label set ({@code {instance="web-1"}}), or empty when it has none.
     */
    public String scope() {
        return content.scope;
    }

    /**
     * A stable key for this group: the same for every notification about the group from one
     * instance, for receivers that deduplicate (64 hex characters). It is the SHA-256 of the group
     * key, as Alertmanager's, followed by the {@linkplain #scope() scope} when there is one: two
     * hosts of a fleet, each grouping its own alerts, must never share a PagerDuty incident, nor
     * resolve one the other still has open.
     */
    public String dedupKey() {
        return sha256(content.scope.isEmpty() ? content.groupKey : content.groupKey + content.scope);
    }

    /** Whether {@code alert} counts as resolved on the wire. */
    public static boolean isResolved(Alert alert) {
        return alert.state() == AlertState.RESOLVED;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o == this || (o instanceof Notification n && receiver.equals(n.receiver) && content.equals(n.content));
    }

    @Override
    public int hashCode() {
        return 31 * receiver.hashCode() + content.hashCode();
    }

    @Override
    public String toString() {
        return "Notification[receiver=" + receiver + ", groupKey=" + content.groupKey + ", status=" + content.status
                + ", kind=" + content.kind + ", alerts=" + content.alerts.size() + ", time=" + content.time + "]";
    }

    /**
     * What every receiver's copy of one notification shares; the renderings are made once, on
     * first use, by whichever receiver's thread asks first (the same result either way).
     */
    private static final class Content {
        final String groupKey;
        final Map<String, String> groupLabels;
        final List<Alert> alerts;
        final Instant time;
        final Kind kind;
        final double stateChangePercent;
        final String scope;
        final Status status;
        final Severity severity;
        private @Nullable Map<String, String> commonLabels;
        private @Nullable Map<String, String> commonAnnotations;
        private @Nullable String title;
        private @Nullable String text;

        Content(
                String groupKey,
                Map<String, String> groupLabels,
                List<Alert> alerts,
                Instant time,
                Kind kind,
                double stateChangePercent,
                String scope) {
            this.groupKey = groupKey;
            this.scope = scope;
            this.groupLabels = groupLabels;
            this.alerts = alerts;
            this.time = time;
            this.kind = kind;
            this.stateChangePercent = stateChangePercent;
            // loops, not streams: a notification is made on the way of every page
            Status st = Status.RESOLVED;
            Severity highest = null;
            for (Alert a : alerts) {
                if (!isResolved(a)) {
                    st = Status.FIRING;
                }
                if (highest == null || a.severity().compareTo(highest) > 0) {
                    highest = a.severity();
                }
            }
            this.status = st;
            this.severity = highest == null ? Severity.WARNING : highest;
        }

        Map<String, String> commonLabels() {
            Map<String, String> m = commonLabels;
            if (m == null) {
                m = Map.copyOf(
                        Rendering.common(alerts.stream().map(Alert::labels).toList()));
                commonLabels = m;
            }
            return m;
        }

        Map<String, String> commonAnnotations() {
            Map<String, String> m = commonAnnotations;
            if (m == null) {
                m = Map.copyOf(
                        Rendering.common(alerts.stream().map(Alert::annotations).toList()));
                commonAnnotations = m;
            }
            return m;
        }

        String title() {
            String t = title;
            if (t == null) {
                t = switch (kind) {
                    case ALERTS -> Rendering.title(status, alerts, groupLabels);
                    case FLAPPING_STARTED ->
                        "[FLAPPING] " + Dispatcher.safeKey(alerts.get(0).name());
                    case FLAPPING_STOPPED ->
                        "[FLAPPING STOPPED] " + Dispatcher.safeKey(alerts.get(0).name());
                };
                title = t;
            }
            return t;
        }

        String text() {
            String t = text;
            if (t == null) {
                t = kind == Kind.ALERTS ? Rendering.text(alerts) : announcement() + Rendering.text(alerts);
                text = t;
            }
            return t;
        }

        private String announcement() {
            String what = kind == Kind.FLAPPING_STARTED
                    ? "Started flapping: notifications are held back until it settles"
                    : "Stopped flapping: notifications resume";
            return Double.isNaN(stateChangePercent)
                    ? what + System.lineSeparator()
                    : String.format(Locale.ROOT, "%s (%.1f%% state change)%n", what, stateChangePercent);
        }

        @Override
        public boolean equals(@Nullable Object o) {
            return o == this
                    || (o instanceof Content c
                            && groupKey.equals(c.groupKey)
                            && groupLabels.equals(c.groupLabels)
                            && alerts.equals(c.alerts)
                            && time.equals(c.time)
                            && kind == c.kind
                            && Double.compare(stateChangePercent, c.stateChangePercent) == 0
                            && scope.equals(c.scope));
        }

        @Override
        public int hashCode() {
            return Objects.hash(groupKey, groupLabels, alerts, time, kind, stateChangePercent, scope);
        }
    }

    /** Builds a {@link Notification}; {@link #build()} checks it. */
    public static final class Builder {
        private final String receiver;
        private final String groupKey;
        private Map<String, String> groupLabels = Map.of();
        private List<Alert> alerts = List.of();
        private @Nullable Instant time;
        private Kind kind = Kind.ALERTS;
        private double stateChangePercent = Double.NaN;
        private String scope = "";

        private Builder(String receiver, String groupKey) {
            this.receiver = Objects.requireNonNull(receiver, "receiver");
            this.groupKey = Objects.requireNonNull(groupKey, "groupKey");
        }

        /** The {@code groupBy} labels and their values (copied). */
        public Builder groupLabels(Map<String, String> groupLabels) {
            this.groupLabels = Objects.requireNonNull(groupLabels, "groupLabels");
            return this;
        }

        /** The alerts, firing ones first (copied; at least one). */
        public Builder alerts(List<Alert> alerts) {
            this.alerts = Objects.requireNonNull(alerts, "alerts");
            return this;
        }

        /** When the notification is made. */
        public Builder time(Instant time) {
            this.time = Objects.requireNonNull(time, "time");
            return this;
        }

        /** What it is about; {@link Kind#ALERTS} unless told otherwise. */
        public Builder kind(Kind kind) {
            this.kind = Objects.requireNonNull(kind, "kind");
            return this;
        }

        /** For an announcement, the flapping alert's percent state change. */
        public Builder stateChangePercent(double percent) {
            this.stateChangePercent = percent;
            return this;
        }

        /** The instance it comes from (see {@link Notification#scope()}); empty unless told otherwise. */
        public Builder scope(String scope) {
            this.scope = Objects.requireNonNull(scope, "scope");
            return this;
        }

        /**
         * The notification.
         *
         * @throws IllegalArgumentException when it has no alert, an announcement is about more than
         *         one alert, or the time is missing
         */
        public Notification build() {
            List<Alert> copy = List.copyOf(alerts);
            if (copy.isEmpty()) {
                throw new IllegalArgumentException("alerts must not be empty (groupKey " + groupKey + ")");
            }
            if (kind.announcement() && copy.size() != 1) {
                throw new IllegalArgumentException("a " + kind + " announcement is about one alert, got " + copy.size()
                        + " (groupKey " + groupKey + ")");
            }
            if (time == null) {
                throw new IllegalArgumentException("time must be set (groupKey " + groupKey + ")");
            }
            return new Notification(
                    receiver,
                    new Content(groupKey, Map.copyOf(groupLabels), copy, time, kind, stateChangePercent, scope));
        }
    }
}

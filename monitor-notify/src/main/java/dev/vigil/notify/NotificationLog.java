package dev.vigil.notify;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEvent;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.core.journal.Fields;
import dev.vigil.core.journal.JournaledMap;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alertmanager's notification log, kept in the {@code nflog.*} files of the state directory (a
 * {@link JournaledMap}): per receiver, group key and alert fingerprint, the firing alert the
 * receiver was last told of and when. An entry is written once the receiver acknowledged the
 * delivery, and removed once it acknowledged the resolution. On start the dispatcher's groups are
 * rebuilt from it: a firing alert is not notified again before its repeat interval, and one that
 * resolves (also while the application was down) is resolved to every receiver told it fired.
 */
final class NotificationLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Notifications.class);
    static final String NAME = "nflog";
    /** The sub-directory of a {@code Storage} the log is kept in. */
    static final String COMPONENT = "notify";

    static final String SENT = "sent";
    static final String FIRING = "firing";
    /**
     * A firing notification on its way to a receiver, not yet acknowledged: after a kill it may or
     * may not have reached the receiver, so a resolution is owed to that receiver as if it had.
     */
    static final String ATTEMPT = "attempt";

    /** One entry: a receiver was told at {@code sentAt} that {@code alert} fires, in group {@code groupKey}. */
    record Entry(String receiver, String groupKey, Alert alert, Instant sentAt) {}

    private final JournaledMap map;

    private NotificationLog(JournaledMap map) {
        this.map = map;
    }

    /** {@code threadFactory} null: the journal's fsync thread is a daemon of Vigil's own. */
    static NotificationLog open(
            Path directory, Duration fsyncInterval, java.util.concurrent.ThreadFactory threadFactory) {
        return new NotificationLog(JournaledMap.open(directory, NAME, fsyncInterval, threadFactory));
    }

    /**
     * Records an event before the dispatcher acts on it: the firing alerts this side heard of, so
     * that after a kill between hearing and delivering, the notification is still owed; with their
     * mutes and acknowledgement as last heard, so that one muted is not paged at the start (before
     * the engine's {@code Restored} events bring the mutes as they are then).
     */
    void heard(AlertEvent event) {
        Alert a = event.alert();
        String key = Fields.join(FIRING, a.fingerprint());
        if (event instanceof AlertEvent.Resolved) {
            map.remove(key);
        } else if (a.state() == AlertState.FIRING && changesWhatIsOwed(event)) {
            map.put(key, encode(a, event.time()));
        }
    }

    private static boolean changesWhatIsOwed(AlertEvent event) {
        return event instanceof AlertEvent.Fired
                || event instanceof AlertEvent.SeverityChanged
                || event instanceof AlertEvent.Silenced
                || event instanceof AlertEvent.Unsilenced
                || event instanceof AlertEvent.Acknowledged
                || event instanceof AlertEvent.FlappingStarted
                || event instanceof AlertEvent.FlappingStopped;
    }

    /** The firing alerts heard of and not yet resolved, as stored. */
    List<Alert> firing() {
        List<Alert> out = new ArrayList<>();
        for (Map.Entry<String, String> e : map.entries().entrySet()) {
            if (e.getKey().startsWith(FIRING + " ")) {
                try {
                    out.add(decodeAlert(Fields.split(e.getValue())));
                } catch (RuntimeException bad) {
                    log.warn("Vigil notification log: cannot read entry '{}'; dropped", e.getKey(), bad);
                    map.remove(e.getKey());
                }
            }
        }
        return out;
    }

    /** The delivery entries stored; unreadable ones are dropped with a warning. */
    List<Entry> entries() {
        return entries(SENT);
    }

    /** The entries of {@code kind} ({@link #SENT} or {@link #ATTEMPT}); unreadable ones are dropped with a warning. */
    private List<Entry> entries(String kind) {
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<String, String> e : map.entries().entrySet()) {
            if (!e.getKey().startsWith(kind + " ")) {
                continue;
            }
            try {
                out.add(decode(e.getKey(), e.getValue()));
            } catch (RuntimeException bad) {
                log.warn("Vigil notification log: cannot read entry '{}'; dropped", e.getKey(), bad);
                map.remove(e.getKey());
            }
        }
        return out;
    }

    /**
     * Rebuilds the dispatcher's groups as the receivers last heard of them, then routes again
     * what is owed: firing alerts heard of but perhaps not delivered before a kill (receivers that
     * have them are not told again), and the resolution of alerts a receiver was told fire but
     * that resolved before the resolve reached it.
     */
    void restore(Dispatcher dispatcher, Instant now) {
        Map<String, Alert> firing = new java.util.LinkedHashMap<>();
        for (Alert a : firing()) {
            firing.put(a.fingerprint(), a);
        }
        Map<String, Alert> resolvedOwed = new java.util.LinkedHashMap<>();
        for (Entry e : entries()) {
            if (!dispatcher.restore(e.groupKey(), e.alert(), e.receiver(), e.sentAt(), now)) {
                drop(e);
            } else if (!firing.containsKey(e.alert().fingerprint())) {
                resolvedOwed.put(e.alert().fingerprint(), e.alert());
            }
        }
        // A page in flight at the kill, of an alert heard resolved since: the receiver may have it,
        // so it gets the resolve. One still heard firing is routed again below (sent once more, the
        // request may never have left), so it is not put back as told.
        for (Entry e : entries(ATTEMPT)) {
            String fp = e.alert().fingerprint();
            if (!firing.containsKey(fp) && dispatcher.restore(e.groupKey(), e.alert(), e.receiver(), e.sentAt(), now)) {
                resolvedOwed.put(fp, e.alert());
            }
            map.remove(Fields.join(ATTEMPT, e.receiver(), e.groupKey(), fp));
        }
        for (Alert a : firing.values()) {
            dispatcher.accept(new AlertEvent.Fired(a, now));
        }
        for (Alert a : resolvedOwed.values()) {
            dispatcher.accept(new AlertEvent.Resolved(Dispatcher.resolvedCopy(a, now), now));
        }
    }

    /** Drops an entry whose receiver or route is gone. */
    void drop(Entry entry) {
        map.remove(key(entry.receiver(), entry.groupKey(), entry.alert().fingerprint()));
    }

    /** Records what {@code receiver} acknowledged: firing alerts are put, resolved ones removed. */
    void delivered(String receiver, Notification n) {
        if (n.kind() != Notification.Kind.ALERTS) {
            return; // flapping announcements change no incident
        }
        for (Alert a : n.alerts()) {
            String key = key(receiver, n.groupKey(), a.fingerprint());
            if (Notification.isResolved(a)) {
                map.remove(key);
            } else {
                map.put(key, encode(a, n.time()));
            }
            map.remove(Fields.join(ATTEMPT, receiver, n.groupKey(), a.fingerprint()));
        }
    }

    /** Marks the firing alerts of {@code n} as on their way to {@code receiver} (see {@link #ATTEMPT}). */
    void attempting(String receiver, Notification n, boolean done) {
        if (n.kind() != Notification.Kind.ALERTS) {
            return;
        }
        for (Alert a : n.alerts()) {
            if (!Notification.isResolved(a)) {
                String key = Fields.join(ATTEMPT, receiver, n.groupKey(), a.fingerprint());
                if (done) {
                    map.remove(key);
                } else {
                    map.put(key, encode(a, n.time()));
                }
            }
        }
    }

    /** A notifier that records each notification it delivered in the log {@code log} gives, if any. */
    static Notifier recording(Notifier notifier, java.util.function.Supplier<NotificationLog> log) {
        return new Notifier() {
            @Override
            public DeliveryResult deliver(Notification notification) {
                NotificationLog kept = log.get();
                if (kept != null) {
                    try {
                        kept.attempting(notifier.name(), notification, false);
                    } catch (RuntimeException e) {
                        NotificationLog.log.warn(
                                "Vigil notification log: cannot record an attempt to {}", notifier.name(), e);
                    }
                }
                DeliveryResult result = notifier.deliver(notification);
                if (kept != null && !(result instanceof DeliveryResult.Delivered)) {
                    try {
                        kept.attempting(notifier.name(), notification, true); // answered: not delivered
                    } catch (RuntimeException e) {
                        NotificationLog.log.warn(
                                "Vigil notification log: cannot record an attempt to {}", notifier.name(), e);
                    }
                }
                if (kept != null && result instanceof DeliveryResult.Delivered) {
                    try {
                        kept.delivered(notifier.name(), notification);
                    } catch (RuntimeException e) {
                        NotificationLog.log.warn(
                                "Vigil notification log: cannot record delivery to {}", notifier.name(), e);
                    }
                }
                return result;
            }

            @Override
            public String name() {
                return notifier.name();
            }

            @Override
            public Duration timeout() {
                return notifier.timeout();
            }

            @Override
            public @Nullable String disabledReason() {
                return notifier.disabledReason();
            }
        };
    }

    @Override
    public void close() {
        map.close();
    }

    static String key(String receiver, String groupKey, String fingerprint) {
        return Fields.join(SENT, receiver, groupKey, fingerprint);
    }

    static String encode(Alert a, Instant sentAt) {
        return Fields.join(
                sentAt.toEpochMilli(),
                a.rule(),
                a.fingerprint(),
                Fields.labels(a.labels()),
                Fields.labels(a.annotations()),
                a.severity(),
                a.value(),
                millis(a.activeSince()),
                millis(a.firingSince()),
                a.silenced(),
                a.inhibited(),
                a.flapping(),
                a.acknowledgement() == null ? null : a.acknowledgement().by(),
                a.acknowledgement() == null ? null : a.acknowledgement().at().toEpochMilli(),
                a.acknowledgement() == null ? null : a.acknowledgement().note());
    }

    private static @Nullable Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    private static @Nullable Instant instant(String field) {
        return field == null ? null : Instant.ofEpochMilli(Long.parseLong(field));
    }

    static Entry decode(String key, String value) {
        List<String> k = Fields.split(key);
        return new Entry(
                k.get(1),
                k.get(2),
                decodeAlert(Fields.split(value)),
                instant(Fields.split(value).get(0)));
    }

    /** An alert as {@link #encode} wrote it; an entry of an earlier version (nine fields) has no mutes. */
    static Alert decodeAlert(List<String> f) {
        Alert.Builder b = Alert.builder(f.get(1), f.get(2))
                .labels(Fields.labels(f.get(3)))
                .annotations(Fields.labels(f.get(4)))
                .state(AlertState.FIRING)
                .severity(Severity.valueOf(f.get(5)))
                .value(Double.parseDouble(f.get(6)))
                .activeSince(instant(f.get(7)))
                .firingSince(instant(f.get(8)));
        if (f.size() >= 15) {
            b.silenced(Boolean.parseBoolean(f.get(9)))
                    .inhibited(Boolean.parseBoolean(f.get(10)))
                    .flapping(Boolean.parseBoolean(f.get(11)));
            Instant ackAt = instant(f.get(13));
            if (f.get(12) != null && ackAt != null) {
                b.acknowledgement(new Alert.Acknowledgement(f.get(12), ackAt, f.get(14) == null ? "" : f.get(14)));
            }
        }
        return b.build();
    }
}

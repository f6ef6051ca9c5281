package dev.vigil.alerts;

import dev.vigil.alerts.label.LabelMatcher;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.alerts.silence.MaintenanceWindow;
import dev.vigil.alerts.silence.Silence;
import dev.vigil.core.journal.Fields;
import dev.vigil.core.journal.JournaledMap;
import dev.vigil.core.metric.MetricId;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's durable state in {@code alerts.*} files of the state directory (a
 * {@link JournaledMap}): active alerts with their timers, acknowledgement and flap history;
 * silences; maintenance windows added at run time; and the time of the last evaluation, from which
 * the downtime is measured on the next start. Touched under the engine's evaluation lock, except
 * silences and windows, which the map's own lock covers.
 */
final class AlertStateStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AlertEngine.class);
    static final String NAME = "alerts";
    /** The sub-directory of a {@code Storage} the engine keeps its state in. */
    static final String COMPONENT = "alerts";

    static final String ALERT = "alert/";
    static final String SILENCE = "silence/";
    static final String WINDOW = "window/";
    static final String CLOCK = "clock";
    private static final long NONE = AlertInstance.NONE;
    /** Rewrites every active alert this often, so a flap history is at most this stale. */
    private static final long REFRESH_MILLIS = 60_000;
    /**
     * How long (of evaluation time) a resolved alert's record is kept after the resolution: a kill
     * before a listener took the {@code Resolved} event must not leave a receiver's incident open,
     * so the next start tells listeners again ({@link AlertEvent.Restored}). Far above the time a
     * listener takes an event, even one far behind.
     */
    static final long RESOLVED_KEPT_MILLIS = 15 * 60_000;

    private final JournaledMap map;
    private final long restoreTolerance;
    private final Map<String, List<String>> toRestore = new HashMap<>();
    private final Map<String, Long> silenceEnds = new ConcurrentHashMap<>();
    private final Map<String, Long> windowEnds = new ConcurrentHashMap<>();
    /** Resolved alerts' records still kept, by fingerprint, with their resolution time. */
    private final Map<String, Long> resolvedKept = new HashMap<>();

    private final long lastClock;
    private long lastRefresh = NONE;

    private AlertStateStore(JournaledMap map, long restoreTolerance) {
        this.map = map;
        this.restoreTolerance = restoreTolerance;
        String clock = map.get(CLOCK);
        this.lastClock = clock == null ? NONE : Long.parseLong(clock);
    }

    /**
     * Opens the state in {@code directory} and puts the stored silences and windows back in force
     * in {@code muting}; silences made before (an engine given a storage by its monitor after it was
     * built) are stored too. {@code threadFactory} null: the journal's fsync thread is a daemon of
     * Vigil's own.
     */
    static AlertStateStore open(
            Path directory,
            Duration fsyncInterval,
            Duration restoreTolerance,
            Muting muting,
            long now,
            @Nullable ThreadFactory threadFactory) {
        AlertStateStore store = new AlertStateStore(
                JournaledMap.open(directory, NAME, fsyncInterval, threadFactory), restoreTolerance.toMillis());
        muting.silences(now).forEach(store::silenceAdded);
        store.restoreMutes(muting, now);
        muting.journalTo(store);
        return store;
    }

    /**
     * Replaces the rules in {@code book}; with a {@code store}, the stored alerts the new rules no
     * longer have are forgotten, except one the removal resolved to listeners told it fired: it is
     * kept as resolved, as any resolved alert is, so that a kill before every listener heard the
     * resolution leaves it to be announced at the start.
     */
    static void replaceRules(@Nullable AlertStateStore store, SeriesBook book, RuleSet next, long now, Outbox out) {
        AlertInstance[] before = store == null ? null : java.util.Arrays.copyOf(book.instances(), book.instanceCount());
        book.replaceRules(next, now, out);
        if (store == null || before == null) {
            return;
        }
        Set<String> kept = book.fingerprints();
        for (AlertInstance a : before) {
            if (!kept.contains(a.fingerprint)) {
                store.dropped(a, now);
            }
        }
    }

    /**
     * An alert the engine let go (its rule removed, or forgotten with its quiet series): kept as
     * resolved while listeners may not all have heard its resolution, else forgotten.
     */
    void dropped(AlertInstance a, long now) {
        if (a.state == AlertState.RESOLVED && a.resolvedAt != NONE && now - a.resolvedAt < RESOLVED_KEPT_MILLIS) {
            map.put(ALERT + a.fingerprint, encode(a));
            resolvedKept.put(a.fingerprint, a.resolvedAt);
        } else {
            forget(a.fingerprint);
        }
    }

    /** Puts the stored silences and windows back in force; those ended while down are dropped. */
    void restoreMutes(Muting muting, long now) {
        for (Map.Entry<String, String> e : map.entries().entrySet()) {
            try {
                if (e.getKey().startsWith(SILENCE)) {
                    String id = e.getKey().substring(SILENCE.length());
                    Silence s = decodeSilence(Fields.split(e.getValue()));
                    if (s.endsAt().toEpochMilli() <= now) {
                        map.remove(e.getKey());
                    } else {
                        muting.restore(id, s);
                        silenceEnds.put(id, s.endsAt().toEpochMilli());
                    }
                } else if (e.getKey().startsWith(WINDOW)) {
                    MaintenanceWindow w = decodeWindow(Fields.split(e.getValue()));
                    String key = windowKey(e.getValue());
                    if (!key.equals(e.getKey())) { // written under a 32-bit hash by an earlier version
                        map.remove(e.getKey());
                        if (map.get(key) != null) {
                            continue; // two keys of one window: one is enough
                        }
                        map.put(key, e.getValue());
                    }
                    if (w instanceof MaintenanceWindow.OneOff o && o.end().toEpochMilli() <= now) {
                        map.remove(key);
                    } else {
                        muting.addWindow(w);
                        if (w instanceof MaintenanceWindow.OneOff o) {
                            windowEnds.put(key, o.end().toEpochMilli());
                        }
                    }
                } else if (e.getKey().startsWith(ALERT)) {
                    toRestore.put(e.getKey().substring(ALERT.length()), Fields.split(e.getValue()));
                }
            } catch (RuntimeException bad) {
                log.warn("Vigil alert state: cannot read stored '{}'; dropped", e.getKey(), bad);
                map.remove(e.getKey());
            }
        }
    }

    /**
     * Puts the stored alerts back, at the first evaluation after the start ({@code now}), and
     * returns what listeners are to hear of them before that evaluation's own events: a
     * {@link AlertEvent.Restored} for every alert put back and for every alert resolved shortly
     * before the stop, and a {@link AlertEvent.Resolved} for every alert listeners were told fires
     * whose rule is gone (or changed its identity: its name or labels, or no longer selects the
     * series). Timers resume where they stood: the downtime counts neither for nor against a
     * pending {@code for} or a {@code keepFiringFor}. A PENDING alert is restored only when the
     * downtime is within the restore tolerance; a FIRING one always, so it is neither notified
     * again nor left unresolved.
     */
    List<Restoration> restoreAlerts(SeriesBook book, RuleSet rules, long now) {
        List<Restoration> out = new ArrayList<>();
        if (toRestore.isEmpty()) {
            return out;
        }
        long downtime = lastClock == NONE ? 0 : Math.max(0, now - lastClock);
        Map<String, Rule> byName = new HashMap<>();
        for (Rule r : rules.rules()) {
            byName.put(r.name(), r);
        }
        for (Map.Entry<String, List<String>> e : toRestore.entrySet()) {
            String fp = e.getKey();
            List<String> f = e.getValue();
            try {
                Rule rule = byName.get(f.get(0));
                MetricId id = MetricId.of(f.get(1), Fields.labels(f.get(2)));
                AlertState state = AlertState.valueOf(f.get(3));
                boolean announced = Boolean.parseBoolean(f.get(16));
                String storedRuleLabels = field(f, RULE_LABELS);
                if (state == AlertState.RESOLVED && millis(f.get(8)) != NONE) {
                    resolvedKept.put(fp, millis(f.get(8))); // expires as it would have without the stop
                }
                if (rule == null
                        || !rule.selects(id)
                        || (storedRuleLabels != null
                                && !Fields.labels(rule.labels()).equals(storedRuleLabels))) {
                    ruleGone(fp, f, id, announced, now, out);
                    continue;
                }
                if (state == AlertState.PENDING && downtime > restoreTolerance) {
                    map.remove(ALERT + fp); // starts over, as Prometheus beyond its outage tolerance
                    continue;
                }
                AlertInstance a = book.restore(rule, id, now);
                if (a == null || !a.fingerprint.equals(fp)) {
                    if (a == null) {
                        map.remove(ALERT + fp);
                    } else {
                        ruleGone(fp, f, id, announced, now, out);
                    }
                    continue;
                }
                a.state = state;
                a.severity = f.get(4) == null ? null : Severity.valueOf(f.get(4));
                a.value = Double.parseDouble(f.get(5));
                a.activeSince = shifted(f.get(6), downtime);
                a.firingSince = millis(f.get(7));
                a.resolvedAt = millis(f.get(8));
                a.keepFiringSince = shifted(f.get(9), downtime);
                a.consecutive = Integer.parseInt(f.get(10));
                a.recent = Long.parseLong(f.get(11));
                a.firingBeforeUnknown = Boolean.parseBoolean(f.get(12));
                a.acknowledgement = f.get(13) == null
                        ? null
                        : new Alert.Acknowledgement(
                                f.get(13), Instant.ofEpochMilli(Long.parseLong(f.get(14))), f.get(15));
                a.announcedFiring = announced;
                a.announcedSeverity = f.get(17) == null ? null : Severity.valueOf(f.get(17));
                a.announcedMuted = Boolean.parseBoolean(f.get(18));
                a.flapping = Boolean.parseBoolean(f.get(19));
                a.flapPercent = Double.parseDouble(f.get(20));
                if (a.flap != null && f.get(21) != null) {
                    a.flap.restore(f.get(21));
                }
                a.markPersisted();
                out.add(new Restoration(null, id, a));
            } catch (RuntimeException bad) {
                log.warn("Vigil alert state: cannot restore stored alert {}; dropped", fp, bad);
                map.remove(ALERT + fp);
            }
        }
        toRestore.clear();
        return out;
    }

    /**
     * What listeners hear of the stored alerts, before the first evaluation's own events: the
     * restored alerts' mutes are worked out first, so a {@code Restored} firing alert that a silence
     * mutes says so and pages nobody.
     */
    static List<EventDispatcher.Outgoing> announce(
            List<Restoration> restored,
            SeriesBook book,
            Muting muting,
            dev.vigil.core.history.History history,
            long now,
            Outbox out) {
        List<EventDispatcher.Outgoing> events = new ArrayList<>(restored.size());
        if (restored.isEmpty()) {
            return events;
        }
        muting.update(book.instances(), book.instanceCount(), now, out);
        Instant at = Instant.ofEpochMilli(now);
        for (Restoration r : restored) {
            AlertEvent e = r.event() != null
                    ? r.event()
                    : new AlertEvent.Restored(r.instance().snapshot(), at);
            events.add(new EventDispatcher.Outgoing(e, r.series(), history, now, (fingerprint, report) -> {}));
        }
        return events;
    }

    /**
     * An event for listeners about a stored alert: the event itself, or ({@code event} null) the
     * restored instance, whose {@code Restored} event is made once its mutes are known.
     */
    record Restoration(AlertEvent event, MetricId series, AlertInstance instance) {
        Restoration(AlertEvent event, MetricId series) {
            this(event, series, null);
        }
    }

    /**
     * A stored alert whose rule is gone or changed its identity: not restored, and if listeners
     * were told it fires, resolved to them (so a receiver's incident does not stay open for good).
     */
    private void ruleGone(String fp, List<String> f, MetricId id, boolean announced, long now, List<Restoration> out) {
        map.remove(ALERT + fp);
        resolvedKept.remove(fp);
        if (!announced && AlertState.RESOLVED.name().equals(f.get(3))) {
            // resolved shortly before the stop: listeners may not all have heard it
            Alert alert = storedAlert(fp, f, AlertState.RESOLVED, millis(f.get(8)));
            if (alert != null) {
                out.add(new Restoration(new AlertEvent.Restored(alert, Instant.ofEpochMilli(now)), id));
            }
            return;
        }
        Alert resolved = announced ? storedAlert(fp, f, AlertState.RESOLVED, now) : null;
        if (resolved != null) {
            log.info("Vigil alert state: rule '{}' of stored alert {} is gone or changed; resolving it", f.get(0), fp);
            out.add(new Restoration(new AlertEvent.Resolved(resolved, Instant.ofEpochMilli(now)), id));
        } else {
            log.warn(
                    "Vigil alert state: rule '{}' of stored alert {} is gone; it is not restored{}",
                    f.get(0),
                    fp,
                    announced
                            ? " (stored by an earlier version without its labels: receivers told it fired get"
                                    + " no resolve from the engine)"
                            : "");
        }
    }

    /** The alert as stored, in {@code state}; {@code null} for a record of an earlier version, which lacks its labels. */
    private static Alert storedAlert(String fp, List<String> f, AlertState state, long resolvedAt) {
        String labels = field(f, LABELS);
        if (labels == null) {
            return null;
        }
        Severity severity = f.get(4) != null
                ? Severity.valueOf(f.get(4))
                : f.get(17) != null ? Severity.valueOf(f.get(17)) : Severity.WARNING;
        return new Alert(
                f.get(0),
                fp,
                Fields.labels(labels),
                Fields.labels(field(f, ANNOTATIONS)),
                state,
                severity,
                Double.parseDouble(f.get(5)),
                instant(f.get(6)),
                instant(f.get(7)),
                resolvedAt == NONE ? null : Instant.ofEpochMilli(resolvedAt),
                null,
                false,
                false,
                false,
                null);
    }

    private static final int RULE_LABELS = 22;
    private static final int LABELS = 23;
    private static final int ANNOTATIONS = 24;

    private static String field(List<String> f, int index) {
        return f.size() > index ? f.get(index) : null;
    }

    private static Instant instant(String field) {
        return field == null ? null : Instant.ofEpochMilli(Long.parseLong(field));
    }

    private static long millis(String field) {
        return field == null ? NONE : Long.parseLong(field);
    }

    private static long shifted(String field, long downtime) {
        return field == null ? NONE : Long.parseLong(field) + downtime;
    }

    /**
     * Writes the alerts whose stored state changed, and the clock: before the events of a pass go
     * to listeners, so a kill in between leaves the engine knowing what listeners may have missed
     * (told at the next start by {@link AlertEvent.Restored}), never the reverse.
     */
    void record(AlertInstance[] all, int n, long now) {
        if (now == NONE) {
            return;
        }
        if (now == lastRecorded) {
            writeChanged(all, n, now, false);
            return;
        }
        lastRecorded = now;
        writeChanged(all, n, now, true);
        map.put(CLOCK, Long.toString(now));
        expire(now);
    }

    private long lastRecorded = NONE;

    private void writeChanged(AlertInstance[] all, int n, long now, boolean mayRefresh) {
        boolean refresh = mayRefresh && (lastRefresh == NONE || now - lastRefresh >= REFRESH_MILLIS);
        if (refresh) {
            lastRefresh = now;
        }
        for (int i = 0; i < n; i++) {
            AlertInstance a = all[i];
            if (a.persistedIsCurrent() && !(refresh && a.active())) {
                continue;
            }
            a.markPersisted();
            if (a.active() || a.announcedFiring || a.flapping) { // a flapping alert keeps its history
                map.put(ALERT + a.fingerprint, encode(a));
                resolvedKept.remove(a.fingerprint);
            } else if (a.state == AlertState.RESOLVED
                    && a.resolvedAt != NONE
                    && now - a.resolvedAt < RESOLVED_KEPT_MILLIS) {
                map.put(ALERT + a.fingerprint, encode(a)); // until listeners surely heard the resolution
                resolvedKept.put(a.fingerprint, a.resolvedAt);
            } else if (!resolvedKept.containsKey(a.fingerprint)) {
                // a quiet alert; but the record of one of its fingerprint resolved shortly before
                // (its rule removed and added again) stays until it expires, for listeners to hear
                map.remove(ALERT + a.fingerprint);
            }
        }
    }

    /** An alert the engine dropped (its rule removed or changed). */
    void forget(String fingerprint) {
        map.remove(ALERT + fingerprint);
        resolvedKept.remove(fingerprint);
    }

    private void expire(long now) {
        if (!resolvedKept.isEmpty()) {
            resolvedKept.entrySet().removeIf(e -> {
                boolean done = now - e.getValue() >= RESOLVED_KEPT_MILLIS;
                if (done) {
                    map.remove(ALERT + e.getKey());
                }
                return done;
            });
        }
        if (!silenceEnds.isEmpty()) {
            silenceEnds.entrySet().removeIf(e -> {
                boolean ended = e.getValue() <= now;
                if (ended) {
                    map.remove(SILENCE + e.getKey());
                }
                return ended;
            });
        }
        if (!windowEnds.isEmpty()) {
            windowEnds.entrySet().removeIf(e -> {
                boolean ended = e.getValue() <= now;
                if (ended) {
                    map.remove(e.getKey());
                }
                return ended;
            });
        }
    }

    void silenceAdded(String id, Silence s) {
        map.put(SILENCE + id, encodeSilence(s));
        silenceEnds.put(id, s.endsAt().toEpochMilli());
    }

    void silenceExpired(String id) {
        silenceEnds.remove(id);
        map.remove(SILENCE + id);
    }

    /**
     * The key of a stored window: its whole encoding, so two different windows never share a key
     * (a 32-bit hash could make one window's removal remove another) and equal windows always do.
     */
    static String windowKey(String encoded) {
        return WINDOW + encoded;
    }

    /** Stores a window added at run time; returns its key. Equal windows share a key. */
    String windowAdded(MaintenanceWindow w) {
        String value = encodeWindow(w);
        String key = windowKey(value);
        map.put(key, value);
        if (w instanceof MaintenanceWindow.OneOff o) {
            windowEnds.put(key, o.end().toEpochMilli());
        }
        return key;
    }

    void windowRemoved(String key) {
        map.remove(key);
        windowEnds.remove(key);
    }

    /** Whether a stored window equal to {@code w} was restored. */
    boolean windowStored(MaintenanceWindow w) {
        return map.get(windowKey(encodeWindow(w))) != null;
    }

    @Override
    public void close() {
        map.close();
    }

    static String encode(AlertInstance a) {
        Alert.Acknowledgement ack = a.acknowledgement;
        Alert alert = a.snapshot();
        return Fields.join(
                a.rule.name(),
                a.series.id.name(),
                Fields.labels(a.series.id.tags()),
                a.state,
                a.severity,
                a.value,
                opt(a.activeSince),
                opt(a.firingSince),
                opt(a.resolvedAt),
                opt(a.keepFiringSince),
                a.consecutive,
                a.recent,
                a.firingBeforeUnknown,
                ack == null ? null : ack.by(),
                ack == null ? null : ack.at().toEpochMilli(),
                ack == null ? null : ack.note(),
                a.announcedFiring,
                a.announcedSeverity,
                a.announcedMuted,
                a.flapping,
                a.flapPercent,
                a.flap == null ? null : a.flap.states(),
                // the rule's identity (name and labels) and the alert as listeners know it, so a
                // record is matched to the same rule only, and one whose rule is gone can be resolved
                Fields.labels(a.rule.labels()),
                Fields.labels(alert.labels()),
                Fields.labels(alert.annotations()));
    }

    private static @Nullable Long opt(long millis) {
        return millis == NONE ? null : millis;
    }

    static String encodeSilence(Silence s) {
        List<Object> f = new ArrayList<>(
                List.of(s.startsAt().toEpochMilli(), s.endsAt().toEpochMilli(), s.createdBy(), s.comment()));
        addMatchers(f, s.matchers());
        return Fields.join(f.toArray());
    }

    static Silence decodeSilence(List<String> f) {
        return new Silence(
                matchers(f, 4),
                Instant.ofEpochMilli(Long.parseLong(f.get(0))),
                Instant.ofEpochMilli(Long.parseLong(f.get(1))),
                f.get(2),
                f.get(3));
    }

    static String encodeWindow(MaintenanceWindow w) {
        List<Object> f = new ArrayList<>();
        if (w instanceof MaintenanceWindow.OneOff o) {
            f.addAll(List.of("oneoff", o.start().toEpochMilli(), o.end().toEpochMilli()));
            addMatchers(f, o.matchers());
        } else {
            MaintenanceWindow.Recurring r = (MaintenanceWindow.Recurring) w;
            StringBuilder days = new StringBuilder();
            for (DayOfWeek d : EnumSet.copyOf(r.days())) {
                days.append(days.length() == 0 ? "" : ",").append(d);
            }
            f.addAll(List.of(
                    "recurring",
                    days.toString(),
                    r.start().toString(),
                    r.length().toString(),
                    r.zone().getId()));
            addMatchers(f, r.matchers());
        }
        return Fields.join(f.toArray());
    }

    static MaintenanceWindow decodeWindow(List<String> f) {
        if (f.get(0).equals("oneoff")) {
            return new MaintenanceWindow.OneOff(
                    Instant.ofEpochMilli(Long.parseLong(f.get(1))),
                    Instant.ofEpochMilli(Long.parseLong(f.get(2))),
                    matchers(f, 3));
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String d : f.get(1).split(",", -1)) {
            days.add(DayOfWeek.valueOf(d));
        }
        return new MaintenanceWindow.Recurring(
                days, LocalTime.parse(f.get(2)), Duration.parse(f.get(3)), ZoneId.of(f.get(4)), matchers(f, 5));
    }

    private static void addMatchers(List<Object> f, List<LabelMatcher> matchers) {
        for (LabelMatcher m : matchers) {
            f.add(m.name());
            f.add(m.op().name());
            f.add(m.value());
        }
    }

    private static List<LabelMatcher> matchers(List<String> f, int from) {
        List<LabelMatcher> out = new ArrayList<>();
        for (int i = from; i + 2 < f.size(); i += 3) {
            out.add(new LabelMatcher(f.get(i), LabelMatcher.Op.valueOf(f.get(i + 1)), f.get(i + 2)));
        }
        return out;
    }
}

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
    static final String ALERT = "alert/";
    static final String SILENCE = "silence/";
    static final String WINDOW = "window/";
    static final String CLOCK = "clock";
    private static final long NONE = AlertInstance.NONE;
    /** Rewrites every active alert this often, so a flap history is at most this stale. */
    private static final long REFRESH_MILLIS = 60_000;

    private final JournaledMap map;
    private final long restoreTolerance;
    private final Map<String, List<String>> toRestore = new HashMap<>();
    private final Map<String, Long> silenceEnds = new ConcurrentHashMap<>();
    private final Map<String, Long> windowEnds = new ConcurrentHashMap<>();
    private final long lastClock;
    private long lastRefresh = NONE;

    private AlertStateStore(JournaledMap map, long restoreTolerance) {
        this.map = map;
        this.restoreTolerance = restoreTolerance;
        String clock = map.get(CLOCK);
        this.lastClock = clock == null ? NONE : Long.parseLong(clock);
    }

    /** {@code threadFactory} null: the journal's fsync thread is a daemon of Vigil's own. */
    static AlertStateStore open(Path directory, Duration fsyncInterval, Duration restoreTolerance,
                                ThreadFactory threadFactory) {
        return new AlertStateStore(JournaledMap.open(directory, NAME, fsyncInterval, threadFactory),
                restoreTolerance.toMillis());
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
                    if (w instanceof MaintenanceWindow.OneOff o && o.end().toEpochMilli() <= now) {
                        map.remove(e.getKey());
                    } else {
                        muting.addWindow(w);
                        if (w instanceof MaintenanceWindow.OneOff o) {
                            windowEnds.put(e.getKey(), o.end().toEpochMilli());
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
     * Puts the stored alerts back, at the first evaluation after the start ({@code now}). Timers
     * resume where they stood: the downtime counts neither for nor against a pending {@code for}
     * or a {@code keepFiringFor}. A PENDING alert is restored only when the downtime is within the
     * restore tolerance; a FIRING one always, so it is neither notified again nor left unresolved.
     */
    void restoreAlerts(SeriesBook book, RuleSet rules, long now) {
        if (toRestore.isEmpty()) {
            return;
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
                if (rule == null || !rule.selects(id)) {
                    log.warn("Vigil alert state: rule '{}' of stored alert {} is gone; it is not restored{}",
                            f.get(0), fp, announced ? " (receivers told it fired get no resolve from the engine)" : "");
                    map.remove(ALERT + fp);
                    continue;
                }
                if (state == AlertState.PENDING && downtime > restoreTolerance) {
                    map.remove(ALERT + fp); // starts over, as Prometheus beyond its outage tolerance
                    continue;
                }
                AlertInstance a = book.restore(rule, id, now);
                if (a == null || !a.fingerprint.equals(fp)) {
                    map.remove(ALERT + fp);
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
                a.acknowledgement = f.get(13) == null ? null
                        : new Alert.Acknowledgement(f.get(13), Instant.ofEpochMilli(Long.parseLong(f.get(14))), f.get(15));
                a.announcedFiring = announced;
                a.announcedSeverity = f.get(17) == null ? null : Severity.valueOf(f.get(17));
                a.announcedMuted = Boolean.parseBoolean(f.get(18));
                a.flapping = Boolean.parseBoolean(f.get(19));
                a.flapPercent = Double.parseDouble(f.get(20));
                if (a.flap != null && f.get(21) != null) {
                    a.flap.restore(f.get(21));
                }
                a.markPersisted();
            } catch (RuntimeException bad) {
                log.warn("Vigil alert state: cannot restore stored alert {}; dropped", fp, bad);
                map.remove(ALERT + fp);
            }
        }
        toRestore.clear();
    }

    private static long millis(String field) {
        return field == null ? NONE : Long.parseLong(field);
    }

    private static long shifted(String field, long downtime) {
        return field == null ? NONE : Long.parseLong(field) + downtime;
    }

    /** After an evaluation: writes the alerts whose stored state changed, and the clock. */
    void record(AlertInstance[] all, int n, long now) {
        if (now == NONE) {
            return;
        }
        boolean refresh = lastRefresh == NONE || now - lastRefresh >= REFRESH_MILLIS;
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
            } else {
                map.remove(ALERT + a.fingerprint);
            }
        }
        map.put(CLOCK, Long.toString(now));
        expire(now);
    }

    /** An alert the engine dropped (its rule removed or changed). */
    void forget(String fingerprint) {
        map.remove(ALERT + fingerprint);
    }

    private void expire(long now) {
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

    /** Stores a window added at run time; returns its key. Equal windows share a key. */
    String windowAdded(MaintenanceWindow w) {
        String value = encodeWindow(w);
        String key = WINDOW + Integer.toHexString(value.hashCode());
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
        return map.get(WINDOW + Integer.toHexString(encodeWindow(w).hashCode())) != null;
    }

    @Override
    public void close() {
        map.close();
    }

    static String encode(AlertInstance a) {
        Alert.Acknowledgement ack = a.acknowledgement;
        return Fields.join(a.rule.name(), a.series.id.name(), Fields.labels(a.series.id.tags()), a.state,
                a.severity, a.value, opt(a.activeSince), opt(a.firingSince), opt(a.resolvedAt), opt(a.keepFiringSince),
                a.consecutive, a.recent, a.firingBeforeUnknown, ack == null ? null : ack.by(),
                ack == null ? null : ack.at().toEpochMilli(), ack == null ? null : ack.note(), a.announcedFiring,
                a.announcedSeverity, a.announcedMuted, a.flapping, a.flapPercent, a.flap == null ? null : a.flap.states());
    }

    private static @Nullable Long opt(long millis) {
        return millis == NONE ? null : millis;
    }

    static String encodeSilence(Silence s) {
        List<Object> f = new ArrayList<>(List.of(s.startsAt().toEpochMilli(), s.endsAt().toEpochMilli(), s.createdBy(),
                s.comment()));
        addMatchers(f, s.matchers());
        return Fields.join(f.toArray());
    }

    static Silence decodeSilence(List<String> f) {
        return new Silence(matchers(f, 4), Instant.ofEpochMilli(Long.parseLong(f.get(0))),
                Instant.ofEpochMilli(Long.parseLong(f.get(1))), f.get(2), f.get(3));
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
            f.addAll(List.of("recurring", days.toString(), r.start().toString(), r.length().toString(), r.zone().getId()));
            addMatchers(f, r.matchers());
        }
        return Fields.join(f.toArray());
    }

    static MaintenanceWindow decodeWindow(List<String> f) {
        if (f.get(0).equals("oneoff")) {
            return new MaintenanceWindow.OneOff(Instant.ofEpochMilli(Long.parseLong(f.get(1))),
                    Instant.ofEpochMilli(Long.parseLong(f.get(2))), matchers(f, 3));
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String d : f.get(1).split(",", -1)) {
            days.add(DayOfWeek.valueOf(d));
        }
        return new MaintenanceWindow.Recurring(days, LocalTime.parse(f.get(2)), Duration.parse(f.get(3)),
                ZoneId.of(f.get(4)), matchers(f, 5));
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

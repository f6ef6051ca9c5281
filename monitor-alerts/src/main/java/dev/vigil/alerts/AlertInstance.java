package dev.vigil.alerts;

import dev.vigil.alerts.report.AlertReport;
import dev.vigil.alerts.rule.Rule;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The mutable state of one rule applied to one series. Owned by the engine and touched only under
 * its lock; the sampling thread updates it without allocating unless something changes.
 */
final class AlertInstance {

    static final long NONE = Long.MIN_VALUE;

    final Rule rule;
    final SeriesEntry series;
    final String fingerprint;
    final long forMillis;
    final long keepFiringMillis;
    final long absentMillis;
    final long recentMask;
    private final Map<String, String> warningLabels;
    private final Map<String, String> criticalLabels;

    AlertState state = AlertState.INACTIVE;
    Severity severity;
    double value = Double.NaN;
    long activeSince = NONE;
    long firingSince = NONE;
    long resolvedAt = NONE;
    /** Prometheus' KeepFiringSince: the first evaluation of a firing alert whose condition no longer held. */
    long keepFiringSince = NONE;
    int consecutive;
    long recent;
    boolean firingBeforeUnknown;
    Alert.Acknowledgement acknowledgement;
    boolean silenced;
    boolean inhibited;
    boolean loggedFailure;
    /** Why {@link #value} is NaN, when it is: the summary says it instead of a sentence about the value. */
    String noValueReason = "no value";

    final FlapHistory flap;
    boolean flapping;
    double flapPercent;

    /** What listeners were last told: keeps their view consistent while events are held back. */
    boolean announcedFiring;
    Severity announcedSeverity;
    boolean announcedMuted;
    /** A Fired was announced in the current pass: its snapshot already carries the mute flags. */
    boolean firedThisPass;

    volatile AlertReport report;

    AlertInstance(Rule rule, SeriesEntry series) {
        this.rule = rule;
        this.series = series;
        this.forMillis = rule.forDuration().toMillis();
        this.keepFiringMillis = rule.keepFiringFor().toMillis();
        this.absentMillis = rule.absentFor() == null ? -1 : rule.absentFor().toMillis();
        this.recentMask = rule.withinLast() >= 64 ? -1L : (1L << rule.withinLast()) - 1;
        TreeMap<String, String> base = new TreeMap<>(series.id.tags());
        base.putAll(rule.labels());
        base.put("alertname", rule.name());
        base.put("series", series.id.toString());
        this.fingerprint = fingerprint(base);
        TreeMap<String, String> w = new TreeMap<>(base);
        w.put("severity", Severity.WARNING.label());
        TreeMap<String, String> c = new TreeMap<>(base);
        c.put("severity", Severity.CRITICAL.label());
        this.warningLabels = Collections.unmodifiableMap(w);
        this.criticalLabels = Collections.unmodifiableMap(c);
        this.flap = rule.flapDetection() == null ? null : new FlapHistory();
    }

    /** The labels for the current (or, before any, the rule's lowest) severity. */
    Map<String, String> labels() {
        Severity s = severity != null ? severity : rule.lowestSeverity();
        return s == Severity.CRITICAL ? criticalLabels : warningLabels;
    }

    boolean muted() {
        return silenced || inhibited;
    }

    /** 64-bit FNV-1a over the sorted labels, as hex: stable across runs and JVMs. */
    static String fingerprint(Map<String, String> sortedLabels) {
        long h = 0xcbf29ce484222325L;
        for (Map.Entry<String, String> e : sortedLabels.entrySet()) {
            h = fnv(h, e.getKey());
            h = fnv(h, "\u0000");
            h = fnv(h, e.getValue());
            h = fnv(h, "\u0001");
        }
        return String.format("%016x", h);
    }

    private static long fnv(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            h ^= ch & 0xff;
            h *= 0x100000001b3L;
            h ^= ch >>> 8;
            h *= 0x100000001b3L;
        }
        return h;
    }
}

package dev.vigil.alerts;

import dev.vigil.alerts.report.AlertReport;
import dev.vigil.alerts.rule.Condition;
import dev.vigil.alerts.rule.DataPolicy;
import dev.vigil.alerts.rule.Measure;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.core.history.History;
import dev.vigil.core.history.SeriesHistory;
import dev.vigil.core.internal.FailureLog;
import dev.vigil.core.internal.Hex;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.metric.ValueFormat;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rule applied to one series: its state and the transitions between its states (evaluate,
 * step, unknown, flapping), as a state machine whose states own their transitions. Touched only by
 * the engine under its evaluation lock; a pass in which nothing changes allocates nothing. What
 * listeners must hear goes to the pass's {@link Outbox}.
 */
final class AlertInstance {

    private static final Logger log = LoggerFactory.getLogger(AlertEngine.class);

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

    @Nullable
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
    Alert.@Nullable Acknowledgement acknowledgement;
    boolean silenced;
    boolean inhibited;
    /** The rule's query failures on this series, logged once per change. */
    FailureLog failures = new FailureLog(log);
    /** Why {@link #value} is NaN, when it is: the summary says it instead of a sentence about the value. */
    String noValueReason = "no value";

    /** Final but for {@link #carryStateFrom}, which hands a changed rule's history over. */
    @Nullable
    FlapHistory flap;

    boolean flapping;
    double flapPercent;

    /** What listeners were last told: keeps their view consistent while events are held back. */
    boolean announcedFiring;

    @Nullable
    Severity announcedSeverity;

    boolean announcedMuted;
    /** A Fired was announced in the current pass: its snapshot already carries the mute flags. */
    boolean firedThisPass;

    volatile @Nullable AlertReport report;
    /**
     * Which silences and windows match this alert's labels, for the silence and window arrays and
     * the labels they were worked out for: matching (regular expressions included) runs once per
     * change of those, not on every tick. Kept by {@link Muting}.
     */
    Object @Nullable [] matchedSilences;

    Object @Nullable [] matchedWindows;

    @Nullable
    Map<String, String> matchedLabels;

    boolean @Nullable [] silenceMatches;
    boolean @Nullable [] windowMatches;

    // What the stored record was made from: it is rewritten only when one of these changes.
    private @Nullable AlertState persistedState;
    private @Nullable Severity persistedSeverity;
    private Alert.@Nullable Acknowledgement persistedAcknowledgement;
    private long persistedActiveSince;
    private long persistedKeepFiringSince;
    private int persistedConsecutive;
    private boolean persistedAnnounced;
    private boolean persistedFlapping;
    private boolean persistedMuted;

    /** The snapshot readers see, published after the pass that last changed it. */
    @Nullable
    Alert published;
    // What {@link #published} was made from, kept here so that checking it touches this object only.
    private @Nullable String publishedReason;
    private @Nullable AlertState publishedState;
    private @Nullable Severity publishedSeverity;
    private Alert.@Nullable Acknowledgement publishedAcknowledgement;
    private @Nullable AlertReport publishedReport;
    private long publishedActiveSince;
    private long publishedFiringSince;
    private long publishedResolvedAt;
    private double publishedValue;
    private boolean publishedSilenced;
    private boolean publishedInhibited;
    private boolean publishedFlapping;

    AlertInstance(Rule rule, SeriesEntry series, ExternalLabels externalLabels) {
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
        // After the fingerprint: it identifies the alert within this engine, whatever the fleet.
        externalLabels.labels().forEach(base::putIfAbsent);
        TreeMap<String, String> w = new TreeMap<>(base);
        w.put("severity", Severity.WARNING.label());
        TreeMap<String, String> c = new TreeMap<>(base);
        c.put("severity", Severity.CRITICAL.label());
        this.warningLabels = Collections.unmodifiableMap(w);
        this.criticalLabels = Collections.unmodifiableMap(c);
        this.flap = rule.flapDetection() == null ? null : new FlapHistory();
    }

    /**
     * Evaluates the rule for this tick and steps the state machine.
     *
     * @return false when the rule's query failed (the alert is then UNKNOWN)
     */
    boolean evaluate(History history, long now, Outbox out) {
        SeriesEntry s = series;
        if (s.unknownAtMillis == now) {
            noValueReason = "its source failed";
            apply(rule.onUnknown(), now, out);
            return true;
        }
        boolean present = s.lastSeenMillis == now;
        long seen = s.lastSeenMillis != NONE ? s.lastSeenMillis : s.watchedSinceMillis;
        if (!present && absentMillis >= 0 && now - seen >= absentMillis) {
            noValueReason = "no sample for " + ValueFormat.format(absentMillis / 1000.0, Unit.SECONDS);
            apply(rule.onNoData(), now, out);
            return true;
        }
        double v;
        try {
            Measure measure = rule.measure();
            // looked up each time (a map read) rather than cached: the history may drop and
            // recreate a series; the latest value needs no history at all
            SeriesHistory seriesHistory = measure instanceof Measure.Latest ? null : history.series(s.id);
            if (seriesHistory == null && present && !(measure instanceof Measure.Latest)) {
                // the sample came, but the history would not keep its series (maxSeries reached):
                // a window over nothing must not read as fine
                noValueReason = "its series is not in the history (HistoryConfig.maxSeries reached)";
                apply(rule.onUnknown(), now, out);
                return true;
            }
            v = measure.evaluate(seriesHistory, history, present ? s.value : Double.NaN);
            noValueReason = present ? "no value" : "no sample";
            failures.succeeded("Vigil rule '{}' evaluates {} again", rule.name(), s.id);
        } catch (Throwable e) {
            // user code (a SeriesFunction or SeriesPredicate) may throw an Error too, such as a
            // StackOverflowError (its stack is unwound by now) or AssertionError: it must not stop
            // the other alerts' evaluation. Out of memory or a broken JVM is not ours to handle.
            if (e instanceof VirtualMachineError virtualMachineError && !(e instanceof StackOverflowError)) {
                throw virtualMachineError;
            }
            noValueReason = "its query failed: " + e.getClass().getSimpleName();
            failures.failed("Vigil rule '{}' could not evaluate {}; the alert is UNKNOWN", rule.name(), s.id, e);
            toUnknown(now, out);
            return false;
        }
        Severity breached = rule.classify(v);
        if (breached == null
                && rule.clear() != null
                && !Double.isNaN(v)
                && (state == AlertState.PENDING || state == AlertState.FIRING)
                && !rule.clear().breached(v)) {
            breached = rule.lowestSeverity(); // hysteresis: not back on the fine side of the clear level
        }
        step(breached, v, now, out);
        return true;
    }

    private void apply(DataPolicy policy, long now, Outbox out) {
        switch (policy) {
            case ALERT -> step(rule.highestSeverity(), Double.NaN, now, out);
            case OK -> step(null, Double.NaN, now, out);
            case UNKNOWN -> toUnknown(now, out);
            case KEEP_LAST -> {}
        }
    }

    private static byte nagiosState(@Nullable Severity s) {
        return s == null ? 0 : s == Severity.WARNING ? (byte) 1 : (byte) 2;
    }

    /** One evaluation's result: {@code breached} is the severity breached, {@code null} when fine. */
    void step(@Nullable Severity breached, double v, long now, Outbox out) {
        value = v;
        recent = ((recent << 1) | (breached != null ? 1 : 0)) & recentMask;
        boolean wasFiring = state == AlertState.FIRING || (state == AlertState.UNKNOWN && firingBeforeUnknown);
        boolean ready = false;
        if (breached != null) {
            if (activeSince == NONE) {
                activeSince = now;
            }
            if (consecutive < Integer.MAX_VALUE) {
                consecutive++;
            }
            ready = now - activeSince >= forMillis
                    && consecutive >= rule.consecutive()
                    && Long.bitCount(recent) >= rule.timesNeeded();
        }
        // flapping.c: "only hard states and soft recoveries get recorded"; a problem still
        // PENDING (under forDuration, forEvaluations or N of M) is a soft non-OK state
        boolean soft = breached != null && !wasFiring && !ready;
        boolean flapStopped = !soft && recordFlap(nagiosState(breached), now, out);
        if (breached != null) {
            keepFiringSince = NONE;
            if (wasFiring) {
                state = AlertState.FIRING;
                firingBeforeUnknown = false;
                if (breached != severity) {
                    severity = breached;
                    acknowledgement = null;
                }
                announceSeverity(now, out);
            } else {
                severity = breached;
                if (ready) {
                    state = AlertState.FIRING;
                    firingSince = now;
                    resolvedAt = NONE;
                    acknowledgement = null;
                    report = null;
                    announceFired(now, out);
                } else {
                    state = AlertState.PENDING;
                }
            }
        } else {
            consecutive = 0;
            if (wasFiring) {
                // Prometheus' KeepFiringSince: counted from the first evaluation at which the
                // condition no longer holds, so keepFiringFor(interval) bridges one missed sample
                if (keepFiringSince == NONE) {
                    keepFiringSince = now;
                }
                if (now - keepFiringSince >= keepFiringMillis) {
                    state = AlertState.RESOLVED;
                    resolvedAt = now;
                    activeSince = NONE;
                    keepFiringSince = NONE;
                    acknowledgement = null;
                    firingBeforeUnknown = false;
                    announceResolved(now, out);
                } else {
                    state = AlertState.FIRING;
                    firingBeforeUnknown = false;
                }
            } else if (state == AlertState.PENDING || state == AlertState.UNKNOWN) {
                state = AlertState.INACTIVE;
                activeSince = NONE;
            }
        }
        if (flapStopped) {
            catchUp(now, out);
        }
    }

    /** The data is missing: the alert is UNKNOWN; a PENDING one loses its pending time. */
    void toUnknown(long now, Outbox out) {
        // flapping.c records every UNKNOWN result, not only the first of a run
        recordFlap((byte) 3, now, out);
        if (state == AlertState.UNKNOWN) {
            return;
        }
        firingBeforeUnknown = state == AlertState.FIRING;
        if (!firingBeforeUnknown) {
            activeSince = NONE;
        }
        state = AlertState.UNKNOWN;
        value = Double.NaN;
        consecutive = 0;
        out.add(Outbox.Kind.UNKNOWN, this, now);
    }

    /** Records the state for flap detection; returns whether flapping stopped just now. */
    private boolean recordFlap(byte nagiosState, long now, Outbox out) {
        if (flap == null) {
            return false;
        }
        flap.record(nagiosState);
        double percent = flap.percent();
        flapPercent = percent;
        if (!flapping && percent >= rule.flapDetection().high()) {
            flapping = true;
            out.flapping(true, this, percent, now);
        } else if (flapping && percent <= rule.flapDetection().low()) {
            flapping = false;
            out.flapping(false, this, percent, now);
            return true;
        }
        return false;
    }

    // While it flaps, an alert's changes are still announced, with flapping set on the snapshot:
    // notification routes hold them back (Nagios suppresses problem notifications of a flapping
    // alert), and a state-synchronising receiver (Alertmanager) learns the state as it is.
    private void announceFired(long now, Outbox out) {
        if (announcedFiring) {
            return;
        }
        announcedFiring = true;
        announcedSeverity = severity;
        firedThisPass = true;
        out.add(Outbox.Kind.FIRED, this, now);
    }

    private void announceSeverity(long now, Outbox out) {
        if (!announcedFiring || announcedSeverity == severity) {
            return;
        }
        Severity previous = announcedSeverity;
        announcedSeverity = severity;
        out.severityChanged(this, previous, now);
    }

    /**
     * Takes over the state of {@code old}, the same alert (same rule name, labels and series) under
     * the rule before it changed, as Prometheus carries active alerts over a rule reload: a pending
     * alert keeps its {@code for}, a firing one stays firing and is not paged again, and the next
     * evaluation applies the changed rule to that state.
     */
    void carryStateFrom(AlertInstance old, long now, Outbox out) {
        state = old.state;
        severity = old.severity;
        value = old.value;
        activeSince = old.activeSince;
        firingSince = old.firingSince;
        resolvedAt = old.resolvedAt;
        keepFiringSince = old.keepFiringSince;
        consecutive = old.consecutive;
        recent = old.recent & recentMask;
        firingBeforeUnknown = old.firingBeforeUnknown;
        acknowledgement = old.acknowledgement;
        silenced = old.silenced;
        inhibited = old.inhibited;
        failures = old.failures;
        noValueReason = old.noValueReason;
        announcedFiring = old.announcedFiring;
        announcedSeverity = old.announcedSeverity;
        announcedMuted = old.announcedMuted;
        report = old.report;
        if (flap != null && old.flap != null) {
            flap = old.flap;
            flapping = old.flapping;
            flapPercent = old.flapPercent;
        } else if (old.flapping) { // flap detection was turned off: the flapping ends, said aloud
            out.flapping(false, this, old.flapPercent, now);
        }
    }

    /**
     * Its rule was removed: flapping ends (announced, so no receiver holds a resolution back for
     * it), and if listeners were told it fires, it resolves.
     */
    void ruleRemoved(long now, Outbox out) {
        if (flapping) {
            flapping = false;
            out.flapping(false, this, flapPercent, now);
        }
        if (!announcedFiring) {
            return;
        }
        state = AlertState.RESOLVED;
        resolvedAt = now;
        // as any resolution: should the rule come back with its record, it waits its for again
        activeSince = NONE;
        keepFiringSince = NONE;
        consecutive = 0;
        acknowledgement = null;
        firingBeforeUnknown = false;
        noValueReason = "its rule was removed or changed";
        announcedFiring = false;
        out.add(Outbox.Kind.RESOLVED, this, now);
    }

    /**
     * Forgotten, quiet, with its series: flapping ends aloud as when its rule is removed, so that
     * no receiver holds back, for an alert that is gone, the resolution it held while it flapped.
     */
    void forgotten(long now, Outbox out) {
        if (flapping) {
            flapping = false;
            out.flapping(false, this, flapPercent, now);
        }
        if (flap != null) { // the record kept for its resolution starts no flapping episode again
            flap = new FlapHistory();
            flapPercent = 0;
        }
    }

    private void announceResolved(long now, Outbox out) {
        if (!announcedFiring) {
            return;
        }
        announcedFiring = false;
        out.add(Outbox.Kind.RESOLVED, this, now);
    }

    /** After flapping stops, tells listeners about the net change they did not hear of. */
    private void catchUp(long now, Outbox out) {
        if (state == AlertState.FIRING) {
            if (!announcedFiring) {
                announceFired(now, out);
            } else {
                announceSeverity(now, out);
            }
        } else if (announcedFiring) {
            announceResolved(now, out);
        }
    }

    /**
     * Sets the mute flags; tells listeners when a firing alert they heard of becomes muted or
     * unmuted (a Fired of this pass already carries the flags). A change while such an alert is
     * UNKNOWN waits: it is told when the alert fires again, as listeners still hold it firing with
     * the mute state they last heard.
     */
    void mute(boolean silencedNow, boolean inhibitedNow, long now, Outbox out) {
        silenced = silencedNow;
        inhibited = inhibitedNow;
        boolean muted = silencedNow || inhibitedNow;
        boolean firedNow = firedThisPass;
        firedThisPass = false;
        if (muted == announcedMuted || (state == AlertState.UNKNOWN && announcedFiring)) {
            return;
        }
        announcedMuted = muted;
        if (state == AlertState.FIRING && announcedFiring && !firedNow) {
            out.add(muted ? Outbox.Kind.SILENCED : Outbox.Kind.UNSILENCED, this, now);
        }
    }

    /**
     * Acknowledges the alert if it still is the problem the acknowledgement was decided on: firing
     * at {@code decidedSeverity} since {@code decidedFiringSince}. A severity change is a new problem
     * (it clears an acknowledgement, and Nagios drops one when the state changes), so one decided on
     * the earlier severity does not hold for it. Returns whether it acknowledged.
     */
    boolean acknowledge(Alert.Acknowledgement ack, Severity decidedSeverity, long decidedFiringSince, Outbox out) {
        if (state != AlertState.FIRING || severity != decidedSeverity || firingSince != decidedFiringSince) {
            return false;
        }
        acknowledgement = ack;
        out.add(Outbox.Kind.ACKNOWLEDGED, this, ack.at().toEpochMilli());
        return true;
    }

    boolean active() {
        return state == AlertState.PENDING || state == AlertState.FIRING || state == AlertState.UNKNOWN;
    }

    /**
     * Whether the stored record still says what matters after a restart. The pending count
     * matters only while PENDING (a forEvaluations rule); a firing alert's count is not stored anew
     * each tick.
     */
    // Identity on purpose: only the same object is surely unchanged; an equal copy is at worst persisted again.
    @SuppressWarnings("ReferenceEquality")
    boolean persistedIsCurrent() {
        return persistedState == state
                && persistedSeverity == severity
                && persistedAcknowledgement == acknowledgement
                && persistedActiveSince == activeSince
                && persistedKeepFiringSince == keepFiringSince
                && persistedAnnounced == announcedFiring
                && persistedFlapping == flapping
                && persistedMuted == announcedMuted
                && (state != AlertState.PENDING || persistedConsecutive == consecutive);
    }

    void markPersisted() {
        persistedState = state;
        persistedSeverity = severity;
        persistedAcknowledgement = acknowledgement;
        persistedActiveSince = activeSince;
        persistedKeepFiringSince = keepFiringSince;
        persistedConsecutive = consecutive;
        persistedAnnounced = announcedFiring;
        persistedFlapping = flapping;
        persistedMuted = announcedMuted;
    }

    /** Takes a new snapshot for readers. */
    void publish() {
        published = snapshot();
        publishedReason = noValueReason;
        publishedState = state;
        publishedSeverity = severity;
        publishedAcknowledgement = acknowledgement;
        publishedReport = report;
        publishedActiveSince = activeSince;
        publishedFiringSince = firingSince;
        publishedResolvedAt = resolvedAt;
        publishedValue = value;
        publishedSilenced = silenced;
        publishedInhibited = inhibited;
        publishedFlapping = flapping;
    }

    /** An immutable snapshot of the alert as it is now. */
    Alert snapshot() {
        Severity shown = severity != null ? severity : rule.lowestSeverity();
        Map<String, String> labels = labels();
        Unit unit = rule.unit() != null ? rule.unit() : series.unit;
        Condition threshold = rule.condition(shown);
        Map<String, String> annotations =
                Templates.render(rule.annotations(), labels, value, threshold, unit, noValueReason);
        return new Alert(
                rule.name(),
                fingerprint,
                labels,
                annotations,
                state,
                shown,
                value,
                instant(activeSince),
                instant(firingSince),
                instant(resolvedAt),
                acknowledgement,
                silenced,
                inhibited,
                flapping,
                report);
    }

    /**
     * Whether {@link #published} still says what the alert is. The value counts only while the
     * alert is active: an inactive alert's value changes every tick and tells nobody anything, so
     * republishing it would make every pass allocate.
     */
    // Identity on purpose: only the same object is surely unchanged (an equal copy is at worst published
    // again), and comparing reports field by field on each tick would cost more.
    @SuppressWarnings("ReferenceEquality")
    boolean publishedIsCurrent() {
        return published != null
                && publishedState == state
                && publishedSeverity == severity
                && publishedAcknowledgement == acknowledgement
                && publishedSilenced == silenced
                && publishedInhibited == inhibited
                && publishedFlapping == flapping
                && publishedReport == report
                && publishedActiveSince == activeSince
                && publishedFiringSince == firingSince
                && publishedResolvedAt == resolvedAt
                && (!active() || (Double.compare(publishedValue, value) == 0 && noValueReason.equals(publishedReason)));
    }

    private static @Nullable Instant instant(long millis) {
        return millis == NONE ? null : Instant.ofEpochMilli(millis);
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
        return Hex.of(h);
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

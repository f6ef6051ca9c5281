package dev.vigil.alerts;

import dev.vigil.alerts.report.AlertReport;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.report.StandardReportCapture;
import dev.vigil.alerts.rule.Condition;
import dev.vigil.alerts.rule.DataPolicy;
import dev.vigil.alerts.rule.FlapDetection;
import dev.vigil.alerts.rule.Measure;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.alerts.rule.ValueFormat;
import dev.vigil.alerts.silence.InhibitRule;
import dev.vigil.alerts.silence.MaintenanceWindow;
import dev.vigil.alerts.silence.Silence;
import dev.vigil.core.Subscription;
import dev.vigil.core.Tick;
import dev.vigil.core.TickListener;
import dev.vigil.core.history.History;
import dev.vigil.core.history.SeriesHistory;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Sample;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates alerting rules on every tick of a {@code Monitor} and tells its listeners what
 * happened to the alerts: fired, severity changed, resolved, unknown, flapping, acknowledged,
 * silenced.
 *
 * <p>Evaluation runs on the sampling thread and is cheap: per-series state lives in mutable objects
 * found once per series, and a pass in which no alert changes state allocates nothing (a recurring
 * maintenance window does its time-zone arithmetic only when it opens or closes). The tick's time is "now" for evaluation, so a monitor
 * driven by a manual clock drives the engine too. Events go to each listener on a thread of its
 * own; the point-in-time report of a {@code Fired} event is captured on the engine's event thread
 * before delivery, never on the sampling thread.
 *
 * <p>Mutes: silences and maintenance windows set {@link Alert#silenced()}, inhibition rules set
 * {@link Alert#inhibited()} (a firing critical inhibits warnings of the same series by default).
 * Muted alerts still change state; {@code Silenced}/{@code Unsilenced} events tell when a firing
 * alert becomes muted or unmuted, whatever the cause.
 *
 * <pre>{@code
 * AlertEngine alerts = AlertEngine.builder()
 *         .rule(Rule.threshold("disk-almost-full").metric("disk.free.ratio")
 *                 .warnBelow(0.20).critBelow(0.10).forDuration(Duration.ofMinutes(2)))
 *         .rules(RulePacks.host())
 *         .listener(event -> log.info("{}", event))
 *         .build();
 * monitor.addListener(alerts);
 * }</pre>
 */
public final class AlertEngine implements TickListener, AutoCloseable {

    /** How long a series may go unheard of before the engine forgets it and its quiet alerts. */
    public static final Duration DEFAULT_FORGET_AFTER = Duration.ofHours(1);
    /** How long {@link #close()} gives listeners to take their queued events. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(AlertEngine.class);
    private static final long NONE = AlertInstance.NONE;

    private final List<Rule> rules;
    private final Map<String, List<Rule>> rulesByMetric;
    private final Clock clock;
    private final EventDispatcher dispatcher;
    private final List<InhibitRule> inhibitRules;
    private final CopyOnWriteArrayList<MaintenanceWindow> windows;
    private final Duration closeTimeout;

    private final Object lock = new Object();
    private final HashMap<MetricId, SeriesEntry> series = new HashMap<>();
    /** The values of {@link #series}, walked by index so that forgetting needs no iterator. */
    private final ArrayList<SeriesEntry> entries = new ArrayList<>();
    private final long forgetMillis;
    private long lastForgetPass = NONE;
    private final HashMap<String, AlertInstance> byFingerprint = new HashMap<>();
    private final ArrayList<SilenceEntry> silences = new ArrayList<>();
    private AlertInstance[] instances = new AlertInstance[64];
    private int instanceCount;
    private final AlertInstance[][] inhibitSources;
    private final int[] inhibitSourceCount;
    private boolean[] windowOpen = new boolean[0];
    private long[] windowValidFrom = new long[0];
    private long[] windowValidUntil = new long[0];
    private final ArrayList<Pending> pending = new ArrayList<>();
    private History lastHistory;
    private long lastEvaluation = NONE;
    private boolean closed;
    private boolean watching;
    private long evaluations;
    private long evaluationFailures;

    private AlertEngine(Builder b) {
        this.rules = List.copyOf(b.rules);
        Map<String, List<Rule>> byMetric = new HashMap<>();
        for (Rule r : rules) {
            byMetric.computeIfAbsent(r.metric(), k -> new ArrayList<>()).add(r);
        }
        this.rulesByMetric = byMetric;
        this.clock = b.clock;
        this.dispatcher = new EventDispatcher(b.synchronous, b.reports != null ? b.reports
                : StandardReportCapture.builder().clock(b.clock).build());
        this.inhibitRules = List.copyOf(b.inhibitRules);
        this.inhibitSources = new AlertInstance[inhibitRules.size()][16];
        this.inhibitSourceCount = new int[inhibitRules.size()];
        this.windows = new CopyOnWriteArrayList<>(b.windows);
        this.closeTimeout = b.closeTimeout;
        this.forgetMillis = b.forgetAfter.toMillis();
        for (AlertListener l : b.listeners) {
            dispatcher.add(l);
        }
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The rules, in the order given. */
    public List<Rule> rules() {
        return rules;
    }

    /**
     * Registers a listener; it receives the following events on a thread of its own.
     *
     * @return a subscription whose {@code close()} removes the listener
     * @throws IllegalStateException when the engine is closed
     */
    public Subscription addListener(AlertListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("alert engine is closed");
            }
            return dispatcher.add(listener);
        }
    }

    // ------------------------------------------------------------------ evaluation

    @Override
    public void onTick(Tick tick) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            long now = tick.timeMillis();
            History history = tick.history();
            lastHistory = history;
            lastEvaluation = now;
            evaluations++;
            if (!watching) {
                watching = true;
                watchExpectedSeries(now);
            }
            see(tick.samples(), now);
            see(tick.sourceStatus(), now);
            Set<MetricId> unknown = tick.unknown();
            if (!unknown.isEmpty()) {
                for (MetricId id : unknown) {
                    entry(id, now).unknownAtMillis = now;
                }
            }
            AlertInstance[] all = instances;
            for (int i = 0, n = instanceCount; i < n; i++) {
                evaluate(all[i], history, now);
            }
            updateMutes(now);
            flush(history, now);
            forgetStaleSeries(now);
        }
    }

    private void see(List<Sample> samples, long now) {
        for (int i = 0, n = samples.size(); i < n; i++) {
            Sample s = samples.get(i);
            SeriesEntry e = entry(s.id(), now);
            e.lastSeenMillis = now;
            e.value = s.value();
            e.unit = s.unit();
        }
    }

    /**
     * Drops series not heard of for {@code forgetAfter} and their INACTIVE or RESOLVED alerts, so
     * series that come and go (per-process tags, unmounted filesystems) do not pile up. Alerts of
     * rules with {@code absentFor} are kept: their silence is what they watch.
     */
    private void forgetStaleSeries(long now) {
        if (lastForgetPass != NONE && now - lastForgetPass < forgetMillis / 4) {
            return;
        }
        lastForgetPass = now;
        int kept = 0;
        for (int i = 0; i < instanceCount; i++) {
            AlertInstance a = instances[i];
            boolean quiet = a.state == AlertState.INACTIVE || a.state == AlertState.RESOLVED;
            if (quiet && a.absentMillis < 0 && now - a.series.lastHeardOfMillis() >= forgetMillis) {
                byFingerprint.remove(a.fingerprint);
                a.series.instanceCount--;
                a.series.rematch = true;
            } else {
                instances[kept++] = a;
            }
        }
        java.util.Arrays.fill(instances, kept, instanceCount, null);
        instanceCount = kept;
        for (int i = entries.size() - 1; i >= 0; i--) {
            SeriesEntry e = entries.get(i);
            if (e.instanceCount == 0 && now - e.lastHeardOfMillis() >= forgetMillis) {
                series.remove(e.id);
                SeriesEntry last = entries.remove(entries.size() - 1); // swap-remove: order does not matter
                if (last != e) {
                    entries.set(i, last);
                }
            }
        }
    }

    private SeriesEntry entry(MetricId id, long now) {
        SeriesEntry e = series.get(id);
        if (e == null) {
            e = new SeriesEntry(id, now);
            series.put(id, e);
            entries.add(e);
            matchRules(e);
        } else if (e.rematch) {
            e.rematch = false;
            matchRules(e);
        }
        return e;
    }

    private void matchRules(SeriesEntry e) {
        List<Rule> candidates = rulesByMetric.get(e.id.name());
        if (candidates != null) {
            for (Rule r : candidates) {
                if (r.selects(e.id)) {
                    add(new AlertInstance(r, e)); // ignored when the rule's alert for it still exists
                }
            }
        }
    }

    /**
     * A rule with {@code absentFor} whose matchers all are equalities names one exact series: watch
     * it from the first tick, so it raises its no-data alert even if it never reports (Prometheus'
     * {@code absent()}).
     */
    private void watchExpectedSeries(long now) {
        for (Rule r : rules) {
            if (r.absentFor() == null) {
                continue;
            }
            Map<String, String> tags = new HashMap<>();
            boolean exact = true;
            for (LabelMatcher m : r.matchers()) {
                exact &= m.op() == LabelMatcher.Op.EQUAL && tags.put(m.name(), m.value()) == null;
            }
            if (exact) {
                try {
                    entry(MetricId.of(r.metric(), tags), now);
                } catch (IllegalArgumentException notAValidId) {
                    // a matcher no series id can carry: nothing to watch
                }
            }
        }
    }

    private void add(AlertInstance instance) {
        if (byFingerprint.putIfAbsent(instance.fingerprint, instance) != null) {
            return;
        }
        if (instanceCount == instances.length) {
            instances = java.util.Arrays.copyOf(instances, instanceCount * 2);
        }
        instances[instanceCount++] = instance;
        instance.series.instanceCount++;
    }

    private void evaluate(AlertInstance a, History history, long now) {
        SeriesEntry s = a.series;
        Rule rule = a.rule;
        if (s.unknownAtMillis == now) {
            a.noValueReason = "its source failed";
            apply(a, rule.onUnknown(), now);
            return;
        }
        boolean present = s.lastSeenMillis == now;
        long seen = s.lastSeenMillis != NONE ? s.lastSeenMillis : s.watchedSinceMillis;
        if (!present && a.absentMillis >= 0 && now - seen >= a.absentMillis) {
            a.noValueReason = "no sample for " + ValueFormat.format(a.absentMillis / 1000.0, Unit.SECONDS);
            apply(a, rule.onNoData(), now);
            return;
        }
        double value;
        try {
            Measure measure = rule.measure();
            // looked up each time (a map read) rather than cached: the history may drop and
            // recreate a series; the latest value needs no history at all
            SeriesHistory seriesHistory = measure instanceof Measure.Latest ? null : history.series(s.id);
            value = measure.evaluate(seriesHistory, history, present ? s.value : Double.NaN);
            a.noValueReason = present ? "no value" : "no sample";
            if (a.loggedFailure) {
                a.loggedFailure = false;
                log.info("Vigil rule '{}' evaluates {} again", rule.name(), s.id);
            }
        } catch (Throwable e) {
            // user code (a SeriesFunction or SeriesPredicate) may throw an Error too, such as a
            // StackOverflowError (its stack is unwound by now) or AssertionError: it must not stop
            // the other alerts' evaluation. Out of memory or a broken JVM is not ours to handle.
            if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
                throw (VirtualMachineError) e;
            }
            evaluationFailures++;
            a.noValueReason = "its query failed: " + e.getClass().getSimpleName();
            if (!a.loggedFailure) {
                a.loggedFailure = true;
                log.warn("Vigil rule '{}' could not evaluate {}; the alert is UNKNOWN", rule.name(), s.id, e);
            }
            toUnknown(a, now);
            return;
        }
        Severity severity = rule.classify(value);
        if (severity == null && rule.clear() != null && !Double.isNaN(value)
                && (a.state == AlertState.PENDING || a.state == AlertState.FIRING)
                && !rule.clear().breached(value)) {
            severity = rule.lowestSeverity(); // hysteresis: not back under the clear level yet
        }
        step(a, severity, value, now);
    }

    private void apply(AlertInstance a, DataPolicy policy, long now) {
        switch (policy) {
            case ALERT -> step(a, a.rule.highestSeverity(), Double.NaN, now);
            case OK -> step(a, null, Double.NaN, now);
            case UNKNOWN -> toUnknown(a, now);
            case KEEP_LAST -> { }
        }
    }

    private static byte nagiosState(Severity s) {
        return s == null ? 0 : s == Severity.WARNING ? (byte) 1 : (byte) 2;
    }

    private void step(AlertInstance a, Severity severity, double value, long now) {
        a.value = value;
        a.recent = ((a.recent << 1) | (severity != null ? 1 : 0)) & a.recentMask;
        boolean wasFiring = a.state == AlertState.FIRING
                || (a.state == AlertState.UNKNOWN && a.firingBeforeUnknown);
        boolean ready = false;
        if (severity != null) {
            if (a.activeSince == NONE) {
                a.activeSince = now;
            }
            if (a.consecutive < Integer.MAX_VALUE) {
                a.consecutive++;
            }
            ready = now - a.activeSince >= a.forMillis
                    && a.consecutive >= a.rule.consecutive()
                    && Long.bitCount(a.recent) >= a.rule.timesNeeded();
        }
        // flapping.c: "only hard states and soft recoveries get recorded"; a problem still
        // PENDING (under forDuration, forEvaluations or N of M) is a soft non-OK state
        boolean soft = severity != null && !wasFiring && !ready;
        boolean flapStopped = !soft && recordFlap(a, nagiosState(severity), now);
        if (severity != null) {
            a.keepFiringSince = NONE;
            if (wasFiring) {
                a.state = AlertState.FIRING;
                a.firingBeforeUnknown = false;
                if (severity != a.severity) {
                    a.severity = severity;
                    a.acknowledgement = null;
                }
                announceSeverity(a);
            } else {
                a.severity = severity;
                if (ready) {
                    a.state = AlertState.FIRING;
                    a.firingSince = now;
                    a.resolvedAt = NONE;
                    a.acknowledgement = null;
                    a.report = null;
                    announceFired(a, now);
                } else {
                    a.state = AlertState.PENDING;
                }
            }
        } else {
            a.consecutive = 0;
            if (wasFiring) {
                // Prometheus' KeepFiringSince: counted from the first evaluation at which the
                // condition no longer holds, so keepFiringFor(interval) bridges one missed sample
                if (a.keepFiringSince == NONE) {
                    a.keepFiringSince = now;
                }
                if (now - a.keepFiringSince >= a.keepFiringMillis) {
                    a.state = AlertState.RESOLVED;
                    a.resolvedAt = now;
                    a.activeSince = NONE;
                    a.keepFiringSince = NONE;
                    a.acknowledgement = null;
                    a.firingBeforeUnknown = false;
                    announceResolved(a);
                } else {
                    a.state = AlertState.FIRING;
                    a.firingBeforeUnknown = false;
                }
            } else if (a.state == AlertState.PENDING || a.state == AlertState.UNKNOWN) {
                a.state = AlertState.INACTIVE;
                a.activeSince = NONE;
            }
        }
        if (flapStopped) {
            catchUp(a, now);
        }
    }

    private void toUnknown(AlertInstance a, long now) {
        // flapping.c records every UNKNOWN result, not only the first of a run
        recordFlap(a, (byte) 3, now);
        if (a.state == AlertState.UNKNOWN) {
            return;
        }
        a.firingBeforeUnknown = a.state == AlertState.FIRING;
        if (!a.firingBeforeUnknown) {
            a.activeSince = NONE;
        }
        a.state = AlertState.UNKNOWN;
        a.value = Double.NaN;
        a.consecutive = 0;
        pending.add(new Pending(Kind.UNKNOWN, a, null, 0, now));
    }

    /** Records the state for flap detection; returns whether flapping stopped just now. */
    private boolean recordFlap(AlertInstance a, byte state, long now) {
        if (a.flap == null) {
            return false;
        }
        a.flap.record(state);
        double percent = a.flap.percent();
        a.flapPercent = percent;
        if (!a.flapping && percent >= a.rule.flapDetection().high()) {
            a.flapping = true;
            pending.add(new Pending(Kind.FLAPPING_STARTED, a, null, percent, now));
        } else if (a.flapping && percent <= a.rule.flapDetection().low()) {
            a.flapping = false;
            pending.add(new Pending(Kind.FLAPPING_STOPPED, a, null, percent, now));
            return true;
        }
        return false;
    }

    private void announceFired(AlertInstance a, long now) {
        if (a.flapping || a.announcedFiring) {
            return;
        }
        a.announcedFiring = true;
        a.announcedSeverity = a.severity;
        a.firedThisPass = true;
        pending.add(new Pending(Kind.FIRED, a, null, 0, now));
    }

    private void announceSeverity(AlertInstance a) {
        if (a.flapping || !a.announcedFiring || a.announcedSeverity == a.severity) {
            return;
        }
        Severity previous = a.announcedSeverity;
        a.announcedSeverity = a.severity;
        pending.add(new Pending(Kind.SEVERITY_CHANGED, a, previous, 0, lastEvaluation));
    }

    private void announceResolved(AlertInstance a) {
        if (a.flapping || !a.announcedFiring) {
            return;
        }
        a.announcedFiring = false;
        pending.add(new Pending(Kind.RESOLVED, a, null, 0, lastEvaluation));
    }

    /** After flapping stops, tells listeners about the net change they did not hear of. */
    private void catchUp(AlertInstance a, long now) {
        if (a.state == AlertState.FIRING) {
            if (!a.announcedFiring) {
                announceFired(a, now);
            } else {
                announceSeverity(a);
            }
        } else if (a.announcedFiring) {
            announceResolved(a);
        }
    }

    // ------------------------------------------------------------------ mutes

    private void updateMutes(long now) {
        boolean anySilence = !silences.isEmpty();
        int windowCount = windows.size();
        if (windowOpen.length != windowCount) {
            windowOpen = new boolean[windowCount];
            windowValidUntil = new long[windowCount];
            windowValidFrom = new long[windowCount];
        }
        boolean anyWindow = false;
        for (int w = 0; w < windowCount; w++) {
            if (now < windowValidFrom[w] || now >= windowValidUntil[w]) {
                // zone arithmetic only when the answer may have changed
                MaintenanceWindow window = windows.get(w);
                windowOpen[w] = window.activeAt(now);
                windowValidFrom[w] = now;
                windowValidUntil[w] = window.nextChangeAfter(now);
            }
            anyWindow |= windowOpen[w];
        }
        if (anySilence) {
            expireSilences(now);
        }
        int rulesCount = inhibitRules.size();
        boolean anySource = false;
        for (int r = 0; r < rulesCount; r++) {
            // sources are found once per pass, so targets only compare the `equal` labels
            List<LabelMatcher> sourceMatchers = inhibitRules.get(r).sourceMatchers();
            int count = 0;
            for (int i = 0; i < instanceCount; i++) {
                AlertInstance a = instances[i];
                if (a.state == AlertState.FIRING && LabelMatcher.all(sourceMatchers, a.labels())) {
                    if (count == inhibitSources[r].length) {
                        inhibitSources[r] = java.util.Arrays.copyOf(inhibitSources[r], count * 2);
                    }
                    inhibitSources[r][count++] = a;
                }
            }
            inhibitSourceCount[r] = count;
            anySource |= count > 0;
        }
        for (int i = 0; i < instanceCount; i++) {
            AlertInstance a = instances[i];
            AlertState st = a.state;
            if (st == AlertState.INACTIVE || st == AlertState.RESOLVED) {
                continue;
            }
            Map<String, String> labels = a.labels();
            boolean silenced = false;
            if (anySilence) {
                for (int s = 0, n = silences.size(); s < n && !silenced; s++) {
                    Silence silence = silences.get(s).silence;
                    silenced = silence.activeAt(now) && silence.matches(labels);
                }
            }
            if (anyWindow && !silenced) {
                for (int w = 0; w < windowCount && !silenced; w++) {
                    silenced = windowOpen[w] && windows.get(w).matches(labels);
                }
            }
            boolean inhibited = false;
            for (int r = 0; anySource && r < rulesCount && !inhibited; r++) {
                InhibitRule rule = inhibitRules.get(r);
                int count = inhibitSourceCount[r];
                if (count == 0 || !LabelMatcher.all(rule.targetMatchers(), labels)) {
                    continue;
                }
                AlertInstance[] sources = inhibitSources[r];
                for (int f = 0; f < count && !inhibited; f++) {
                    inhibited = sources[f] != a && rule.equalLabelsMatch(sources[f].labels(), labels);
                }
            }
            a.silenced = silenced;
            a.inhibited = inhibited;
            boolean muted = silenced || inhibited;
            boolean firedThisPass = a.firedThisPass;
            a.firedThisPass = false;
            if (muted != a.announcedMuted) {
                a.announcedMuted = muted;
                if (a.state == AlertState.FIRING && a.announcedFiring && !firedThisPass) {
                    pending.add(new Pending(muted ? Kind.SILENCED : Kind.UNSILENCED, a, null, 0, now));
                }
            }
        }
        for (int r = 0; r < rulesCount; r++) {
            java.util.Arrays.fill(inhibitSources[r], 0, inhibitSourceCount[r], null);
        }
    }

    private void expireSilences(long now) {
        for (int i = silences.size() - 1; i >= 0; i--) {
            if (silences.get(i).silence.endsAt().toEpochMilli() <= now) {
                silences.remove(i);
            }
        }
    }

    // ------------------------------------------------------------------ events

    private void flush(History history, long now) {
        if (pending.isEmpty()) {
            return;
        }
        List<EventDispatcher.Outgoing> out = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            Alert alert = snapshot(p.instance);
            Instant time = Instant.ofEpochMilli(p.time);
            AlertEvent event = switch (p.kind) {
                case FIRED -> new AlertEvent.Fired(alert, time);
                case SEVERITY_CHANGED -> new AlertEvent.SeverityChanged(alert, p.previous, time);
                case RESOLVED -> new AlertEvent.Resolved(alert, time);
                case UNKNOWN -> new AlertEvent.Unknown(alert, time);
                case FLAPPING_STARTED -> new AlertEvent.FlappingStarted(alert, p.percent, time);
                case FLAPPING_STOPPED -> new AlertEvent.FlappingStopped(alert, p.percent, time);
                case ACKNOWLEDGED -> new AlertEvent.Acknowledged(alert, time);
                case SILENCED -> new AlertEvent.Silenced(alert, time);
                case UNSILENCED -> new AlertEvent.Unsilenced(alert, time);
            };
            out.add(new EventDispatcher.Outgoing(event, p.instance.series.id, history, now, this::storeReport));
        }
        pending.clear();
        dispatcher.publish(out);
    }

    private void storeReport(String fingerprint, AlertReport report) {
        synchronized (lock) {
            AlertInstance a = byFingerprint.get(fingerprint);
            if (a != null && a.state == AlertState.FIRING) {
                a.report = report;
            }
        }
    }

    private Alert snapshot(AlertInstance a) {
        Rule rule = a.rule;
        Severity severity = a.severity != null ? a.severity : rule.lowestSeverity();
        Map<String, String> labels = a.labels();
        Unit unit = rule.unit() != null ? rule.unit() : a.series.unit;
        Condition threshold = rule.condition(severity);
        Map<String, String> annotations = Templates.render(rule.annotations(), labels, a.value, threshold, unit,
                a.noValueReason);
        return new Alert(rule.name(), a.fingerprint, labels, annotations, a.state, severity, a.value,
                instant(a.activeSince), instant(a.firingSince), instant(a.resolvedAt), a.acknowledgement,
                a.silenced, a.inhibited, a.flapping, a.report);
    }

    private static Instant instant(long millis) {
        return millis == NONE ? null : Instant.ofEpochMilli(millis);
    }

    // ------------------------------------------------------------------ queries

    /** Alerts that are PENDING, FIRING or UNKNOWN now, with state, since-when, value and labels. */
    public List<Alert> activeAlerts() {
        synchronized (lock) {
            List<Alert> out = new ArrayList<>();
            for (int i = 0; i < instanceCount; i++) {
                AlertState st = instances[i].state;
                if (st == AlertState.PENDING || st == AlertState.FIRING || st == AlertState.UNKNOWN) {
                    out.add(snapshot(instances[i]));
                }
            }
            return out;
        }
    }

    /** Every alert instance the engine holds, including inactive and resolved ones. */
    public List<Alert> alerts() {
        synchronized (lock) {
            List<Alert> out = new ArrayList<>(instanceCount);
            for (int i = 0; i < instanceCount; i++) {
                out.add(snapshot(instances[i]));
            }
            return out;
        }
    }

    /** The alert with this fingerprint, if the engine holds it. */
    public Optional<Alert> alert(String fingerprint) {
        synchronized (lock) {
            AlertInstance a = byFingerprint.get(fingerprint);
            return a == null ? Optional.empty() : Optional.of(snapshot(a));
        }
    }

    /**
     * The application's overall state: CRITICAL when a critical alert fires, else WARNING when a
     * warning fires, else UNKNOWN when an alert is UNKNOWN, else OK. An alert that was firing when
     * it went UNKNOWN counts at its last firing severity, as notifiers still treat it as firing.
     * Muted alerts count: health says how things are, not who is told.
     */
    public Health health() {
        synchronized (lock) {
            boolean warning = false;
            boolean unknown = false;
            for (int i = 0; i < instanceCount; i++) {
                AlertInstance a = instances[i];
                if (a.state == AlertState.FIRING
                        || (a.state == AlertState.UNKNOWN && a.firingBeforeUnknown && a.severity != null)) {
                    if (a.severity == Severity.CRITICAL) {
                        return Health.CRITICAL;
                    }
                    warning = true;
                } else if (a.state == AlertState.UNKNOWN) {
                    unknown = true;
                }
            }
            return warning ? Health.WARNING : unknown ? Health.UNKNOWN : Health.OK;
        }
    }

    // ------------------------------------------------------------------ acknowledgements

    /**
     * Acknowledges a firing alert: it is not repeated by notifiers until its severity changes or it
     * resolves, which clears the acknowledgement. Emits {@code Acknowledged}.
     *
     * @return the acknowledged alert, or empty when nothing was acknowledged; use
     *         {@link #tryAcknowledge(String, String, String)} to learn why (not firing, not found,
     *         engine closed)
     * @throws IllegalArgumentException when {@code by} is blank
     */
    public Optional<Alert> acknowledge(String fingerprint, String by, String note) {
        return tryAcknowledge(fingerprint, by, note).acknowledged();
    }

    /**
     * Acknowledges a firing alert as {@link #acknowledge(String, String, String)} does, and says
     * why when it cannot: the alert is not firing, no alert has this fingerprint, or the engine is
     * closed.
     *
     * @throws IllegalArgumentException when {@code by} is blank
     */
    public AcknowledgeOutcome tryAcknowledge(String fingerprint, String by, String note) {
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (by == null || by.isBlank()) {
            throw new IllegalArgumentException("acknowledgement 'by' must not be blank, got '" + by + "'");
        }
        synchronized (lock) {
            if (closed) {
                return new AcknowledgeOutcome.EngineClosed();
            }
            AlertInstance a = byFingerprint.get(fingerprint);
            if (a == null) {
                return new AcknowledgeOutcome.NotFound(fingerprint);
            }
            if (a.state != AlertState.FIRING) {
                return new AcknowledgeOutcome.NotFiring(snapshot(a));
            }
            long now = clock.wallMillis();
            a.acknowledgement = new Alert.Acknowledgement(by, Instant.ofEpochMilli(now), note);
            pending.add(new Pending(Kind.ACKNOWLEDGED, a, null, 0, now));
            Alert snapshot = snapshot(a);
            flush(lastHistory, now);
            return new AcknowledgeOutcome.Acknowledged(snapshot);
        }
    }

    /** Acknowledges {@code alert}; see {@link #acknowledge(String, String, String)}. */
    public Optional<Alert> acknowledge(Alert alert, String by, String note) {
        return acknowledge(alert.fingerprint(), by, note);
    }

    // ------------------------------------------------------------------ silences and windows

    /**
     * Adds a silence; it applies at once and expires by itself at its end.
     *
     * @return its id, for {@link #expireSilence(String)}
     */
    public String silence(Silence silence) {
        Objects.requireNonNull(silence, "silence");
        String id = UUID.randomUUID().toString();
        synchronized (lock) {
            silences.add(new SilenceEntry(id, silence));
            remute();
        }
        return id;
    }

    /**
     * Ends a silence now.
     *
     * @return whether a silence with this id was in force or scheduled
     */
    public boolean expireSilence(String id) {
        synchronized (lock) {
            boolean removed = silences.removeIf(e -> e.id.equals(id));
            if (removed) {
                remute();
            }
            return removed;
        }
    }

    /** Silences not yet expired, by id. */
    public Map<String, Silence> silences() {
        synchronized (lock) {
            Map<String, Silence> out = new LinkedHashMap<>();
            long now = clock.wallMillis();
            for (SilenceEntry e : silences) {
                if (e.silence.endsAt().toEpochMilli() > now) {
                    out.put(e.id, e.silence);
                }
            }
            return out;
        }
    }

    /**
     * Adds a maintenance window; it applies at once.
     *
     * @return a subscription whose {@code close()} removes it
     */
    public Subscription addMaintenanceWindow(MaintenanceWindow window) {
        Objects.requireNonNull(window, "window");
        synchronized (lock) {
            windows.add(window);
            remute();
        }
        return () -> {
            synchronized (lock) {
                if (windows.remove(window)) {
                    remute();
                }
            }
        };
    }

    private void remute() {
        if (closed) {
            return;
        }
        long now = Math.max(clock.wallMillis(), lastEvaluation);
        updateMutes(now);
        if (lastHistory != null) {
            flush(lastHistory, now);
        } else {
            pending.clear();
        }
    }

    // ------------------------------------------------------------------ lifecycle

    /** Called by the monitor when it closes: closes the engine. */
    @Override
    public void onClose() {
        close();
    }

    /**
     * Stops evaluating, gives listeners up to {@link Builder#closeTimeout(Duration)} to take their
     * queued events (the rest are dropped and counted), then calls every listener's {@code onClose}
     * and waits up to the close timeout again for them to return, without interrupting them (one
     * still running then is logged and left to finish on its own daemon thread: a third-party
     * listener cannot hang the close). Stops the engine's threads. Idempotent.
     *
     * <p>It runs no evaluation of its own: it has no new samples, and evaluating without them would
     * read as every series gone silent (the monitor's last tick, if any, is the last evaluation).
     * Every event already decided is delivered, including those of a tick that a fatal error cut
     * short.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (!pending.isEmpty()) {
                flush(lastHistory, lastEvaluation);
            }
        }
        dispatcher.close(closeTimeout);
    }

    /** Counters about the engine itself. */
    public Stats stats() {
        synchronized (lock) {
            return new Stats(evaluations, instanceCount, dispatcher.listenerFailures.get(),
                    dispatcher.droppedEvents.get(), dispatcher.reportFailures.get(), evaluationFailures);
        }
    }

    /**
     * Counters about the engine.
     *
     * <pre>{@code
     * if (engine.stats().droppedEvents() > 0) { log.warn("a listener is too slow"); }
     * }</pre>
     *
     * @param evaluations ticks evaluated
     * @param alerts alert instances held (one per rule and matching series)
     * @param listenerFailures listener calls that threw
     * @param droppedEvents events a listener did not receive because it fell behind: events that carry
     *                      no state dropped, or a state merged into the alert's later state (an
     *                      alert's latest state is never lost)
     * @param reportFailures report captures that threw
     * @param evaluationFailures evaluations of an alert whose query threw (an exception or an error
     *                           from user code), each making that alert UNKNOWN
     */
    public record Stats(long evaluations, int alerts, long listenerFailures, long droppedEvents,
                        long reportFailures, long evaluationFailures) {
    }

    @Override
    public String toString() {
        return "AlertEngine[" + rules.size() + " rules]";
    }

    private enum Kind {
        FIRED, SEVERITY_CHANGED, RESOLVED, UNKNOWN, FLAPPING_STARTED, FLAPPING_STOPPED, ACKNOWLEDGED, SILENCED,
        UNSILENCED
    }

    private record Pending(Kind kind, AlertInstance instance, Severity previous, double percent, long time) {
    }

    private record SilenceEntry(String id, Silence silence) {
    }

    /** Builds an {@link AlertEngine}. */
    public static final class Builder {
        private final List<Rule> rules = new ArrayList<>();
        private final List<AlertListener> listeners = new ArrayList<>();
        private final List<InhibitRule> inhibitRules = new ArrayList<>(
                List.of(InhibitRule.CRITICAL_INHIBITS_WARNING_OF_SAME_SERIES));
        private final List<MaintenanceWindow> windows = new ArrayList<>();
        private Clock clock = Clock.system();
        private boolean synchronous;
        private ReportCapture reports;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private FlapDetection flapDetection;
        private Duration forgetAfter = DEFAULT_FORGET_AFTER;

        private Builder() {
        }

        /** Adds a rule. */
        public Builder rule(Rule rule) {
            rules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /** Builds and adds a rule. */
        public Builder rule(Rule.Builder rule) {
            return rule(Objects.requireNonNull(rule, "rule").build());
        }

        /** Adds rules, e.g. {@code RulePacks.host()}. */
        public Builder rules(Collection<Rule> more) {
            for (Rule r : more) {
                rule(r);
            }
            return this;
        }

        /** Adds a listener (one thread of its own). */
        public Builder listener(AlertListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * The clock for acknowledgements and silences made between ticks (evaluation uses each
         * tick's time). Pass the monitor's clock; defaults to the system clock.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * FOR TESTS: delivers events on the thread that evaluates (or acknowledges, or silences),
         * before that call returns, instead of one thread per listener. A slow listener then delays
         * evaluation: never use it in production.
         */
        public Builder synchronousListeners() {
            this.synchronous = true;
            return this;
        }

        /**
         * How to capture the point-in-time report of a firing alert; defaults to
         * {@link StandardReportCapture} with its defaults. {@link ReportCapture#none()} turns it off.
         */
        public Builder reports(ReportCapture capture) {
            this.reports = Objects.requireNonNull(capture, "reports");
            return this;
        }

        /** Adds an inhibition rule (besides the default, unless removed). */
        public Builder inhibit(InhibitRule rule) {
            inhibitRules.add(Objects.requireNonNull(rule, "inhibit rule"));
            return this;
        }

        /** Removes the default "critical inhibits warning of the same series" rule. */
        public Builder noDefaultInhibition() {
            inhibitRules.remove(InhibitRule.CRITICAL_INHIBITS_WARNING_OF_SAME_SERIES);
            return this;
        }

        /** Adds a maintenance window. */
        public Builder maintenanceWindow(MaintenanceWindow window) {
            windows.add(Objects.requireNonNull(window, "maintenance window"));
            return this;
        }

        /**
         * Turns flap detection on for every rule that does not set its own (it is off by default:
         * see {@link Rule.Builder#flapDetection()}).
         */
        public Builder flapDetection(FlapDetection thresholds) {
            this.flapDetection = Objects.requireNonNull(thresholds, "flapDetection");
            return this;
        }

        /**
         * How long a series may go without a sample before the engine forgets it and its INACTIVE or
         * RESOLVED alerts (default 1 h).
         */
        public Builder forgetAfter(Duration duration) {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("forgetAfter must be a positive duration, got " + duration);
            }
            this.forgetAfter = duration;
            return this;
        }

        /**
         * How long close gives listeners to take their queued events (default 5 s), and then again
         * to return from their {@code onClose}; see {@link AlertEngine#close()}.
         */
        public Builder closeTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative()) {
                throw new IllegalArgumentException("closeTimeout must be zero or positive, got " + timeout);
            }
            this.closeTimeout = timeout;
            return this;
        }

        /**
         * The engine.
         *
         * @throws IllegalArgumentException when two rules share a name
         */
        public AlertEngine build() {
            if (flapDetection != null) {
                rules.replaceAll(r -> r.flapDetection() != null ? r : r.toBuilder().flapDetection(flapDetection).build());
            }
            Set<String> names = new HashSet<>();
            for (Rule r : rules) {
                if (!names.add(r.name())) {
                    throw new IllegalArgumentException("rule name '" + r.name() + "' is used by two rules; "
                            + "names identify alerts, make them unique");
                }
            }
            return new AlertEngine(this);
        }
    }
}

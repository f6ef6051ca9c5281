package dev.vigil.alerts;

import dev.vigil.alerts.label.LabelMatcher;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.metric.MetricId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's bookkeeping of series and alert instances: which series it tracks, which alert
 * instances watch them, and forgetting both when they go quiet. Only series whose metric some rule
 * watches are tracked, at most {@code maxSeries} of them (a warning is logged once when the bound
 * is reached; further series are not evaluated until some are forgotten). Touched only under the
 * engine's evaluation lock.
 */
final class SeriesBook {

    private static final Logger log = LoggerFactory.getLogger(AlertEngine.class);
    private static final long NONE = AlertInstance.NONE;

    private final HashMap<MetricId, SeriesEntry> series = new HashMap<>();
    /** The values of {@link #series}, walked by index so that forgetting needs no iterator. */
    private final ArrayList<SeriesEntry> entries = new ArrayList<>();

    private final HashMap<String, AlertInstance> byFingerprint = new HashMap<>();
    private AlertInstance[] instances = new AlertInstance[64];
    private int instanceCount;
    private final long forgetMillis;
    private final int maxSeries;
    private final ExternalLabels externalLabels;
    private long lastForgetPass = NONE;
    private boolean boundLogged;
    private long untracked;
    /** Changes whenever an alert instance is added or forgotten. */
    private int version;

    SeriesBook(long forgetMillis, int maxSeries, ExternalLabels externalLabels) {
        this.forgetMillis = forgetMillis;
        this.maxSeries = maxSeries;
        this.externalLabels = externalLabels;
    }

    AlertInstance[] instances() {
        return instances;
    }

    int instanceCount() {
        return instanceCount;
    }

    int version() {
        return version;
    }

    int seriesCount() {
        return entries.size();
    }

    /** Series not tracked because the bound was reached. */
    long untracked() {
        return untracked;
    }

    @Nullable
    AlertInstance byFingerprint(String fingerprint) {
        return byFingerprint.get(fingerprint);
    }

    /**
     * The entry of a series some rule watches, created (and its rules matched) on first sight, or
     * {@code null} when no rule watches its metric or the bound is reached.
     */
    @Nullable
    SeriesEntry entry(MetricId id, long now, RuleSet rules) {
        SeriesEntry e = series.get(id);
        if (e == null) {
            List<Rule> candidates = rules.watching(id.name());
            if (candidates == null) {
                return null; // no rule watches the metric: nothing to keep
            }
            if (entries.size() >= maxSeries) {
                untracked++;
                if (!boundLogged) {
                    boundLogged = true;
                    log.warn(
                            "Vigil alert engine tracks its maximum of {} series; new series such as {} are not "
                                    + "evaluated until others are forgotten (raise AlertEngine.Builder#maxSeries)",
                            maxSeries,
                            id);
                }
                return null;
            }
            e = new SeriesEntry(id, now);
            series.put(id, e);
            entries.add(e);
            match(e, candidates);
        } else if (e.rematch) {
            e.rematch = false;
            List<Rule> candidates = rules.watching(id.name());
            if (candidates != null) {
                match(e, candidates);
            }
        }
        return e;
    }

    /**
     * The alert of {@code rule} for series {@code id}, created for a restore before the series is
     * seen again; the series matches every rule at its next sample.
     */
    @Nullable
    AlertInstance restore(Rule rule, MetricId id, long now) {
        SeriesEntry e = series.get(id);
        if (e == null) {
            if (entries.size() >= maxSeries) {
                return null;
            }
            e = new SeriesEntry(id, now);
            series.put(id, e);
            entries.add(e);
        }
        e.rematch = true;
        AlertInstance a = new AlertInstance(rule, e, externalLabels);
        add(a);
        return byFingerprint.get(a.fingerprint);
    }

    private void match(SeriesEntry e, List<Rule> candidates) {
        for (Rule r : candidates) {
            if (r.selects(e.id)) {
                add(new AlertInstance(r, e, externalLabels)); // ignored when the rule's alert for it still exists
            }
        }
    }

    private void add(AlertInstance instance) {
        if (byFingerprint.putIfAbsent(instance.fingerprint, instance) != null) {
            return;
        }
        if (instanceCount == instances.length) {
            instances = Arrays.copyOf(instances, instanceCount * 2);
        }
        instances[instanceCount++] = instance;
        instance.series.instanceCount++;
        version++;
    }

    /**
     * Applies a replaced rule set to the alerts, as Prometheus does on a reload: an alert whose rule
     * is unchanged ({@link Rule#equals}) is kept; one whose rule changed but keeps its name and
     * labels and still selects the series carries its state into the changed rule (no second page,
     * no false resolution, a pending {@code for} kept); the others are dropped, resolving those
     * listeners were told fire. Every series matches the new rules at its next sample.
     */
    void replaceRules(RuleSet next, long now, Outbox out) {
        Set<Rule> kept = new HashSet<>(next.rules());
        Map<String, Rule> byName = new HashMap<>();
        for (Rule r : next.rules()) {
            byName.put(r.name(), r);
        }
        int count = 0;
        for (int i = 0; i < instanceCount; i++) {
            AlertInstance a = instances[i];
            if (kept.contains(a.rule)) {
                instances[count++] = a;
                continue;
            }
            Rule changed = byName.get(a.rule.name());
            if (changed != null && changed.labels().equals(a.rule.labels()) && changed.selects(a.series.id)) {
                AlertInstance carried = new AlertInstance(changed, a.series, externalLabels);
                if (carried.fingerprint.equals(a.fingerprint)) {
                    carried.carryStateFrom(a, now, out);
                    byFingerprint.put(carried.fingerprint, carried);
                    instances[count++] = carried;
                    continue;
                }
            }
            a.ruleRemoved(now, out);
            byFingerprint.remove(a.fingerprint);
            a.series.instanceCount--;
        }
        version++; // kept, carried over or dropped: readers see the alerts under the new rules
        Arrays.fill(instances, count, instanceCount, null);
        instanceCount = count;
        for (SeriesEntry e : entries) {
            e.rematch = true;
        }
    }

    /**
     * A rule with {@code absentFor} whose matchers all are equalities names one exact series: watch
     * it from the first tick, so it raises its no-data alert even if it never reports (Prometheus'
     * {@code absent()}).
     */
    void watchExpectedSeries(long now, RuleSet rules) {
        for (Rule r : rules.rules()) {
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
                    entry(MetricId.of(r.metric(), tags), now, rules);
                } catch (IllegalArgumentException notAValidId) {
                    // a matcher no series id can carry: nothing to watch
                }
            }
        }
    }

    /**
     * Drops series not heard of for {@code forgetAfter} and their INACTIVE or RESOLVED alerts, so
     * series that come and go (per-process tags, unmounted filesystems) do not pile up. Alerts of
     * rules with {@code absentFor} are kept: their silence is what they watch. An alert forgotten
     * while it flaps says its flapping ended, in {@code out}: a receiver would otherwise hold back
     * its resolution for ever. Each alert forgotten is journaled by {@code durable} first (as
     * resolved while its resolution may be unheard), since the pass's journal covers only the
     * alerts still held.
     *
     * @return whether any alert was forgotten
     */
    boolean forgetStale(long now, Outbox out, DurableState durable) {
        if (lastForgetPass != NONE && now - lastForgetPass < forgetMillis / 4) {
            return false;
        }
        lastForgetPass = now;
        int kept = 0;
        for (int i = 0; i < instanceCount; i++) {
            AlertInstance a = instances[i];
            boolean quiet = a.state == AlertState.INACTIVE || a.state == AlertState.RESOLVED;
            if (quiet && a.absentMillis < 0 && now - a.series.lastHeardOfMillis() >= forgetMillis) {
                a.forgotten(now, out);
                durable.forgotten(a, now);
                byFingerprint.remove(a.fingerprint);
                a.series.instanceCount--;
                a.series.rematch = true;
            } else {
                instances[kept++] = a;
            }
        }
        boolean forgot = kept != instanceCount;
        if (forgot) {
            version++;
        }
        Arrays.fill(instances, kept, instanceCount, null);
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
        if (boundLogged && entries.size() < maxSeries) {
            boundLogged = false; // log again the next time the bound is reached
        }
        return forgot;
    }

    /** Notes the samples of a tick on the series some rule watches. */
    void see(java.util.List<dev.vigil.core.metric.Sample> samples, long now, RuleSet rules) {
        for (int i = 0, n = samples.size(); i < n; i++) {
            dev.vigil.core.metric.Sample s = samples.get(i);
            SeriesEntry e = entry(s.id(), now, rules);
            if (e != null) {
                e.lastSeenMillis = now;
                e.value = s.value();
                e.unit = s.unit();
            }
        }
    }

    /** The fingerprints of every alert held. */
    java.util.Set<String> fingerprints() {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (int i = 0; i < instanceCount(); i++) {
            out.add(instances()[i].fingerprint);
        }
        return out;
    }

    /** Notes the series a tick could not read. */
    void seeUnknown(java.util.Set<MetricId> unknown, long now, RuleSet rules) {
        if (unknown.isEmpty()) {
            return; // no iterator: a steady pass allocates nothing
        }
        for (MetricId id : unknown) {
            SeriesEntry e = entry(id, now, rules);
            if (e != null) {
                e.unknownAtMillis = now;
            }
        }
    }
}

package dev.vigil.alerts;

import dev.vigil.alerts.label.LabelMatcher;
import dev.vigil.alerts.silence.InhibitRule;
import dev.vigil.alerts.silence.MaintenanceWindow;
import dev.vigil.alerts.silence.Silence;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Who is muted: silences and maintenance windows set {@link Alert#silenced()}, inhibition rules set
 * {@link Alert#inhibited()}. Silences and windows may be added from any thread (arrays replaced
 * whole, read without a lock); {@link #update} runs on the evaluating thread under the engine's
 * lock and allocates nothing.
 */
final class Muting {

    private record SilenceEntry(String id, Silence silence) {}

    private final List<InhibitRule> inhibitRules;
    private volatile MaintenanceWindow[] windows;
    private volatile SilenceEntry[] silences = new SilenceEntry[0];
    private final int maxSilences;
    private final AlertInstance[][] inhibitSources;
    private final int[] inhibitSourceCount;
    private boolean[] windowOpen = new boolean[0];
    private long[] windowValidFrom = new long[0];
    private long[] windowValidUntil = new long[0];
    private MaintenanceWindow @Nullable [] cachedWindows;

    /** Where silences and windows are journaled, or {@code null} while the state is in memory. */
    private volatile @Nullable AlertStateStore journal;

    Muting(List<InhibitRule> inhibitRules, List<MaintenanceWindow> windows, int maxSilences) {
        this.inhibitRules = List.copyOf(inhibitRules);
        this.windows = windows.toArray(new MaintenanceWindow[0]);
        this.maxSilences = maxSilences;
        this.inhibitSources = new AlertInstance[this.inhibitRules.size()][16];
        this.inhibitSourceCount = new int[this.inhibitRules.size()];
    }

    /**
     * Adds a silence.
     *
     * @throws IllegalStateException when {@code maxSilences} silences are in force or scheduled
     */
    /** Journals the silences and windows once the engine keeps its state on disk. */
    void journalTo(AlertStateStore store) {
        journal = store;
    }

    synchronized String add(Silence silence, long now) {
        if (silences.length >= maxSilences) {
            expire(now); // ended ones do not count
            if (silences.length >= maxSilences) {
                throw new IllegalStateException("cannot add silence " + silence + ": " + silences.length
                        + " silences are in force or scheduled, at most " + maxSilences
                        + " (AlertEngine.Builder#maxSilences); expire some first");
            }
        }
        String id = UUID.randomUUID().toString();
        SilenceEntry[] more = Arrays.copyOf(silences, silences.length + 1);
        more[more.length - 1] = new SilenceEntry(id, silence);
        silences = more;
        AlertStateStore j = journal;
        if (j != null) {
            j.silenceAdded(id, silence);
        }
        return id;
    }

    /** Puts a stored silence back under its id. */
    synchronized void restore(String id, Silence silence) {
        SilenceEntry[] more = Arrays.copyOf(silences, silences.length + 1);
        more[more.length - 1] = new SilenceEntry(id, silence);
        silences = more;
    }

    synchronized boolean expireSilence(String id) {
        SilenceEntry[] kept =
                Arrays.stream(silences).filter(e -> !e.id.equals(id)).toArray(SilenceEntry[]::new);
        boolean removed = kept.length != silences.length;
        silences = kept;
        AlertStateStore j = journal;
        if (j != null) {
            j.silenceExpired(id); // also one that ended by itself and is still stored
        }
        return removed;
    }

    Map<String, Silence> silences(long now) {
        Map<String, Silence> out = new LinkedHashMap<>();
        for (SilenceEntry e : silences) {
            if (e.silence.endsAt().toEpochMilli() > now) {
                out.put(e.id, e.silence);
            }
        }
        return out;
    }

    /**
     * Adds a window an application declares, and journals it; one restored from the state at
     * start-up is in force already and is not added twice.
     *
     * @return its key in the journal, or {@code null} in memory
     */
    @Nullable
    String keepWindow(MaintenanceWindow window) {
        AlertStateStore j = journal;
        if (j == null || !j.windowStored(window)) {
            addWindow(window);
        }
        return j == null ? null : j.windowAdded(window);
    }

    /** Removes a window {@link #keepWindow kept}, from the journal too; whether it was in force. */
    boolean dropWindow(MaintenanceWindow window, @Nullable String key) {
        AlertStateStore j = journal;
        if (key != null && j != null) {
            j.windowRemoved(key);
        }
        return removeWindow(window);
    }

    synchronized void addWindow(MaintenanceWindow window) {
        MaintenanceWindow[] more = Arrays.copyOf(windows, windows.length + 1);
        more[more.length - 1] = window;
        windows = more;
    }

    synchronized boolean removeWindow(MaintenanceWindow window) {
        List<MaintenanceWindow> kept = new java.util.ArrayList<>(List.of(windows));
        boolean removed = kept.remove(window);
        windows = kept.toArray(new MaintenanceWindow[0]);
        return removed;
    }

    private synchronized void expire(long now) {
        silences = Arrays.stream(silences)
                .filter(e -> e.silence.endsAt().toEpochMilli() > now)
                .toArray(SilenceEntry[]::new);
    }

    /** Sets every active alert's mute flags for {@code now}. */
    void update(AlertInstance[] instances, int count, long now, Outbox out) {
        SilenceEntry[] inForce = silences;
        for (SilenceEntry e : inForce) {
            if (e.silence.endsAt().toEpochMilli() <= now) {
                expire(now);
                inForce = silences;
                break;
            }
        }
        MaintenanceWindow[] known = windows;
        boolean anyWindow = openWindows(known, now);
        int rulesCount = inhibitRules.size();
        boolean anySource = findInhibitSources(instances, count);
        for (int i = 0; i < count; i++) {
            AlertInstance a = instances[i];
            if (a.state == AlertState.INACTIVE || a.state == AlertState.RESOLVED) {
                continue;
            }
            Map<String, String> labels = a.labels();
            match(a, labels, inForce, known);
            boolean silenced = false;
            boolean[] silenceMatches = a.silenceMatches;
            for (int s = 0; s < inForce.length && !silenced; s++) {
                silenced = silenceMatches[s] && inForce[s].silence.activeAt(now);
            }
            if (anyWindow && !silenced) {
                boolean[] windowMatches = a.windowMatches;
                for (int w = 0; w < known.length && !silenced; w++) {
                    silenced = windowOpen[w] && windowMatches[w];
                }
            }
            boolean inhibited = false;
            for (int r = 0; anySource && r < rulesCount && !inhibited; r++) {
                InhibitRule rule = inhibitRules.get(r);
                int sources = inhibitSourceCount[r];
                if (sources == 0 || !LabelMatcher.all(rule.targetMatchers(), labels)) {
                    continue;
                }
                // As Alertmanager: a target that matches the source side too is not inhibited by
                // sources that match the target side too, so such alerts never mute each other.
                boolean twoSided = LabelMatcher.all(rule.sourceMatchers(), labels);
                AlertInstance[] from = inhibitSources[r];
                for (int f = 0; f < sources && !inhibited; f++) {
                    Map<String, String> source = from[f].labels();
                    inhibited = from[f] != a
                            && rule.equalLabelsMatch(source, labels)
                            && !(twoSided && LabelMatcher.all(rule.targetMatchers(), source));
                }
            }
            a.mute(silenced, inhibited, now, out);
        }
        for (int r = 0; r < rulesCount; r++) {
            Arrays.fill(inhibitSources[r], 0, inhibitSourceCount[r], null);
        }
    }

    /**
     * Works out which silences and windows match the alert, only when they or its labels changed:
     * a silence's matchers (a regular expression among them) then cost nothing per tick.
     */
    private static void match(
            AlertInstance a, Map<String, String> labels, SilenceEntry[] inForce, MaintenanceWindow[] known) {
        boolean sameLabels = a.matchedLabels == labels;
        if (!sameLabels || a.matchedSilences != inForce) {
            boolean[] matches = new boolean[inForce.length];
            for (int s = 0; s < inForce.length; s++) {
                matches[s] = inForce[s].silence.matches(labels);
            }
            a.silenceMatches = matches;
            a.matchedSilences = inForce;
        }
        if (!sameLabels || a.matchedWindows != known) {
            boolean[] matches = new boolean[known.length];
            for (int w = 0; w < known.length; w++) {
                matches[w] = known[w].matches(labels);
            }
            a.windowMatches = matches;
            a.matchedWindows = known;
        }
        a.matchedLabels = labels;
    }

    /** Which windows are open; zone arithmetic only when the answer may have changed. */
    private boolean openWindows(MaintenanceWindow[] known, long now) {
        if (known != cachedWindows) { // added or removed: the cached answers are by position
            cachedWindows = known;
            windowOpen = new boolean[known.length];
            windowValidUntil = new long[known.length];
            windowValidFrom = new long[known.length];
        }
        boolean any = false;
        for (int w = 0; w < known.length; w++) {
            if (now < windowValidFrom[w] || now >= windowValidUntil[w]) {
                windowOpen[w] = known[w].activeAt(now);
                windowValidFrom[w] = now;
                windowValidUntil[w] = known[w].nextChangeAfter(now);
            }
            any |= windowOpen[w];
        }
        return any;
    }

    /**
     * Sources are found once per pass, so targets only compare the {@code equal} labels. A source
     * is a firing alert, or one UNKNOWN since it fired: that still counts as firing for notifiers
     * (and stays firing in a state-synchronised Alertmanager), so it keeps muting its targets.
     */
    private boolean findInhibitSources(AlertInstance[] instances, int count) {
        boolean any = false;
        for (int r = 0; r < inhibitRules.size(); r++) {
            List<LabelMatcher> sourceMatchers = inhibitRules.get(r).sourceMatchers();
            int found = 0;
            for (int i = 0; i < count; i++) {
                AlertInstance a = instances[i];
                boolean firing =
                        a.state == AlertState.FIRING || (a.state == AlertState.UNKNOWN && a.firingBeforeUnknown);
                if (firing && LabelMatcher.all(sourceMatchers, a.labels())) {
                    if (found == inhibitSources[r].length) {
                        inhibitSources[r] = Arrays.copyOf(inhibitSources[r], found * 2);
                    }
                    inhibitSources[r][found++] = a;
                }
            }
            inhibitSourceCount[r] = found;
            any |= found > 0;
        }
        return any;
    }
}

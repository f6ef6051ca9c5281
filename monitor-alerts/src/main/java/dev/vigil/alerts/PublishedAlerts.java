package dev.vigil.alerts;

import dev.vigil.alerts.rule.Severity;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What readers of the engine see ({@code activeAlerts()}, {@code alert()}, {@code health()}): an
 * immutable value replaced whole after each evaluation that changed something, so application
 * threads read it without waiting on an evaluation.
 */
record PublishedAlerts(List<Alert> all, Map<String, Alert> byFingerprint, Health health) {

    static final PublishedAlerts EMPTY = new PublishedAlerts(List.of(), Map.of(), Health.OK);

    /**
     * The state of {@code book}'s alerts, or {@code null} when nothing changed since
     * {@code publishedVersion}. Only alerts whose published snapshot no longer says what they are
     * get a new one, so a pass in which nothing changed allocates nothing.
     */
    static @Nullable PublishedAlerts of(SeriesBook book, int publishedVersion) {
        AlertInstance[] all = book.instances();
        int n = book.instanceCount();
        boolean changed = book.version() != publishedVersion;
        for (int i = 0; i < n; i++) {
            AlertInstance a = all[i];
            if (!a.publishedIsCurrent()) {
                a.publish();
                changed = true;
            }
        }
        if (!changed) {
            return null;
        }
        Alert[] alerts = new Alert[n];
        Map<String, Alert> byFingerprint = new HashMap<>(n * 2);
        boolean warning = false;
        boolean critical = false;
        boolean unknown = false;
        for (int i = 0; i < n; i++) {
            AlertInstance a = all[i];
            alerts[i] = a.published;
            byFingerprint.put(a.fingerprint, a.published);
            if (a.state == AlertState.FIRING
                    || (a.state == AlertState.UNKNOWN && a.firingBeforeUnknown && a.severity != null)) {
                critical |= a.severity == Severity.CRITICAL;
                warning = true;
            } else if (a.state == AlertState.UNKNOWN) {
                unknown = true;
            }
        }
        Health health = critical ? Health.CRITICAL : warning ? Health.WARNING : unknown ? Health.UNKNOWN : Health.OK;
        return new PublishedAlerts(
                Collections.unmodifiableList(Arrays.asList(alerts)),
                Collections.unmodifiableMap(byFingerprint),
                health);
    }

    /** The PENDING, FIRING and UNKNOWN alerts. */
    List<Alert> active() {
        List<Alert> out = new java.util.ArrayList<>();
        for (Alert a : all) {
            AlertState st = a.state();
            if (st == AlertState.PENDING || st == AlertState.FIRING || st == AlertState.UNKNOWN) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * What acknowledging {@code fingerprint} with {@code ack} comes to, decided on what is published:
     * refused (not found, not firing), or acknowledged, {@code apply} then queuing the write.
     */
    AcknowledgeOutcome acknowledge(
            String fingerprint, Alert.Acknowledgement ack, java.util.function.Consumer<Alert> apply) {
        Alert current = byFingerprint.get(fingerprint);
        if (current == null) {
            return new AcknowledgeOutcome.NotFound(fingerprint);
        }
        if (current.state() != AlertState.FIRING) {
            return new AcknowledgeOutcome.NotFiring(current);
        }
        apply.accept(current);
        return new AcknowledgeOutcome.Acknowledged(current.withAcknowledgement(ack));
    }
}

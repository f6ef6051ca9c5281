package dev.vigil.notify;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertState;
import dev.vigil.notify.route.Route;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@linkplain Route#synchronizeState() state-synchronising} route's receivers hold: every
 * alert that matches it, active or recently resolved, keyed by its labels as the receiver keys
 * them. Local mutes are ignored on purpose (see {@code Route.synchronizeState()}). Guarded by the
 * dispatcher's lock.
 */
final class SyncedAlerts {

    private final Duration resendInterval;
    // By label set, as Alertmanager identifies alerts: a severity change is a new alert there, and
    // the one with the old severity must be resolved or it stays firing until it expires.
    private final Map<Map<String, String>, Alert> held = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> activeByFingerprint = new HashMap<>();
    private Instant nextResend;

    SyncedAlerts(Duration resendInterval) {
        this.resendInterval = resendInterval;
    }

    /**
     * Takes {@code alert}'s state as of {@code now} (it matches this route, or, with
     * {@code matches} false, it no longer does) and returns what changed and must be sent now.
     */
    List<Alert> accept(Alert alert, boolean matches, Instant now) {
        List<Alert> changed = new ArrayList<>(2);
        boolean firing = matches && alert.state() == AlertState.FIRING;
        Map<String, String> current = activeByFingerprint.get(alert.fingerprint());
        if (current != null) {
            boolean same = current.equals(alert.labels());
            if (!matches || alert.state() == AlertState.RESOLVED || (firing && !same)) {
                Alert ended = matches && same && alert.state() == AlertState.RESOLVED && alert.resolvedAt() != null
                        ? alert : Dispatcher.resolvedCopy(held.get(current), now);
                held.put(current, ended);
                activeByFingerprint.remove(alert.fingerprint());
                changed.add(ended);
            }
        }
        if (firing) {
            Alert before = held.put(alert.labels(), alert);
            activeByFingerprint.put(alert.fingerprint(), alert.labels());
            if (before == null || before.state() != AlertState.FIRING) {
                changed.add(alert);
            }
            if (nextResend == null) {
                nextResend = now.plus(resendInterval);
            }
        }
        // PENDING, INACTIVE and UNKNOWN change nothing here: a firing alert whose data went missing
        // stays held (and alive) until the engine resolves it.
        return changed;
    }

    /** Whether an alert with this fingerprint is held as active. */
    boolean holdsActive(String fingerprint) {
        return activeByFingerprint.containsKey(fingerprint);
    }

    /** When the next re-send is due, or {@code null} while nothing is held. */
    Instant nextResend() {
        return nextResend;
    }

    /**
     * Everything held, when a re-send is due at {@code now} (or {@code force}d); resolved alerts
     * are held for {@link Route#RESOLVED_RESEND} after they resolved.
     */
    List<Alert> resend(Instant now, boolean force) {
        if (nextResend == null || (!force && now.isBefore(nextResend))) {
            return List.of();
        }
        held.values().removeIf(a -> a.state() == AlertState.RESOLVED
                && !a.resolvedAt().plus(Route.RESOLVED_RESEND).isAfter(now));
        nextResend = held.isEmpty() ? null : now.plus(resendInterval);
        return List.copyOf(held.values());
    }
}

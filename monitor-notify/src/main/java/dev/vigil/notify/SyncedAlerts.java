package dev.vigil.notify;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

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
    // Changes not sent yet, latest per label set: the events of one evaluation arrive in a burst and
    // go out together at the flush that follows them.
    private final Map<Map<String, String>, Alert> changed = new LinkedHashMap<>();
    private @Nullable Instant nextResend;

    SyncedAlerts(Duration resendInterval) {
        this.resendInterval = resendInterval;
    }

    /**
     * Takes {@code alert}'s state as of {@code now} (it matches this route, or, with
     * {@code matches} false, it no longer does); what changed waits for the next {@link #flush}.
     */
    void accept(Alert alert, boolean matches, Instant now) {
        boolean firing = matches && alert.state() == AlertState.FIRING;
        Map<String, String> current = activeByFingerprint.get(alert.fingerprint());
        if (current != null) {
            boolean same = current.equals(alert.labels());
            if (!matches || alert.state() == AlertState.RESOLVED || (firing && !same)) {
                Alert ended = matches && same && alert.state() == AlertState.RESOLVED && alert.resolvedAt() != null
                        ? alert
                        : Dispatcher.resolvedCopy(held.get(current), now);
                held.put(current, ended);
                activeByFingerprint.remove(alert.fingerprint());
                changed.put(current, ended);
            }
        }
        if (firing) {
            Alert before = held.put(alert.labels(), alert);
            activeByFingerprint.put(alert.fingerprint(), alert.labels());
            if (before == null || before.state() != AlertState.FIRING) {
                changed.put(alert.labels(), alert);
            }
            if (nextResend == null) {
                nextResend = now.plus(resendInterval);
            }
        }
        // PENDING, INACTIVE and UNKNOWN change nothing here: a firing alert whose data went missing
        // stays held (and alive) until the engine resolves it.
    }

    /** Whether an alert with this fingerprint is held as active. */
    boolean holdsActive(String fingerprint) {
        return activeByFingerprint.containsKey(fingerprint);
    }

    /**
     * When something is next to be sent: at once ({@code now}) while changes wait, else the next
     * re-send, or {@code null} while nothing is held.
     */
    @Nullable
    Instant nextFlush(Instant now) {
        return changed.isEmpty() ? nextResend : now;
    }

    /**
     * What to send at {@code now}, in one request: everything held when a re-send is due (or
     * {@code force}d), resolved alerts for {@link Route#RESOLVED_RESEND} after they resolved;
     * otherwise the changes since the last flush.
     */
    List<Alert> flush(Instant now, boolean force) {
        if (nextResend != null && (force || !now.isBefore(nextResend))) {
            changed.clear();
            held.values()
                    .removeIf(a -> a.state() == AlertState.RESOLVED
                            && !a.resolvedAt().plus(Route.RESOLVED_RESEND).isAfter(now));
            nextResend = held.isEmpty() ? null : now.plus(resendInterval);
            return List.copyOf(held.values());
        }
        List<Alert> out = List.copyOf(changed.values());
        changed.clear();
        return out;
    }
}

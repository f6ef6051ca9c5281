package dev.vigil.notify;

import dev.vigil.core.internal.Require;
import java.time.Duration;
import java.util.List;

/**
 * One step of an on-call escalation: if an alert is still firing and unacknowledged
 * {@code after} it started firing, its group is also notified to {@code receivers}. An
 * acknowledgement or the resolution stops the chain (a step that paged is told of the
 * resolution).
 *
 * <pre>{@code
 * Route.where("severity", "critical").to(slack)
 *      .escalateAfter(Duration.ofMinutes(15), pagerDuty);
 * }</pre>
 *
 * @param after delay from the alert's start of firing
 * @param receivers who gets notified at this step
 */
public record EscalationStep(Duration after, List<Notifier> receivers) {

    public EscalationStep {
        Require.positive("escalation delay", after);
        receivers = List.copyOf(receivers);
        if (receivers.isEmpty()) {
            throw new IllegalArgumentException("escalation step after " + after + " needs at least one receiver");
        }
    }
}

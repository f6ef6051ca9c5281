package dev.vigil.alerts;

import dev.vigil.alerts.report.AlertReport;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Writes from application threads (acknowledgements, mute changes, reports captured late), queued
 * here and applied under the engine's evaluation lock: a writer never waits behind an evaluation.
 */
final class Writes {

    /** One write. */
    sealed interface Command {
        /**
         * An acknowledgement decided on the published alert, firing at {@code severity} since
         * {@code firingSince} (epoch ms): applied only while the alert is still that problem.
         */
        record Acknowledge(
                String fingerprint,
                Alert.Acknowledgement acknowledgement,
                dev.vigil.alerts.rule.Severity severity,
                long firingSince)
                implements Command {

            /** An acknowledgement decided on {@code alert}, a firing one as published. */
            static Acknowledge of(Alert.Acknowledgement ack, Alert alert) {
                java.time.Instant since = java.util.Objects.requireNonNull(alert.firingSince(), "firingSince");
                return new Acknowledge(alert.fingerprint(), ack, alert.severity(), since.toEpochMilli());
            }
        }

        record Remute() implements Command {}

        record StoreReport(String fingerprint, AlertReport report) implements Command {}
    }

    private final ConcurrentLinkedQueue<Command> queue = new ConcurrentLinkedQueue<>();
    /** Whether {@link #apply} applied a write since {@link #clearRan()}; under the evaluation lock. */
    private boolean ran;

    void add(Command command) {
        queue.add(command);
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    void clear() {
        queue.clear();
    }

    boolean ran() {
        return ran;
    }

    void clearRan() {
        ran = false;
    }

    /**
     * Applies the queued writes to {@code book}'s alerts, their events into {@code outbox}.
     *
     * @return whether muting must be worked out again
     */
    boolean apply(SeriesBook book, Outbox outbox) {
        boolean remute = false;
        Command c;
        while ((c = queue.poll()) != null) {
            ran = true;
            if (c instanceof Command.Acknowledge ack) {
                AlertInstance a = book.byFingerprint(ack.fingerprint());
                if (a != null) {
                    // ignored if it stopped firing or changed severity since it was decided on
                    a.acknowledge(ack.acknowledgement(), ack.severity(), ack.firingSince(), outbox);
                }
            } else if (c instanceof Command.StoreReport r) {
                AlertInstance a = book.byFingerprint(r.fingerprint());
                if (a != null && a.state == AlertState.FIRING) {
                    a.report = r.report();
                }
            } else {
                remute = true;
            }
        }
        return remute;
    }
}

package dev.vigil.alerts;

import dev.vigil.alerts.rule.Severity;
import java.time.Instant;

/**
 * What happened to an alert. A closed set: on Java 21, switch over it; on Java 17, test its type.
 *
 * <pre>{@code
 * if (event instanceof AlertEvent.Fired f) {
 *     page(f.alert());
 * } else if (event instanceof AlertEvent.Resolved r) {
 *     clear(r.alert());
 * }
 * }</pre>
 */
public sealed interface AlertEvent {

    /** The alert after the change. */
    Alert alert();

    /** When the change happened (evaluation time). */
    Instant time();

    /** The alert started firing (after PENDING) with {@code alert().severity()}. */
    record Fired(Alert alert, Instant time) implements AlertEvent {}

    /** A firing alert changed severity (for example WARNING to CRITICAL). */
    record SeverityChanged(Alert alert, Severity previous, Instant time) implements AlertEvent {}

    /** A firing alert's condition no longer holds (after {@code keepFiringFor}). */
    record Resolved(Alert alert, Instant time) implements AlertEvent {}

    /** The alert's data cannot be trusted any more (source failing, series absent). */
    record Unknown(Alert alert, Instant time) implements AlertEvent {}

    /** The alert started flapping: problem events are held back until it stops. */
    record FlappingStarted(Alert alert, double percentStateChange, Instant time) implements AlertEvent {}

    /** The alert stopped flapping. */
    record FlappingStopped(Alert alert, double percentStateChange, Instant time) implements AlertEvent {}

    /** Someone acknowledged the alert. */
    record Acknowledged(Alert alert, Instant time) implements AlertEvent {}

    /**
     * A firing alert became muted: a silence or maintenance window matches it ({@code silenced()})
     * or an inhibition rule mutes it ({@code inhibited()}).
     */
    record Silenced(Alert alert, Instant time) implements AlertEvent {}

    /** A firing alert is no longer muted by any silence, maintenance window or inhibition. */
    record Unsilenced(Alert alert, Instant time) implements AlertEvent {}

    /**
     * Not a change: at its first evaluation after a start, an engine with a state directory tells
     * its listeners each alert it put back (FIRING, PENDING, UNKNOWN), and each it resolved shortly
     * before it stopped ({@code RESOLVED}), as it stands now. A listener that keeps durable state of
     * its own (the notifications' log) reconciles with it: a page or a resolve a kill kept from it
     * is sent now, and nothing it already sent is sent again. Other listeners ignore it.
     */
    record Restored(Alert alert, Instant time) implements AlertEvent {}
}

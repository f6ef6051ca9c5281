package dev.vigil.alerts;

/**
 * Where an alert instance is in its lifecycle.
 *
 * <pre>{@code
 * boolean paging = alert.state() == AlertState.FIRING;
 * }</pre>
 */
public enum AlertState {
    /** The condition does not hold. */
    INACTIVE,
    /** The condition holds but not yet for the rule's {@code for} duration / count. */
    PENDING,
    /** The condition has held long enough: the alert is active. */
    FIRING,
    /** The alert was firing and its condition no longer holds. */
    RESOLVED,
    /** The data cannot be trusted: the source failed or the series stopped reporting. */
    UNKNOWN
}

package dev.vigil.alerts.rule;

/**
 * What a rule does when it cannot trust its data: the series stopped reporting (no data) or its
 * source failed this tick (the series is UNKNOWN in the tick).
 *
 * <pre>{@code
 * Rule.threshold("heartbeat").metric("app.heartbeat").critBelow(1)
 *         .absentFor(Duration.ofMinutes(2)).onNoData(DataPolicy.ALERT);
 * }</pre>
 */
public enum DataPolicy {
    /** Treat it as a problem at the rule's highest severity (Nagios freshness, Prometheus absent). */
    ALERT,
    /** Change nothing: the alert keeps its state until data comes back. */
    KEEP_LAST,
    /** Treat it as fine: the condition does not hold. */
    OK,
    /** Move the alert to {@code UNKNOWN} (Nagios' UNKNOWN: the check could not run). */
    UNKNOWN
}

package dev.vigil.alerts.report;

/**
 * The point-in-time report captured when an alert fires: what the machine and the JVM looked like
 * at that moment. PLACEHOLDER shape: structured fields are being added.
 *
 * <pre>{@code
 * String attachment = alert.report().text();
 * }</pre>
 *
 * @param text the report as readable text
 */
public record AlertReport(String text) {
}

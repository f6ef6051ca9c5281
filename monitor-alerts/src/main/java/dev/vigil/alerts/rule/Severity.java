package dev.vigil.alerts.rule;

/**
 * How bad a firing alert is, in Nagios' terms. Carried as the {@code severity} label in lower
 * case ({@code warning}, {@code critical}).
 *
 * <pre>{@code
 * if (alert.severity() == Severity.CRITICAL) { page(); }
 * }</pre>
 */
public enum Severity {
    /** Outside the warning level. */
    WARNING,
    /** Outside the critical level. */
    CRITICAL;

    /** The label value: {@code warning} or {@code critical}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

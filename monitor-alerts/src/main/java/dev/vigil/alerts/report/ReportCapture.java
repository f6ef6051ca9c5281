package dev.vigil.alerts.report;

import dev.vigil.core.history.History;
import dev.vigil.core.metric.MetricId;
import org.jspecify.annotations.Nullable;

/**
 * Captures the point-in-time report attached to an alert when it fires. The engine calls it on
 * its event thread, never on the sampling thread, before the {@code Fired} event reaches the
 * listeners; it may be slow (process listing), so implementations rate-limit what is expensive.
 *
 * <pre>{@code
 * AlertEngine.builder().reports(ReportCapture.none());   // no reports at all
 * }</pre>
 */
@FunctionalInterface
public interface ReportCapture {

    /**
     * The report for {@code alert}, fired on {@code series}; {@code history} holds the series'
     * recent past.
     *
     * @return the report, or {@code null} for none
     */
    @Nullable
    AlertReport capture(FiringAlert alert, MetricId series, History history, long nowMillis);

    /** Captures nothing. */
    static ReportCapture none() {
        return (alert, series, history, now) -> null;
    }
}

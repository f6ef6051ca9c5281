package dev.vigil.alerts.report;

import dev.vigil.alerts.rule.Severity;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link ReportCapture} is told about the alert whose report it captures: the part of the
 * alert a report is about. It is not the engine's {@code Alert}, so that reports sit below the
 * engine and the engine's package and this one do not depend on each other.
 *
 * <pre>{@code
 * ReportCapture headline = (alert, series, history, now) -> alert.severity() == Severity.CRITICAL
 *         ? StandardReportCapture.builder().build().capture(alert, series, history, now)
 *         : null;
 * }</pre>
 *
 * @param name the alert's name (its {@code alertname} label)
 * @param severity the severity it fires at
 * @param labels its identifying labels
 * @param annotations its human text: {@code summary}, {@code description}, ...
 * @param value the compared value that made it fire
 */
public record FiringAlert(
        String name, Severity severity, Map<String, String> labels, Map<String, String> annotations, double value) {

    /** Copies the maps. */
    public FiringAlert {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(severity, "severity");
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }
}

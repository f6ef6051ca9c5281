package dev.vigil.alerts;

import dev.vigil.alerts.report.AlertReport;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An immutable snapshot of one alert instance (one rule applied to one series).
 *
 * <p>{@code labels} identify the alert: they hold {@code alertname} (the rule's name), the rule's
 * own labels, the series' tags and {@code severity}. {@code fingerprint} is a stable hash of the
 * identifying labels without {@code severity}, so a severity change keeps the same fingerprint.
 *
 * <pre>{@code
 * String text = alert.labels().get("alertname") + " is " + alert.severity() + ": "
 *         + alert.annotations().get("summary");
 * }</pre>
 *
 * @param rule the rule's name
 * @param fingerprint stable identity of the instance
 * @param labels identifying labels, including {@code alertname} and {@code severity}
 * @param annotations human text: {@code summary}, {@code description}, ...
 * @param state lifecycle state
 * @param severity severity (the last one while firing, for a resolved alert the last fired)
 * @param value the compared value at the latest evaluation ({@code NaN} when unknown)
 * @param activeSince when the condition started to hold (pending start), or {@code null}
 * @param firingSince when it started firing, or {@code null}
 * @param resolvedAt when it resolved, or {@code null}
 * @param acknowledgement the acknowledgement in force, or {@code null}
 * @param silenced whether a silence or maintenance window matches it now
 * @param inhibited whether an inhibition rule mutes it now
 * @param flapping whether it is flapping now
 * @param report the point-in-time report captured when it fired, or {@code null}
 */
public record Alert(String rule, String fingerprint, Map<String, String> labels, Map<String, String> annotations,
                    AlertState state, Severity severity, double value, Instant activeSince, Instant firingSince,
                    Instant resolvedAt, Acknowledgement acknowledgement, boolean silenced, boolean inhibited,
                    boolean flapping, AlertReport report) {

    /**
     * Copies the maps, sorted and unmodifiable.
     *
     * @throws IllegalArgumentException when a label or annotation key or value is null
     */
    public Alert {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(fingerprint, "fingerprint");
        labels = copyWithoutNulls("labels", rule, labels);
        annotations = copyWithoutNulls("annotations", rule, annotations);
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(severity, "severity");
    }

    /**
     * A sorted, unmodifiable copy; a null key or value is refused here, where the alert is made,
     * rather than in every notifier that later reads it.
     */
    private static Map<String, String> copyWithoutNulls(String field, String rule, Map<String, String> map) {
        if (map == null) {
            throw new IllegalArgumentException(field + " of alert '" + rule + "' must not be null");
        }
        TreeMap<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException(field + " of alert '" + rule + "' must not hold null, got "
                        + e.getKey() + "=" + e.getValue());
            }
            copy.put(e.getKey(), e.getValue());
        }
        return java.util.Collections.unmodifiableMap(copy);
    }

    /** The {@code alertname} label. */
    public String name() {
        return labels.getOrDefault("alertname", rule);
    }

    /** Whether an acknowledgement is in force. */
    public boolean acknowledged() {
        return acknowledgement != null;
    }

    /**
     * An acknowledgement of an alert: who, when, and why.
     *
     * @param by who acknowledged
     * @param at when
     * @param note free text
     */
    public record Acknowledgement(String by, Instant at, String note) {
        public Acknowledgement {
            Objects.requireNonNull(by, "by");
            Objects.requireNonNull(at, "at");
            note = note == null ? "" : note;
        }
    }
}

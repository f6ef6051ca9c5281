package dev.vigil.alerts;

import dev.vigil.alerts.report.AlertReport;
import dev.vigil.alerts.rule.Severity;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of one alert instance (one rule applied to one series).
 *
 * <p>{@code labels} identify the alert: they hold {@code alertname} (the rule's name), the rule's
 * own labels, the series' tags and {@code severity}. {@code fingerprint} is a stable hash of the
 * identifying labels without {@code severity}, so a severity change keeps the same fingerprint.
 *
 * <p>An alert is a class rather than a record so that it can gain fields without breaking its
 * callers: the engine makes alerts, and code that needs a changed copy (a test, a notifier that
 * trims annotations) uses the withers or {@link #toBuilder()}; {@link #builder(String, String)}
 * makes one from scratch.
 *
 * <pre>{@code
 * String text = alert.labels().get("alertname") + " is " + alert.severity() + ": "
 *         + alert.annotations().get("summary");
 * Alert quiet = alert.withSilenced(true);
 * }</pre>
 */
public final class Alert {

    private final String rule;
    private final String fingerprint;
    private final Map<String, String> labels;
    private final Map<String, String> annotations;
    private final AlertState state;
    private final Severity severity;
    private final double value;
    private final @Nullable Instant activeSince;
    private final @Nullable Instant firingSince;
    private final @Nullable Instant resolvedAt;
    private final @Nullable Acknowledgement acknowledgement;
    private final boolean silenced;
    private final boolean inhibited;
    private final boolean flapping;
    private final @Nullable AlertReport report;

    /** The engine's constructor: its maps are already sorted, unmodifiable and free of nulls. */
    Alert(
            String rule,
            String fingerprint,
            Map<String, String> labels,
            Map<String, String> annotations,
            AlertState state,
            Severity severity,
            double value,
            @Nullable Instant activeSince,
            @Nullable Instant firingSince,
            @Nullable Instant resolvedAt,
            @Nullable Acknowledgement acknowledgement,
            boolean silenced,
            boolean inhibited,
            boolean flapping,
            @Nullable AlertReport report) {
        this.rule = Objects.requireNonNull(rule, "rule");
        this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
        this.labels = copyWithoutNulls("labels", rule, labels);
        this.annotations = copyWithoutNulls("annotations", rule, annotations);
        this.state = Objects.requireNonNull(state, "state");
        this.severity = Objects.requireNonNull(severity, "severity");
        this.value = value;
        this.activeSince = activeSince;
        this.firingSince = firingSince;
        this.resolvedAt = resolvedAt;
        this.acknowledgement = acknowledgement;
        this.silenced = silenced;
        this.inhibited = inhibited;
        this.flapping = flapping;
        this.report = report;
    }

    /**
     * A builder for an alert of {@code rule} with identity {@code fingerprint}: firing, severity
     * {@link Severity#WARNING}, no labels or annotations, value {@code NaN}, until told otherwise.
     *
     * <pre>{@code
     * Alert alert = Alert.builder("disk-full", "3f2a")
     *         .labels(Map.of("alertname", "disk-full", "severity", "critical"))
     *         .severity(Severity.CRITICAL)
     *         .firingSince(Instant.parse("2026-11-30T06:00:00Z"))
     *         .build();
     * }</pre>
     */
    public static Builder builder(String rule, String fingerprint) {
        return new Builder(rule, fingerprint);
    }

    /** A builder holding this alert's values, to make a changed copy of several of them at once. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * A sorted, unmodifiable copy; a null key or value is refused here, where the alert is made,
     * rather than in every notifier that later reads it. An engine-made map is kept as it is.
     */
    private static Map<String, String> copyWithoutNulls(String field, String rule, Map<String, String> map) {
        if (map == null) {
            throw new IllegalArgumentException(field + " of alert '" + rule + "' must not be null");
        }
        if (map instanceof Sorted) {
            return map;
        }
        TreeMap<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException(
                        field + " of alert '" + rule + "' must not hold null, got " + e.getKey() + "=" + e.getValue());
            }
            copy.put(e.getKey(), e.getValue());
        }
        return new Sorted(copy);
    }

    /** The rule's name. */
    public String rule() {
        return rule;
    }

    /** Stable identity of the instance: a hash of its identifying labels without {@code severity}. */
    public String fingerprint() {
        return fingerprint;
    }

    /** Identifying labels, including {@code alertname} and {@code severity}, sorted by name. */
    public Map<String, String> labels() {
        return labels;
    }

    /** Human text: {@code summary}, {@code description}, ..., sorted by name. */
    public Map<String, String> annotations() {
        return annotations;
    }

    /** Lifecycle state. */
    public AlertState state() {
        return state;
    }

    /** Severity: the last one while firing, for a resolved alert the last fired. */
    public Severity severity() {
        return severity;
    }

    /** The compared value at the latest evaluation ({@code NaN} when unknown). */
    public double value() {
        return value;
    }

    /** When the condition started to hold (pending start), or {@code null}. */
    public @Nullable Instant activeSince() {
        return activeSince;
    }

    /** When it started firing, or {@code null}. */
    public @Nullable Instant firingSince() {
        return firingSince;
    }

    /** When it resolved, or {@code null}. */
    public @Nullable Instant resolvedAt() {
        return resolvedAt;
    }

    /** The acknowledgement in force, or {@code null}. */
    public @Nullable Acknowledgement acknowledgement() {
        return acknowledgement;
    }

    /** Whether a silence or maintenance window matches it now. */
    public boolean silenced() {
        return silenced;
    }

    /** Whether an inhibition rule mutes it now. */
    public boolean inhibited() {
        return inhibited;
    }

    /** Whether it is flapping now. */
    public boolean flapping() {
        return flapping;
    }

    /** The point-in-time report captured when it fired, or {@code null}. */
    public @Nullable AlertReport report() {
        return report;
    }

    /** The {@code alertname} label. */
    public String name() {
        return labels.getOrDefault("alertname", rule);
    }

    /** Whether an acknowledgement is in force. */
    public boolean acknowledged() {
        return acknowledgement != null;
    }

    /** A copy with {@code labels}. */
    public Alert withLabels(Map<String, String> labels) {
        return toBuilder().labels(labels).build();
    }

    /** A copy with {@code annotations}. */
    public Alert withAnnotations(Map<String, String> annotations) {
        return toBuilder().annotations(annotations).build();
    }

    /** A copy in {@code state}. */
    public Alert withState(AlertState state) {
        return toBuilder().state(state).build();
    }

    /** A copy at {@code severity}. */
    public Alert withSeverity(Severity severity) {
        return toBuilder().severity(severity).build();
    }

    /** A copy with the compared {@code value}. */
    public Alert withValue(double value) {
        return toBuilder().value(value).build();
    }

    /** A copy resolved at {@code resolvedAt}, or not resolved for {@code null}. */
    public Alert withResolvedAt(@Nullable Instant resolvedAt) {
        return toBuilder().resolvedAt(resolvedAt).build();
    }

    /** A copy with {@code acknowledgement}, or none for {@code null}. */
    public Alert withAcknowledgement(@Nullable Acknowledgement acknowledgement) {
        return toBuilder().acknowledgement(acknowledgement).build();
    }

    /** A copy that is, or is not, silenced. */
    public Alert withSilenced(boolean silenced) {
        return toBuilder().silenced(silenced).build();
    }

    /** A copy that is, or is not, inhibited. */
    public Alert withInhibited(boolean inhibited) {
        return toBuilder().inhibited(inhibited).build();
    }

    /** A copy that is, or is not, flapping. */
    public Alert withFlapping(boolean flapping) {
        return toBuilder().flapping(flapping).build();
    }

    /** A copy carrying {@code report}, or none for {@code null}. */
    public Alert withReport(@Nullable AlertReport report) {
        return toBuilder().report(report).build();
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o == this
                || (o instanceof Alert a
                        && rule.equals(a.rule)
                        && fingerprint.equals(a.fingerprint)
                        && labels.equals(a.labels)
                        && annotations.equals(a.annotations)
                        && state == a.state
                        && severity == a.severity
                        && Double.compare(value, a.value) == 0
                        && Objects.equals(activeSince, a.activeSince)
                        && Objects.equals(firingSince, a.firingSince)
                        && Objects.equals(resolvedAt, a.resolvedAt)
                        && Objects.equals(acknowledgement, a.acknowledgement)
                        && silenced == a.silenced
                        && inhibited == a.inhibited
                        && flapping == a.flapping
                        && Objects.equals(report, a.report));
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                rule,
                fingerprint,
                labels,
                annotations,
                state,
                severity,
                value,
                activeSince,
                firingSince,
                resolvedAt,
                acknowledgement,
                silenced,
                inhibited,
                flapping,
                report);
    }

    @Override
    public String toString() {
        return "Alert[rule=" + rule + ", fingerprint=" + fingerprint + ", labels=" + labels + ", annotations="
                + annotations + ", state=" + state + ", severity=" + severity + ", value=" + value
                + ", activeSince=" + activeSince + ", firingSince=" + firingSince + ", resolvedAt=" + resolvedAt
                + ", acknowledgement=" + acknowledgement + ", silenced=" + silenced + ", inhibited=" + inhibited
                + ", flapping=" + flapping + ", report=" + report + "]";
    }

    /**
     * Builds an {@link Alert}; {@link #build()} checks it. Made by {@link Alert#builder(String, String)}
     * or {@link Alert#toBuilder()}.
     */
    public static final class Builder {
        private final String rule;
        private final String fingerprint;
        private Map<String, String> labels = Map.of();
        private Map<String, String> annotations = Map.of();
        private AlertState state = AlertState.FIRING;
        private Severity severity = Severity.WARNING;
        private double value = Double.NaN;
        private @Nullable Instant activeSince;
        private @Nullable Instant firingSince;
        private @Nullable Instant resolvedAt;
        private @Nullable Acknowledgement acknowledgement;
        private boolean silenced;
        private boolean inhibited;
        private boolean flapping;
        private @Nullable AlertReport report;

        private Builder(String rule, String fingerprint) {
            this.rule = requireText("rule", rule);
            this.fingerprint = requireText("fingerprint", fingerprint);
        }

        private Builder(Alert a) {
            this.rule = a.rule;
            this.fingerprint = a.fingerprint;
            this.labels = a.labels;
            this.annotations = a.annotations;
            this.state = a.state;
            this.severity = a.severity;
            this.value = a.value;
            this.activeSince = a.activeSince;
            this.firingSince = a.firingSince;
            this.resolvedAt = a.resolvedAt;
            this.acknowledgement = a.acknowledgement;
            this.silenced = a.silenced;
            this.inhibited = a.inhibited;
            this.flapping = a.flapping;
            this.report = a.report;
        }

        private static String requireText(String field, String text) {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("alert " + field + " must not be blank, got " + text);
            }
            return text;
        }

        /** Identifying labels (copied, sorted; no null key or value). */
        public Builder labels(Map<String, String> labels) {
            this.labels = labels;
            return this;
        }

        /** Human text (copied, sorted; no null key or value). */
        public Builder annotations(Map<String, String> annotations) {
            this.annotations = annotations;
            return this;
        }

        /** Lifecycle state. */
        public Builder state(AlertState state) {
            this.state = Objects.requireNonNull(state, "state");
            return this;
        }

        /** Severity. */
        public Builder severity(Severity severity) {
            this.severity = Objects.requireNonNull(severity, "severity");
            return this;
        }

        /** The compared value ({@code NaN} when unknown). */
        public Builder value(double value) {
            this.value = value;
            return this;
        }

        /** When the condition started to hold, or {@code null}. */
        public Builder activeSince(@Nullable Instant activeSince) {
            this.activeSince = activeSince;
            return this;
        }

        /** When it started firing, or {@code null}. */
        public Builder firingSince(@Nullable Instant firingSince) {
            this.firingSince = firingSince;
            return this;
        }

        /** When it resolved, or {@code null}. */
        public Builder resolvedAt(@Nullable Instant resolvedAt) {
            this.resolvedAt = resolvedAt;
            return this;
        }

        /** The acknowledgement in force, or {@code null}. */
        public Builder acknowledgement(@Nullable Acknowledgement acknowledgement) {
            this.acknowledgement = acknowledgement;
            return this;
        }

        /** Whether a silence or maintenance window matches it. */
        public Builder silenced(boolean silenced) {
            this.silenced = silenced;
            return this;
        }

        /** Whether an inhibition rule mutes it. */
        public Builder inhibited(boolean inhibited) {
            this.inhibited = inhibited;
            return this;
        }

        /** Whether it is flapping. */
        public Builder flapping(boolean flapping) {
            this.flapping = flapping;
            return this;
        }

        /** The report captured when it fired, or {@code null}. */
        public Builder report(@Nullable AlertReport report) {
            this.report = report;
            return this;
        }

        /**
         * The alert.
         *
         * @throws IllegalArgumentException when a label or annotation key or value is null
         */
        public Alert build() {
            return new Alert(
                    rule,
                    fingerprint,
                    labels,
                    annotations,
                    state,
                    severity,
                    value,
                    activeSince,
                    firingSince,
                    resolvedAt,
                    acknowledgement,
                    silenced,
                    inhibited,
                    flapping,
                    report);
        }
    }

    /** An unmodifiable sorted map that an alert can share with its copies without copying it again. */
    private static final class Sorted extends java.util.AbstractMap<String, String> {
        private final Map<String, String> map;

        Sorted(Map<String, String> map) {
            this.map = Collections.unmodifiableMap(map);
        }

        @Override
        public java.util.Set<Entry<String, String>> entrySet() {
            return map.entrySet();
        }

        @Override
        public @Nullable String get(@Nullable Object key) {
            return map.get(key);
        }

        @Override
        public boolean containsKey(@Nullable Object key) {
            return map.containsKey(key);
        }

        @Override
        public int size() {
            return map.size();
        }
    }

    /**
     * An acknowledgement of an alert: who, when, and why.
     *
     * @param by who acknowledged
     * @param at when
     * @param note free text
     */
    public record Acknowledgement(String by, Instant at, String note) {
        /** Checks {@code by} and {@code at}; a null note is empty. */
        public Acknowledgement {
            Objects.requireNonNull(by, "by");
            Objects.requireNonNull(at, "at");
            note = note == null ? "" : note;
        }
    }
}

package dev.vigil.alerts.rule;

import dev.vigil.alerts.label.LabelMatcher;
import dev.vigil.core.internal.Require;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One alerting rule: which series it watches (a metric name and tag matchers), what it compares
 * (latest value, window aggregate, rate, prediction or a computed value), a warning and a critical
 * condition, how long a problem must persist before it fires, and what to do without data.
 * Every matching series gets its own alert instance, labelled with the series' tags.
 *
 * <p>Immutable; built and validated by {@link Builder#build()}, whose messages name the field and
 * the bad value.
 *
 * <pre>{@code
 * Rule disk = Rule.threshold("disk-almost-full").metric("disk.usage")
 *         .warnAbove(0.80).critAbove(0.90).forDuration(Duration.ofMinutes(2))
 *         .summary("{{alertname}}: {{value}} used on {{mount}} (threshold {{threshold}})")
 *         .build();
 * }</pre>
 */
public final class Rule {

    /** Default {@code for}: fire on the first breaching evaluation. */
    public static final Duration DEFAULT_FOR = Duration.ZERO;
    /** Default {@code keepFiringFor}: resolve on the first fine evaluation. */
    public static final Duration DEFAULT_KEEP_FIRING_FOR = Duration.ZERO;
    /** Default summary template. */
    public static final String DEFAULT_SUMMARY = "{{alertname}} on {{series}}: {{value}} (threshold {{threshold}})";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:\\-]*");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String name;
    private final String metric;
    private final List<LabelMatcher> matchers;
    private final Measure measure;
    private final @Nullable Condition warning;
    private final @Nullable Condition critical;
    private final @Nullable Condition clear;
    private final Duration forDuration;
    private final int consecutive;
    private final int timesNeeded;
    private final int withinLast;
    private final Duration keepFiringFor;
    private final @Nullable Duration absentFor;
    private final DataPolicy onNoData;
    private final DataPolicy onUnknown;
    private final Map<String, String> labels;
    private final Map<String, String> annotations;
    private final @Nullable Unit unit;
    private final @Nullable FlapDetection flapDetection;

    private Rule(Builder b) {
        this.name = b.name;
        this.metric = b.metric;
        this.matchers = List.copyOf(b.matchers);
        this.measure = b.measure;
        this.warning = b.warning;
        this.critical = b.critical;
        this.clear = b.clear;
        this.forDuration = b.forDuration;
        this.consecutive = b.consecutive;
        this.timesNeeded = b.timesNeeded;
        this.withinLast = b.withinLast;
        this.keepFiringFor = b.keepFiringFor;
        this.absentFor = b.absentFor;
        this.onNoData = b.onNoData;
        this.onUnknown = b.onUnknown;
        this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(b.labels));
        Map<String, String> ann = new LinkedHashMap<>(b.annotations);
        ann.putIfAbsent("summary", DEFAULT_SUMMARY);
        this.annotations = Collections.unmodifiableMap(ann);
        this.unit = b.unit;
        this.flapDetection = b.flapDetection;
    }

    /** A rule comparing a series with thresholds. */
    public static Builder threshold(String name) {
        return new Builder(name);
    }

    /**
     * A rule over a Java predicate or function of the series' history: finish it with
     * {@link Builder#when(SeriesPredicate)} or {@link Builder#value(SeriesFunction, String)}.
     */
    public static Builder custom(String name) {
        return new Builder(name);
    }

    /** A builder holding this rule's settings, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.metric = metric;
        b.matchers.addAll(matchers);
        b.measure = measure;
        b.warning = warning;
        b.critical = critical;
        b.clear = clear;
        b.clearLevel = clear == null ? Double.NaN : clear.threshold();
        b.forDuration = forDuration;
        b.consecutive = consecutive;
        b.timesNeeded = timesNeeded;
        b.withinLast = withinLast;
        b.keepFiringFor = keepFiringFor;
        b.absentFor = absentFor;
        b.onNoData = onNoData;
        b.onUnknown = onUnknown;
        b.labels.putAll(labels);
        b.annotations.putAll(annotations);
        b.unit = unit;
        b.flapDetection = flapDetection;
        return b;
    }

    /** The rule's name, the {@code alertname} label. */
    public String name() {
        return name;
    }

    /** The metric name it watches. */
    public String metric() {
        return metric;
    }

    /** Tag matchers a series must pass. */
    public List<LabelMatcher> matchers() {
        return matchers;
    }

    /** Whether the rule watches {@code id}. */
    public boolean selects(MetricId id) {
        if (!id.name().equals(metric)) {
            return false;
        }
        for (LabelMatcher m : matchers) {
            if (!m.matchesValue(id.tag(m.name()))) {
                return false;
            }
        }
        return true;
    }

    /** What is compared. */
    public Measure measure() {
        return measure;
    }

    /** The warning condition, or {@code null}. */
    public @Nullable Condition warning() {
        return warning;
    }

    /** The critical condition, or {@code null}. */
    public @Nullable Condition critical() {
        return critical;
    }

    /** The condition under which an active alert clears (hysteresis), or {@code null}. */
    public @Nullable Condition clear() {
        return clear;
    }

    /** The condition of {@code severity}, or {@code null}. */
    public @Nullable Condition condition(Severity severity) {
        return severity == Severity.CRITICAL ? critical : warning;
    }

    /** The severity {@code value} breaches, critical first, or {@code null} when fine. */
    public @Nullable Severity classify(double value) {
        if (critical != null && critical.breached(value)) {
            return Severity.CRITICAL;
        }
        if (warning != null && warning.breached(value)) {
            return Severity.WARNING;
        }
        return null;
    }

    /** The highest severity the rule defines: used for no-data alerts. */
    public Severity highestSeverity() {
        return critical != null ? Severity.CRITICAL : Severity.WARNING;
    }

    /** The lowest severity the rule defines: held while hysteresis keeps an alert active. */
    public Severity lowestSeverity() {
        return warning != null ? Severity.WARNING : Severity.CRITICAL;
    }

    /** How long the condition must hold before firing (PENDING meanwhile). */
    public Duration forDuration() {
        return forDuration;
    }

    /** Consecutive breaching evaluations needed before firing (Nagios max_check_attempts). */
    public int consecutive() {
        return consecutive;
    }

    /** Breaching evaluations needed within the last {@link #withinLast()} (Monit). */
    public int timesNeeded() {
        return timesNeeded;
    }

    /** The window, in evaluations, of {@link #timesNeeded()}. */
    public int withinLast() {
        return withinLast;
    }

    /**
     * How long a firing alert stays firing, counted from the first evaluation at which its
     * condition no longer held (Prometheus' {@code keep_firing_for} and {@code KeepFiringSince}).
     */
    public Duration keepFiringFor() {
        return keepFiringFor;
    }

    /** After how long without a sample the series counts as absent, or {@code null} for never. */
    public @Nullable Duration absentFor() {
        return absentFor;
    }

    /** What to do when the series is absent for {@link #absentFor()}. */
    public DataPolicy onNoData() {
        return onNoData;
    }

    /** What to do when the series is UNKNOWN in a tick (its source failed). */
    public DataPolicy onUnknown() {
        return onUnknown;
    }

    /** The rule's own labels. */
    public Map<String, String> labels() {
        return labels;
    }

    /** Annotation templates, including {@code summary}. */
    public Map<String, String> annotations() {
        return annotations;
    }

    /** The unit to format values in, or {@code null} for the series' own unit. */
    public @Nullable Unit unit() {
        return unit;
    }

    /** Flap detection settings, or {@code null} when off for this rule. */
    public @Nullable FlapDetection flapDetection() {
        return flapDetection;
    }

    /**
     * Rules are equal when every setting is: the engine keeps the alerts of an equal rule across
     * {@code AlertEngine.replaceRules}. A computed measure compares its function with
     * {@code equals}, so a lambda equals only itself.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Rule r
                && name.equals(r.name)
                && metric.equals(r.metric)
                && matchers.equals(r.matchers)
                && measure.equals(r.measure)
                && Objects.equals(warning, r.warning)
                && Objects.equals(critical, r.critical)
                && Objects.equals(clear, r.clear)
                && forDuration.equals(r.forDuration)
                && consecutive == r.consecutive
                && timesNeeded == r.timesNeeded
                && withinLast == r.withinLast
                && keepFiringFor.equals(r.keepFiringFor)
                && Objects.equals(absentFor, r.absentFor)
                && onNoData == r.onNoData
                && onUnknown == r.onUnknown
                && labels.equals(r.labels)
                && annotations.equals(r.annotations)
                && unit == r.unit
                && Objects.equals(flapDetection, r.flapDetection);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, metric, matchers, measure, warning, critical, forDuration, labels);
    }

    @Override
    public String toString() {
        return "Rule[" + name + ": " + measure.describe() + " of " + metric
                + (matchers.isEmpty() ? "" : matchers.toString())
                + (warning != null ? " warn " + warning.describe(unit) : "")
                + (critical != null ? " crit " + critical.describe(unit) : "") + "]";
    }

    /** Builds a {@link Rule}; every setter validates its argument. */
    public static final class Builder {
        private final String name;
        private @Nullable String metric;
        private final List<LabelMatcher> matchers = new ArrayList<>();
        private Measure measure = new Measure.Latest();
        private @Nullable Condition warning;
        private @Nullable Condition critical;
        private @Nullable Condition clear;
        private double clearLevel = Double.NaN;
        /** Set by this builder's setters (not by {@code toBuilder}): a second call would replace it. */
        private boolean warningSet;

        private boolean criticalSet;
        private Duration forDuration = DEFAULT_FOR;
        private int consecutive = 1;
        private int timesNeeded = 1;
        private int withinLast = 1;
        private Duration keepFiringFor = DEFAULT_KEEP_FIRING_FOR;
        private @Nullable Duration absentFor;
        private DataPolicy onNoData = DataPolicy.ALERT;
        private DataPolicy onUnknown = DataPolicy.UNKNOWN;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final Map<String, String> annotations = new LinkedHashMap<>();
        private @Nullable Unit unit;
        private @Nullable FlapDetection flapDetection;

        private Builder(String name) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("rule name '" + name
                        + "' is invalid: letters, digits, '_', '.', ':', '-', not starting with a symbol");
            }
            this.name = name;
        }

        /** The metric name to watch, e.g. {@code disk.usage}. */
        public Builder metric(String metric) {
            if (!MetricId.isValidName(metric)) {
                throw new IllegalArgumentException(
                        "metric of rule '" + name + "' is not a valid metric name: '" + metric + "'");
            }
            this.metric = metric;
            return this;
        }

        /** Only series whose tag {@code key} equals {@code value}. */
        public Builder where(String key, String value) {
            return matching(LabelMatcher.equal(key, value));
        }

        /** Only series whose tag {@code key} does not equal {@code value}. */
        public Builder whereNot(String key, String value) {
            return matching(LabelMatcher.notEqual(key, value));
        }

        /** Only series whose tag {@code key} matches {@code regex} (anchored). */
        public Builder whereMatches(String key, String regex) {
            return matching(LabelMatcher.regex(key, regex));
        }

        /**
         * Only series passing every matcher.
         *
         * @throws IllegalArgumentException when a matcher's name is not a valid tag key: no series
         *         could carry it, so the rule could never match
         */
        public Builder matching(LabelMatcher... more) {
            for (LabelMatcher m : more) {
                Objects.requireNonNull(m, "matcher");
                if (!MetricId.isValidTagKey(m.name())) {
                    throw new IllegalArgumentException("matcher of rule '" + name + "' names tag '" + m.name()
                            + "', which no series can carry (tag keys match [A-Za-z_][A-Za-z0-9_.-]*)");
                }
                matchers.add(m);
            }
            return this;
        }

        /** Warning when the value is above {@code threshold}. */
        public Builder warnAbove(double threshold) {
            return warn(new Condition.Above(threshold));
        }

        /** Warning when the value is below {@code threshold}. */
        public Builder warnBelow(double threshold) {
            return warn(new Condition.Below(threshold));
        }

        /** Warning when the value is outside {@code low..high}. */
        public Builder warnOutside(double low, double high) {
            return warn(new Condition.Outside(low, high));
        }

        /** Warning when the value is inside {@code low..high}. */
        public Builder warnInside(double low, double high) {
            return warn(new Condition.Inside(low, high));
        }

        /** Warning by a Nagios range string, e.g. {@code 10:20} or {@code @~:0}. */
        public Builder warn(String nagiosRange) {
            return warn(NagiosRange.parse(nagiosRange));
        }

        /**
         * Warning by any condition.
         *
         * @throws IllegalArgumentException when this builder already set a warning condition: the
         *         second would silently replace the first (use {@link #warnOutside} or a Nagios range
         *         for both sides)
         */
        public Builder warn(Condition condition) {
            Objects.requireNonNull(condition, "warning condition");
            if (warningSet) {
                throw twice("warning", warning, condition, "warnOutside(low, high)");
            }
            this.warning = condition;
            this.warningSet = true;
            return this;
        }

        private IllegalArgumentException twice(
                String field, @Nullable Condition first, Condition second, String instead) {
            return new IllegalArgumentException("rule '" + name + "' sets its " + field + " condition twice ("
                    + first.describe(unit) + ", then " + second.describe(unit) + "); the second would replace the "
                    + "first: use " + instead + " or a Nagios range for a condition on both sides");
        }

        /** Critical when the value is above {@code threshold}. */
        public Builder critAbove(double threshold) {
            return crit(new Condition.Above(threshold));
        }

        /** Critical when the value is below {@code threshold}. */
        public Builder critBelow(double threshold) {
            return crit(new Condition.Below(threshold));
        }

        /** Critical when the value is outside {@code low..high}. */
        public Builder critOutside(double low, double high) {
            return crit(new Condition.Outside(low, high));
        }

        /** Critical when the value is inside {@code low..high}. */
        public Builder critInside(double low, double high) {
            return crit(new Condition.Inside(low, high));
        }

        /** Critical by a Nagios range string. */
        public Builder crit(String nagiosRange) {
            return crit(NagiosRange.parse(nagiosRange));
        }

        /**
         * Critical by any condition.
         *
         * @throws IllegalArgumentException when this builder already set a critical condition
         */
        public Builder crit(Condition condition) {
            Objects.requireNonNull(condition, "critical condition");
            if (criticalSet) {
                throw twice("critical", critical, condition, "critOutside(low, high)");
            }
            this.critical = condition;
            this.criticalSet = true;
            return this;
        }

        /**
         * Hysteresis: once active, the alert stays active (at its lowest severity) until the value
         * is back on the fine side of {@code level}, below it for a rule on high values
         * ({@code warnAbove(0.9).clearBelow(0.5)}), above it for a rule on low values. The side
         * follows from the thresholds, so {@code clearBelow} and {@code clearAbove} mean the same;
         * {@link #build()} refuses a level on the wrong side of the thresholds.
         */
        public Builder clearBelow(double level) {
            Require.finite("clear level of rule '" + name + "'", level);
            this.clearLevel = level;
            return this;
        }

        /** The same as {@link #clearBelow(double)}: the side follows from the thresholds. */
        public Builder clearAbove(double level) {
            return clearBelow(level);
        }

        /** Compares the value of the current tick (the default). */
        public Builder latest() {
            return measure(new Measure.Latest());
        }

        /** Compares the mean over the window. */
        public Builder avg(Duration window) {
            return measure(new Measure.Aggregate(Measure.Function.AVG, window, 0));
        }

        /** Compares the minimum over the window. */
        public Builder min(Duration window) {
            return measure(new Measure.Aggregate(Measure.Function.MIN, window, 0));
        }

        /** Compares the maximum over the window. */
        public Builder max(Duration window) {
            return measure(new Measure.Aggregate(Measure.Function.MAX, window, 0));
        }

        /** Compares the {@code quantile} (0..1) over the window. */
        public Builder percentile(double quantile, Duration window) {
            return measure(new Measure.Aggregate(Measure.Function.PERCENTILE, window, quantile));
        }

        /**
         * Compares the per-second rate of a counter over {@code (now - window, now]}, as
         * Prometheus' {@code rate(metric[window])}.
         */
        public Builder rate(Duration window) {
            return measure(new Measure.Rate(window));
        }

        /**
         * Compares the increase of a counter over {@code (now - window, now]}, as Prometheus'
         * {@code increase(metric[window])}: {@code .increase(Duration.ofMinutes(2)).critAbove(100)}.
         */
        public Builder increase(Duration window) {
            return measure(new Measure.Increase(window));
        }

        /** Compares the value predicted {@code ahead} from a regression over {@code window}. */
        public Builder predict(Duration window, Duration ahead) {
            return measure(new Measure.Predicted(window, ahead));
        }

        /** Compares a value the application computes from the history. */
        public Builder value(SeriesFunction function, String description) {
            return measure(new Measure.Computed(function, description));
        }

        /**
         * A custom condition: the alert is a problem at {@code severity} while the predicate holds
         * (the compared value is 1 when it holds and 0 otherwise).
         */
        public Builder when(SeriesPredicate predicate, Severity severity) {
            Objects.requireNonNull(predicate, "predicate");
            Objects.requireNonNull(severity, "severity");
            measure(new Measure.Computed((s, h) -> predicate.test(s, h) ? 1 : 0, "custom predicate"));
            annotations.putIfAbsent("summary", "{{alertname}} on {{series}}"); // 1 > 0.5 says nothing
            Condition c = new Condition.Above(0.5);
            if (severity == Severity.CRITICAL) {
                critical = c;
            } else {
                warning = c;
            }
            return this;
        }

        /** A critical custom condition; see {@link #when(SeriesPredicate, Severity)}. */
        public Builder when(SeriesPredicate predicate) {
            return when(predicate, Severity.CRITICAL);
        }

        /** What is compared. */
        public Builder measure(Measure measure) {
            this.measure = Objects.requireNonNull(measure, "measure");
            return this;
        }

        /** The condition must hold this long (PENDING meanwhile) before the alert fires. */
        public Builder forDuration(Duration duration) {
            this.forDuration = Require.nonNegative("for of rule '" + name + "'", duration);
            return this;
        }

        /**
         * The condition must hold on {@code count} consecutive evaluations before firing (Nagios'
         * soft states until {@code max_check_attempts}, then hard).
         */
        public Builder forEvaluations(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("forEvaluations of rule '" + name + "' must be >= 1, got " + count);
            }
            this.consecutive = count;
            return this;
        }

        /**
         * Fires when the condition held on at least {@code times} of the last {@code cycles}
         * evaluations, the current one included (Monit's {@code for 3 times within 5 cycles}).
         */
        public Builder timesWithin(int times, int cycles) {
            if (times < 1 || cycles < times || cycles > 64) {
                throw new IllegalArgumentException("timesWithin of rule '" + name
                        + "' needs 1 <= times <= cycles <= 64, got " + times + " within " + cycles);
            }
            this.timesNeeded = times;
            this.withinLast = cycles;
            return this;
        }

        /**
         * A firing alert stays firing this long, counted as Prometheus counts {@code keep_firing_for}:
         * from the first evaluation at which the condition no longer holds; a breach in between
         * starts the count again. {@code keepFiringFor(interval)} bridges one missing sample.
         */
        public Builder keepFiringFor(Duration duration) {
            this.keepFiringFor = Require.nonNegative("keepFiringFor of rule '" + name + "'", duration);
            return this;
        }

        /**
         * A series without a sample for this long counts as absent, and {@link #onNoData} applies
         * (by default {@link DataPolicy#ALERT}). Without it a missing sample simply does not breach.
         * When every matcher of the rule is an equality, the rule names one exact series, which is
         * watched from the engine's first tick: it alerts even if it never reports (Prometheus'
         * {@code absent()}).
         */
        public Builder absentFor(Duration duration) {
            this.absentFor = Require.positive("absentFor of rule '" + name + "'", duration);
            return this;
        }

        /** What to do when the series is absent; see {@link #absentFor}. */
        public Builder onNoData(DataPolicy policy) {
            this.onNoData = Objects.requireNonNull(policy, "onNoData");
            return this;
        }

        /** What to do when the series is UNKNOWN in a tick (default {@link DataPolicy#UNKNOWN}). */
        public Builder onUnknown(DataPolicy policy) {
            this.onUnknown = Objects.requireNonNull(policy, "onUnknown");
            return this;
        }

        /** A label for every alert of this rule. */
        public Builder label(String key, String value) {
            if (key == null || !LABEL.matcher(key).matches()) {
                throw new IllegalArgumentException("label name '" + key + "' of rule '" + name + "' is invalid");
            }
            if (key.equals("alertname") || key.equals("severity") || key.equals("series")) {
                throw new IllegalArgumentException("label '" + key + "' of rule '" + name + "' is set by the engine");
            }
            labels.put(key, Objects.requireNonNull(value, "label value"));
            return this;
        }

        /**
         * An annotation template: {@code {{value}}}, {@code {{threshold}}}, {@code {{severity}}},
         * {@code {{series}}} and any label such as {@code {{alertname}}} or {@code {{mount}}}.
         */
        public Builder annotation(String key, String template) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("annotation name of rule '" + name + "' must not be blank");
            }
            annotations.put(key, Objects.requireNonNull(template, "annotation template"));
            return this;
        }

        /** The {@code summary} template. */
        public Builder summary(String template) {
            return annotation("summary", template);
        }

        /** The {@code description} template. */
        public Builder description(String template) {
            return annotation("description", template);
        }

        /** Formats values in this unit instead of the series' own (for computed values). */
        public Builder unit(Unit unit) {
            this.unit = Objects.requireNonNull(unit, "unit");
            return this;
        }

        /** Turns on flap detection with Nagios' sample thresholds (5% / 20%). */
        public Builder flapDetection() {
            return flapDetection(FlapDetection.DEFAULT);
        }

        /** Turns on flap detection with these thresholds. */
        public Builder flapDetection(FlapDetection thresholds) {
            this.flapDetection = Objects.requireNonNull(thresholds, "flapDetection");
            return this;
        }

        /**
         * The rule.
         *
         * @throws IllegalArgumentException when no metric or no condition is set
         */
        public Rule build() {
            if (metric == null) {
                throw new IllegalArgumentException("rule '" + name + "' has no metric: call metric(...)");
            }
            if (warning == null && critical == null) {
                throw new IllegalArgumentException(
                        "rule '" + name + "' has no condition: set a warning or a critical level");
            }
            Side side = Side.of(warning, critical);
            if (side != null
                    && warning != null
                    && critical != null
                    && !side.breachedBefore(critical.threshold(), warning.threshold())) {
                throw new IllegalArgumentException("rule '" + name + "': warning " + warning.describe(unit)
                        + " and critical " + critical.describe(unit) + " leave no value that is only a warning; "
                        + "the warning level must be " + (side == Side.HIGH ? "below" : "above") + " the critical");
            }
            if (!Double.isNaN(clearLevel)) {
                if (side == null) {
                    throw new IllegalArgumentException("rule '" + name + "': clear level " + clearLevel
                            + " needs thresholds on one side (above or below), got warning "
                            + (warning == null ? "none" : warning.describe(unit)) + " and critical "
                            + (critical == null ? "none" : critical.describe(unit)));
                }
                Condition lowest = warning != null ? warning : critical;
                if (side.breachedBefore(clearLevel, lowest.threshold())) {
                    throw new IllegalArgumentException("rule '" + name + "': clear level " + clearLevel
                            + " is on the wrong side of " + lowest.describe(unit) + "; it must be "
                            + (side == Side.HIGH ? "at or below " : "at or above ") + lowest.threshold());
                }
                clear = side == Side.HIGH ? new Condition.Below(clearLevel) : new Condition.Above(clearLevel);
            }
            // Label names are valid Alertmanager names already (see label()); annotation names are
            // mapped when sent there, and two that would become one fail here rather than merge.
            dev.vigil.alerts.label.LabelNames.requireDistinct("rule '" + name + "' annotations", annotations.keySet());
            return new Rule(this);
        }
    }

    /** Which values a rule's conditions call problems, when they agree on one side. */
    private enum Side {
        HIGH,
        LOW;

        static @Nullable Side of(@Nullable Condition warning, @Nullable Condition critical) {
            Side w = warning == null ? null : of(warning);
            Side c = critical == null ? null : of(critical);
            if (warning != null && critical != null) {
                return w == c ? w : null;
            }
            return w != null ? w : c;
        }

        private static @Nullable Side of(@Nullable Condition c) {
            if (c instanceof Condition.Above) {
                return HIGH;
            }
            if (c instanceof Condition.Below) {
                return LOW;
            }
            if (c instanceof NagiosRange r && !r.inverted()) {
                if (r.start() == Double.NEGATIVE_INFINITY && r.end() != Double.POSITIVE_INFINITY) {
                    return HIGH;
                }
                if (r.end() == Double.POSITIVE_INFINITY && r.start() != Double.NEGATIVE_INFINITY) {
                    return LOW;
                }
            }
            return null;
        }

        /** Whether a value at {@code a} is strictly further into the problem side than {@code b}. */
        boolean breachedBefore(double a, double b) {
            return this == HIGH ? a > b : a < b;
        }
    }
}

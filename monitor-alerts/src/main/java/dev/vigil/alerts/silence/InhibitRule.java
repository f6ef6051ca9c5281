package dev.vigil.alerts.silence;

import dev.vigil.alerts.label.LabelMatcher;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Mutes target alerts while a source alert fires, as Alertmanager's inhibition does: a firing
 * alert passing {@code sourceMatchers} inhibits every other alert passing {@code targetMatchers}
 * whose {@code equal} labels have the same values (a label missing on both counts as equal),
 * except that a target passing the source matchers too is not inhibited by a source passing the
 * target matchers too (Alertmanager's two-sided match).
 * An inhibited alert still changes state but carries {@code inhibited = true}.
 *
 * <p>{@link #CRITICAL_INHIBITS_WARNING_OF_SAME_SERIES} is on by default in the engine: one alert
 * instance has one severity at a time, so this matters across rules watching the same series
 * (for example a warning "disk filling" and a critical "disk full" on {@code disk.usage{mount="/"}}):
 * while the critical fires, the warning is muted. The {@code series} label identifies the series.
 *
 * <pre>{@code
 * InhibitRule hostDown = new InhibitRule(List.of(LabelMatcher.equal("alertname", "host-down")),
 *         List.of(LabelMatcher.notEqual("alertname", "host-down")), List.of("host"));
 * }</pre>
 *
 * @param sourceMatchers what the inhibiting alert matches
 * @param targetMatchers what the inhibited alert matches
 * @param equal labels that must have the same value on both
 */
public record InhibitRule(List<LabelMatcher> sourceMatchers, List<LabelMatcher> targetMatchers, List<String> equal) {

    /** A firing critical alert mutes warnings on the same series (same {@code series} label). */
    public static final InhibitRule CRITICAL_INHIBITS_WARNING_OF_SAME_SERIES = new InhibitRule(
            List.of(LabelMatcher.equal("severity", "critical")),
            List.of(LabelMatcher.equal("severity", "warning")),
            List.of("series"));

    public InhibitRule {
        sourceMatchers = List.copyOf(Objects.requireNonNull(sourceMatchers, "sourceMatchers"));
        targetMatchers = List.copyOf(Objects.requireNonNull(targetMatchers, "targetMatchers"));
        equal = List.copyOf(Objects.requireNonNull(equal, "equal"));
        if (sourceMatchers.isEmpty() || targetMatchers.isEmpty()) {
            throw new IllegalArgumentException("inhibit rule needs source and target matchers, got source "
                    + sourceMatchers + " and target " + targetMatchers);
        }
    }

    /**
     * Whether a firing alert labelled {@code source} inhibits one labelled {@code target}. As in
     * Alertmanager, two alerts that each match both sides of the rule never inhibit each other.
     */
    public boolean inhibits(Map<String, String> source, Map<String, String> target) {
        return LabelMatcher.all(sourceMatchers, source)
                && LabelMatcher.all(targetMatchers, target)
                && equalLabelsMatch(source, target)
                && !(LabelMatcher.all(sourceMatchers, target) && LabelMatcher.all(targetMatchers, source));
    }

    /** Whether every {@link #equal()} label has the same value on both (missing on both counts). */
    public boolean equalLabelsMatch(Map<String, String> source, Map<String, String> target) {
        for (int i = 0; i < equal.size(); i++) {
            String key = equal.get(i);
            if (!Objects.equals(source.get(key), target.get(key))) {
                return false;
            }
        }
        return true;
    }
}

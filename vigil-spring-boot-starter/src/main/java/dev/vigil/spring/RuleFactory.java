package dev.vigil.spring;

import dev.vigil.alerts.rule.Rule;
import dev.vigil.alerts.rule.RulePacks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The rules the properties ask for: the enabled packs and the threshold rules. */
final class RuleFactory {

    private RuleFactory() {}

    static List<Rule> packs(VigilProperties.Packs packs, boolean containerSourceRuns) {
        List<Rule> rules = new ArrayList<>();
        if (packs.isHost()) {
            rules.addAll(RulePacks.host());
        }
        if (packs.isJvm()) {
            rules.addAll(RulePacks.jvm());
        }
        if (packs.isProcess()) {
            rules.addAll(RulePacks.process());
        }
        if (packs.isContainer() && containerSourceRuns) {
            rules.addAll(RulePacks.container());
        }
        return rules;
    }

    static List<Rule> thresholds(Map<String, VigilProperties.ThresholdRule> specs) {
        List<Rule> rules = new ArrayList<>();
        specs.forEach((name, spec) -> rules.add(threshold(name, spec)));
        return rules;
    }

    private static Rule threshold(String name, VigilProperties.ThresholdRule spec) {
        String prefix = "vigil.rules.thresholds." + name;
        if (spec.getMetric() == null || spec.getMetric().isBlank()) {
            throw new InvalidVigilPropertyException(
                    prefix + ".metric",
                    spec.getMetric(),
                    "a threshold rule needs the series it watches, e.g. app.queue.depth");
        }
        if (spec.getWarnAbove() == null
                && spec.getWarnBelow() == null
                && spec.getCritAbove() == null
                && spec.getCritBelow() == null
                && spec.getWarn() == null
                && spec.getCrit() == null) {
            throw new InvalidVigilPropertyException(
                    prefix,
                    name,
                    "a threshold rule needs at least one of warn-above, warn-below, crit-above, crit-below, warn, crit");
        }
        try {
            Rule.Builder b = Rule.threshold(name);
            InvalidVigilPropertyException.naming(
                    prefix + ".metric", spec.getMetric(), () -> b.metric(spec.getMetric()));
            spec.getWhere()
                    .forEach((k, v) ->
                            InvalidVigilPropertyException.naming(prefix + ".where." + k, v, () -> b.where(k, v)));
            if (spec.getAvg() != null) {
                InvalidVigilPropertyException.naming(
                        prefix + ".avg", spec.getAvg().toString(), () -> b.avg(spec.getAvg()));
            }
            if (spec.getWarnAbove() != null) {
                b.warnAbove(spec.getWarnAbove());
            }
            if (spec.getWarnBelow() != null) {
                b.warnBelow(spec.getWarnBelow());
            }
            if (spec.getWarn() != null) {
                InvalidVigilPropertyException.naming(prefix + ".warn", spec.getWarn(), () -> b.warn(spec.getWarn()));
            }
            if (spec.getCritAbove() != null) {
                b.critAbove(spec.getCritAbove());
            }
            if (spec.getCritBelow() != null) {
                b.critBelow(spec.getCritBelow());
            }
            if (spec.getCrit() != null) {
                InvalidVigilPropertyException.naming(prefix + ".crit", spec.getCrit(), () -> b.crit(spec.getCrit()));
            }
            if (spec.getFor() != null) {
                InvalidVigilPropertyException.naming(
                        prefix + ".for", spec.getFor().toString(), () -> b.forDuration(spec.getFor()));
            }
            if (spec.getKeepFiringFor() != null) {
                InvalidVigilPropertyException.naming(
                        prefix + ".keep-firing-for",
                        spec.getKeepFiringFor().toString(),
                        () -> b.keepFiringFor(spec.getKeepFiringFor()));
            }
            if (spec.getSummary() != null) {
                InvalidVigilPropertyException.naming(
                        prefix + ".summary", spec.getSummary(), () -> b.summary(spec.getSummary()));
            }
            spec.getLabels()
                    .forEach((k, v) ->
                            InvalidVigilPropertyException.naming(prefix + ".labels." + k, v, () -> b.label(k, v)));
            return b.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            // What the rule as a whole rejects (e.g. warn-above over crit-above) names the rule.
            throw new InvalidVigilPropertyException(prefix, name, e.getMessage());
        }
    }
}

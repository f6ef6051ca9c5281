package dev.vigil.alerts;

import dev.vigil.alerts.rule.Rule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The engine's rules as one immutable value: the list in the order given and the index by metric
 * name. Held in one field, so a new set can replace the old one between two evaluations in a
 * single assignment.
 */
final class RuleSet {

    private final List<Rule> rules;
    private final Map<String, List<Rule>> byMetric;

    RuleSet(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        Set<String> names = new HashSet<>();
        Map<String, List<Rule>> index = new HashMap<>();
        for (Rule r : this.rules) {
            if (!names.add(r.name())) {
                throw new IllegalArgumentException("rule name '" + r.name() + "' is used by two rules; "
                        + "names identify alerts, make them unique");
            }
            index.computeIfAbsent(r.metric(), k -> new ArrayList<>()).add(r);
        }
        index.replaceAll((k, v) -> List.copyOf(v));
        this.byMetric = Map.copyOf(index);
    }

    List<Rule> rules() {
        return rules;
    }

    /** The rules on {@code metric}, or {@code null} when none watches it. */
    @Nullable
    List<Rule> watching(String metric) {
        return byMetric.get(metric);
    }

    int size() {
        return rules.size();
    }
}

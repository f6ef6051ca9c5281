package dev.vigil.alerts.rulefile;

import dev.vigil.alerts.rule.Rule;
import java.util.List;

/**
 * The rules of a set of rule files, in file order.
 *
 * <pre>{@code
 * AlertEngine engine = AlertEngine.builder().rules(loader.load(files).rules()).build();
 * }</pre>
 *
 * @param entries every rule with its origin
 */
public record LoadedRules(List<LoadedRule> entries) {
    public LoadedRules {
        entries = List.copyOf(entries);
    }

    /** The rules alone, ready for {@code AlertEngine}. */
    public List<Rule> rules() {
        return entries.stream().map(LoadedRule::rule).toList();
    }
}

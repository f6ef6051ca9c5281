package dev.vigil.alerts.rulefile;

import dev.vigil.alerts.rule.Rule;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A rule read from a file, with where it came from.
 *
 * <pre>{@code
 * for (LoadedRule r : loader.load(files).entries()) {
 *     System.out.println(r.file() + ":" + r.line() + " " + r.group() + "/" + r.rule().name());
 * }
 * }</pre>
 *
 * @param file the file
 * @param line the line where the rule starts, from 1
 * @param column the column where the rule starts, from 1
 * @param group the Prometheus group, or {@code "rules"} / {@code "packs"} for the Vigil form
 * @param rule the rule
 */
public record LoadedRule(Path file, int line, int column, String group, Rule rule) {
    public LoadedRule {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(rule, "rule");
    }
}

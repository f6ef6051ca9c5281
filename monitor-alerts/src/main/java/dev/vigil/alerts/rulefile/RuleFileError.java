package dev.vigil.alerts.rulefile;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One problem in a rule file: where it is (file, line and column, both from 1), which field, the
 * value found there, and what is wrong with it.
 *
 * <pre>{@code
 * // rules.yml:7:15: groups[0].rules[1].expr 'sum(rate(x[5m]))': PromQL aggregation 'sum' is not supported; ...
 * System.err.println(error);
 * }</pre>
 *
 * @param file the file
 * @param line line, from 1
 * @param column column, from 1
 * @param field the field's path in the file, e.g. {@code groups[0].rules[2].for}
 * @param value the value found (shortened when long), empty when the field is missing
 * @param message what is wrong, and what would be right
 */
public record RuleFileError(Path file, int line, int column, String field, String value, String message) {

    private static final int MAX_VALUE = 120;

    public RuleFileError {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
        value = value == null ? "" : value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) + "..." : value;
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column start at 1, got " + line + ":" + column);
        }
    }

    /** {@code file:line:column}, as compilers print it. */
    public String location() {
        return file + ":" + line + ":" + column;
    }

    /** {@code file:line:column: field 'value': message}. */
    @Override
    public String toString() {
        return location() + ": " + field + (value.isEmpty() ? "" : " '" + value + "'") + ": " + message;
    }
}

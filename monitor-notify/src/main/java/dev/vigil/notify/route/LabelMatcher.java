package dev.vigil.notify.route;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One condition on one label, as in Alertmanager's matchers: {@code =}, {@code !=}, {@code =~},
 * {@code !~}. A missing label reads as the empty string; a regex must match the whole value.
 *
 * <pre>{@code
 * LabelMatcher critical = LabelMatcher.equal("severity", "critical");
 * LabelMatcher disks = LabelMatcher.regex("alertname", "Disk.*");
 * }</pre>
 *
 * @param name the label name
 * @param op the comparison
 * @param value the value or the regular expression
 */
public record LabelMatcher(String name, Op op, String value) {

    /** The comparisons. */
    public enum Op {
        /** {@code =} */
        EQUAL("="),
        /** {@code !=} */
        NOT_EQUAL("!="),
        /** {@code =~}, anchored */
        REGEX("=~"),
        /** {@code !~}, anchored */
        NOT_REGEX("!~");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        /** The Alertmanager notation. */
        public String symbol() {
            return symbol;
        }
    }

    public LabelMatcher {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("matcher label name must not be blank");
        }
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(value, "value");
        if (op == Op.REGEX || op == Op.NOT_REGEX) {
            try {
                Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("matcher " + name + op.symbol() + " has an invalid regex: " + value, e);
            }
        }
    }

    /** {@code name="value"} */
    public static LabelMatcher equal(String name, String value) {
        return new LabelMatcher(name, Op.EQUAL, value);
    }

    /** {@code name!="value"} */
    public static LabelMatcher notEqual(String name, String value) {
        return new LabelMatcher(name, Op.NOT_EQUAL, value);
    }

    /** {@code name=~"regex"} */
    public static LabelMatcher regex(String name, String regex) {
        return new LabelMatcher(name, Op.REGEX, regex);
    }

    /** {@code name!~"regex"} */
    public static LabelMatcher notRegex(String name, String regex) {
        return new LabelMatcher(name, Op.NOT_REGEX, regex);
    }

    /** Whether {@code labels} satisfy this matcher. */
    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(name, "");
        return switch (op) {
            case EQUAL -> actual.equals(value);
            case NOT_EQUAL -> !actual.equals(value);
            case REGEX -> Pattern.matches(value, actual);
            case NOT_REGEX -> !Pattern.matches(value, actual);
        };
    }

    /** Alertmanager notation: {@code severity="critical"}. */
    @Override
    public String toString() {
        return name + op.symbol() + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}

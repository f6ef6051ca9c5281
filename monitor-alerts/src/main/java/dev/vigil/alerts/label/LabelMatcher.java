package dev.vigil.alerts.label;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A test on one label (or series tag): equals, not equals, or matches a regular expression
 * (fully anchored, as in Prometheus and Alertmanager). Regular expressions are RE2 syntax and run
 * in time linear in the label's length (RE2/J, as Alertmanager uses Go's RE2): a hostile pattern
 * such as {@code (.*a){12}} cannot stall the engine. RE2 has no backreferences or lookaround; such
 * a pattern is refused when the matcher is made. A missing label reads as the empty string, so
 * {@code notEqual("env", "prod")} matches an alert without an {@code env} label.
 *
 * <pre>{@code
 * LabelMatcher m = LabelMatcher.regex("mount", "/|/var.*");
 * m.matches(Map.of("mount", "/var/log"));   // true
 * }</pre>
 *
 * @param name the label name
 * @param op how to compare
 * @param value the value, or the regular expression for {@link Op#REGEX} and {@link Op#NOT_REGEX}
 */
public record LabelMatcher(String name, Op op, String value) {

    /** The comparison of a matcher. */
    public enum Op {
        /** {@code name="value"} */
        EQUAL("="),
        /** {@code name!="value"} */
        NOT_EQUAL("!="),
        /** {@code name=~"regex"} */
        REGEX("=~"),
        /** {@code name!~"regex"} */
        NOT_REGEX("!~");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        /** The Prometheus-style operator, e.g. {@code =~}. */
        public String symbol() {
            return symbol;
        }
    }

    public LabelMatcher {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("label matcher name must not be blank, got '" + name + "'");
        }
        Objects.requireNonNull(op, "op");
        if (value == null) {
            throw new IllegalArgumentException("label matcher '" + name + "' has a null value");
        }
        if (op == Op.REGEX || op == Op.NOT_REGEX) {
            compile(name, op, value);
        }
    }

    /** {@code name="value"}. */
    public static LabelMatcher equal(String name, String value) {
        return new LabelMatcher(name, Op.EQUAL, value);
    }

    /** {@code name!="value"}. */
    public static LabelMatcher notEqual(String name, String value) {
        return new LabelMatcher(name, Op.NOT_EQUAL, value);
    }

    /** {@code name=~"regex"}, anchored at both ends. */
    public static LabelMatcher regex(String name, String regex) {
        return new LabelMatcher(name, Op.REGEX, regex);
    }

    /** {@code name!~"regex"}, anchored at both ends. */
    public static LabelMatcher notRegex(String name, String regex) {
        return new LabelMatcher(name, Op.NOT_REGEX, regex);
    }

    private static Pattern compile(String name, Op op, String regex) {
        try {
            Pattern.compile(regex); // on its own first: "a)|(b" must not become valid once wrapped
            return anchored(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "label matcher " + notation(name, op, regex) + " has an invalid regular expression: "
                            + e.getDescription(),
                    e);
        }
    }

    /** Alertmanager anchors every regex at both ends: {@code ^(?:regex)$}. */
    private static Pattern anchored(String regex) {
        return Pattern.compile("^(?:" + regex + ")$");
    }

    /** Whether {@code actual} (the label's value, {@code null} when absent) passes this matcher. */
    public boolean matchesValue(@Nullable String actual) {
        String v = actual == null ? "" : actual;
        return switch (op) {
            case EQUAL -> v.equals(value);
            case NOT_EQUAL -> !v.equals(value);
            case REGEX -> pattern().matcher(v).matches();
            case NOT_REGEX -> !pattern().matcher(v).matches();
        };
    }

    /** Whether the labels pass this matcher. */
    public boolean matches(Map<String, String> labels) {
        return matchesValue(labels.get(name));
    }

    /** Whether the labels pass every matcher (true for none). */
    public static boolean all(java.util.List<LabelMatcher> matchers, Map<String, String> labels) {
        for (int i = 0; i < matchers.size(); i++) {
            if (!matchers.get(i).matches(labels)) {
                return false;
            }
        }
        return true;
    }

    private Pattern pattern() {
        return Patterns.get(value);
    }

    /** Alertmanager notation, the value quoted and escaped: {@code severity="critical"}. */
    @Override
    public String toString() {
        return notation(name, op, value);
    }

    private static String notation(String name, Op op, String value) {
        return name + op.symbol + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** Compiled patterns, shared: a record cannot hold a non-component field. */
    private static final class Patterns {
        private static final java.util.concurrent.ConcurrentHashMap<String, Pattern> CACHE =
                new java.util.concurrent.ConcurrentHashMap<>();

        static Pattern get(String regex) {
            Pattern p = CACHE.get(regex);
            if (p == null) {
                p = anchored(regex);
                if (CACHE.size() < 10_000) {
                    CACHE.put(regex, p);
                }
            }
            return p;
        }
    }
}

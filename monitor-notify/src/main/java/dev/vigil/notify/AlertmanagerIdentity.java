package dev.vigil.notify;

import dev.vigil.alerts.label.LabelMatcher;
import dev.vigil.alerts.label.LabelNames;
import dev.vigil.core.internal.Hex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Alertmanager's (0.25) identities of alerts and groups, computed as it computes them, so a
 * receiver keyed on them treats what Vigil sends as it treats what Alertmanager sends. Names are
 * first mapped by {@link LabelNames#forAlertmanager(Map, java.util.function.BiConsumer)}, as they
 * are when sent there. {@code Alert.fingerprint()} stays Vigil's own identity.
 *
 * <pre>{@code
 * AlertmanagerIdentity.fingerprint(Map.of("alertname", "A", "team", "ops.x"));   // "8f5cb622b1ca847c"
 * }</pre>
 */
public final class AlertmanagerIdentity {

    private static final Comparator<LabelMatcher> MATCHER_ORDER = Comparator.comparing(LabelMatcher::name)
            .thenComparing(LabelMatcher::value)
            .thenComparing(LabelMatcher::op);

    private AlertmanagerIdentity() {}

    /**
     * An alert's fingerprint: FNV-1a 64 over the labels sorted by name, each written as name,
     * {@code 0xFF}, value, {@code 0xFF}; 16 lower-case hex digits.
     */
    public static String fingerprint(Map<String, String> labels) {
        Map<String, String> named = new java.util.TreeMap<>(LabelNames.forAlertmanager(labels, (from, to) -> {}));
        long h = 0xcbf29ce484222325L;
        for (Map.Entry<String, String> e : named.entrySet()) {
            h = fnv(h, e.getKey().getBytes(StandardCharsets.UTF_8));
            h = fnv(h, new byte[] {(byte) 0xff});
            h = fnv(h, e.getValue().getBytes(StandardCharsets.UTF_8));
            h = fnv(h, new byte[] {(byte) 0xff});
        }
        return Hex.of(h);
    }

    private static long fnv(long h, byte[] bytes) {
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /**
     * A route's key part: its matchers sorted (by name, value, then operator) and written
     * {@code {name="value",...}}, the value escaped as in OpenMetrics.
     */
    public static String matchers(List<LabelMatcher> matchers) {
        List<LabelMatcher> sorted = new ArrayList<>(matchers);
        sorted.sort(MATCHER_ORDER);
        return sorted.stream()
                .map(m -> LabelNames.forAlertmanager(m.name())
                        + m.op().symbol()
                        + '"'
                        + m.value().replace("\\", "\\\\").replace("\n", "\\n").replace("\"", "\\\"")
                        + '"')
                .collect(Collectors.joining(",", "{", "}"));
    }

    /**
     * A label set as Alertmanager prints it in a group key: {@code {alertname="A", team="ops.x"}},
     * each pair {@code name="value"} with the value quoted as Go's {@code %q} does, the pairs sorted
     * as strings and joined by a comma and a space.
     */
    public static String labelSet(Map<String, String> labels) {
        // plain loops: this runs on the path of every alert that fires, rarely enough that the code
        // stays interpreted, where a stream costs many times the work it does
        Map<String, String> named = LabelNames.forAlertmanager(labels, (from, to) -> {});
        String[] pairs = new String[named.size()];
        int i = 0;
        int length = 2;
        for (Map.Entry<String, String> e : named.entrySet()) {
            pairs[i] = e.getKey() + "=" + goQuote(e.getValue());
            length += pairs[i].length() + 2;
            i++;
        }
        Arrays.sort(pairs);
        StringBuilder out = new StringBuilder(length).append('{');
        for (int k = 0; k < pairs.length; k++) {
            if (k > 0) {
                out.append(", ");
            }
            out.append(pairs[k]);
        }
        return out.append('}').toString();
    }

    /** Go's {@code strconv.Quote}: printable characters as they are, the rest escaped. */
    static String goQuote(String s) {
        if (plainAscii(s)) {
            return '"' + s + '"';
        }
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0b -> out.append("\\v");
                default -> {
                    if (goPrintable(cp)) {
                        out.appendCodePoint(cp);
                    } else if (cp < 0x80) {
                        out.append(String.format("\\x%02x", cp));
                    } else if (Character.isSurrogate((char) cp) && cp <= 0xffff) {
                        out.append('?'); // an unpaired surrogate goes out as '?' in UTF-8
                    } else if (cp <= 0xffff) {
                        out.append(String.format("\\u%04x", cp));
                    } else {
                        out.append(String.format("\\U%08x", cp));
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Printable ASCII without a quote or a backslash: what Go's {@code %q} leaves as it is. */
    private static boolean plainAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and ASCII space. */
    private static boolean goPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER,
                    Character.LOWERCASE_LETTER,
                    Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER,
                    Character.OTHER_LETTER,
                    Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK,
                    Character.COMBINING_SPACING_MARK,
                    Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER,
                    Character.OTHER_NUMBER,
                    Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION,
                    Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION,
                    Character.MATH_SYMBOL,
                    Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL,
                    Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }
}

package dev.vigil.alerts.rule;

import dev.vigil.core.metric.Unit;
import dev.vigil.core.metric.ValueFormat;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A Nagios threshold range ({@code [@]start:end}, both ends inclusive), parsed exactly as the
 * Nagios plugin guidelines define it. The range says where a value is fine: the condition is
 * breached outside it, or inside it when the range starts with {@code @}.
 *
 * <table>
 * <caption>Range strings</caption>
 * <tr><th>range</th><th>breached when</th></tr>
 * <tr><td>{@code 10}</td><td>x &lt; 0 or x &gt; 10</td></tr>
 * <tr><td>{@code 10:}</td><td>x &lt; 10</td></tr>
 * <tr><td>{@code ~:10}</td><td>x &gt; 10</td></tr>
 * <tr><td>{@code 10:20}</td><td>x &lt; 10 or x &gt; 20</td></tr>
 * <tr><td>{@code @10:20}</td><td>10 &le; x &le; 20</td></tr>
 * </table>
 *
 * <p>Trailing percent signs are ignored ({@code 1:12%%} is {@code 1:12}), as monitoring-plugins'
 * {@code parse_range_string} ignores them.
 *
 * <p>As in Nagios' {@code parse_range_string}, an empty start ({@code :10}) is 0, not minus
 * infinity (that is Munin's reading); write {@code ~:10} for "at most 10".
 *
 * <pre>{@code
 * NagiosRange r = NagiosRange.parse("@10:20");
 * r.breached(15);   // true
 * }</pre>
 *
 * @param start lower end, inclusive ({@code -Infinity} for {@code ~})
 * @param end upper end, inclusive ({@code +Infinity} when omitted)
 * @param inverted whether the range starts with {@code @} (alert inside)
 */
public record NagiosRange(double start, double end, boolean inverted) implements Condition {

    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

    public NagiosRange {
        if (Double.isNaN(start)
                || Double.isNaN(end)
                || start == Double.POSITIVE_INFINITY
                || end == Double.NEGATIVE_INFINITY
                || start > end) {
            throw new IllegalArgumentException("range start " + start + " and end " + end
                    + " must satisfy start <= end (start may be -Infinity, end +Infinity)");
        }
    }

    /**
     * Parses a Nagios range string.
     *
     * @throws IllegalArgumentException naming the string when it is not a valid range
     */
    public static NagiosRange parse(String range) {
        if (range == null) {
            throw new IllegalArgumentException("Nagios range must not be null");
        }
        String s = range.strip();
        // monitoring-plugins reads the bounds with strtod, which stops at the first character that
        // is not part of a number: its own tests pass "1:12%%". Trailing percent signs are ignored.
        int percent = s.length();
        while (percent > 0 && s.charAt(percent - 1) == '%') {
            percent--;
        }
        s = s.substring(0, percent);
        boolean inverted = false;
        if (s.startsWith("@")) {
            inverted = true;
            s = s.substring(1);
        }
        if (s.isEmpty()) {
            throw bad(range, "it has no bounds");
        }
        int colon = s.indexOf(':');
        double start = 0;
        double end = Double.POSITIVE_INFINITY;
        String endText;
        if (colon >= 0) {
            String startText = s.substring(0, colon);
            endText = s.substring(colon + 1);
            if (endText.indexOf(':') >= 0) {
                throw bad(range, "it has more than one ':'");
            }
            if (startText.equals("~")) {
                start = Double.NEGATIVE_INFINITY;
            } else if (!startText.isEmpty()) {
                start = number(range, startText);
            }
        } else {
            endText = s;
        }
        if (!endText.isEmpty()) {
            end = number(range, endText);
        } else if (colon < 0) {
            throw bad(range, "it has no end");
        }
        if (start > end) {
            throw bad(range, "its start " + start + " is greater than its end " + end);
        }
        return new NagiosRange(start, end, inverted);
    }

    private static double number(String range, String text) {
        if (!NUMBER.matcher(text).matches()) {
            throw bad(range, "'" + text + "' is not a number");
        }
        return Double.parseDouble(text);
    }

    private static IllegalArgumentException bad(String range, String why) {
        return new IllegalArgumentException("invalid Nagios range '" + range + "': " + why
                + " (expected [@]start:end, e.g. 10, 10:, ~:10, 10:20, @10:20)");
    }

    @Override
    public boolean breached(double value) {
        if (Double.isNaN(value)) {
            return false;
        }
        boolean inside = value >= start && value <= end;
        return inverted == inside;
    }

    @Override
    public String describe(@Nullable Unit unit) {
        String lo = start == Double.NEGATIVE_INFINITY ? "-inf" : ValueFormat.format(start, unit);
        String hi = end == Double.POSITIVE_INFINITY ? "+inf" : ValueFormat.format(end, unit);
        return (inverted ? "inside " : "outside ") + lo + ".." + hi;
    }

    @Override
    public double threshold() {
        if (inverted) {
            return start == Double.NEGATIVE_INFINITY ? end : start;
        }
        return end == Double.POSITIVE_INFINITY ? start : end;
    }

    /** The range in Nagios syntax, e.g. {@code @10:20} or {@code ~:10}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (inverted) {
            sb.append('@');
        }
        if (start == Double.NEGATIVE_INFINITY) {
            sb.append("~:");
        } else if (start != 0 || end == Double.POSITIVE_INFINITY) {
            sb.append(plain(start)).append(':');
        }
        if (end != Double.POSITIVE_INFINITY) {
            sb.append(plain(end));
        }
        return sb.toString();
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}

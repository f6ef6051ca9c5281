package dev.vigil.dashboard;

import dev.vigil.alerts.label.LabelMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The matchers of the silence form, one a line in Alertmanager's notation:
 * {@code alertname="disk-almost-full"}, {@code mount!="/boot"}, {@code instance=~"web-.*"}.
 */
final class Matchers {

    private static final Pattern LINE =
            Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_.\\-]*)\\s*(=~|!~|!=|=)\\s*(.*?)\\s*");
    static final int MAX_MATCHERS = 32;

    private Matchers() {}

    static List<LabelMatcher> parse(String text) {
        List<LabelMatcher> out = new ArrayList<>();
        for (String line : text.split("\\R", -1)) {
            if (line.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new Router.BadRequest(
                        400, "matcher '" + line.strip() + "' is not of the form name=\"value\" (or !=, =~, !~)");
            }
            LabelMatcher.Op op = switch (m.group(2)) {
                case "=" -> LabelMatcher.Op.EQUAL;
                case "!=" -> LabelMatcher.Op.NOT_EQUAL;
                case "=~" -> LabelMatcher.Op.REGEX;
                default -> LabelMatcher.Op.NOT_REGEX;
            };
            try {
                out.add(new LabelMatcher(m.group(1), op, unquote(m.group(3))));
            } catch (IllegalArgumentException e) {
                throw new Router.BadRequest(400, e.getMessage());
            }
        }
        if (out.isEmpty() || out.size() > MAX_MATCHERS) {
            throw new Router.BadRequest(400, "a silence needs 1 to " + MAX_MATCHERS + " matchers, got " + out.size());
        }
        return out;
    }

    /** The value without its double quotes, {@code \"} and {@code \\} unescaped; unquoted values as they are. */
    static String unquote(String v) {
        if (v.length() < 2 || v.charAt(0) != '"' || v.charAt(v.length() - 1) != '"') {
            return v;
        }
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 1; i < v.length() - 1; i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length() - 1) {
                c = v.charAt(++i);
                sb.append(c == 'n' ? '\n' : c);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}

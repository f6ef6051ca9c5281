package dev.vigil.notify;

import dev.vigil.alerts.Alert;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** The plain-text title and body every notifier can fall back on, and the common labels. */
final class Rendering {

    /** Alerts listed in a notification's text; the rest are counted. */
    static final int MAX_ALERTS_IN_TEXT = 100;
    /** Characters of one label or annotation value in the text. */
    static final int MAX_VALUE_CHARS = 1024;
    /** Characters of the whole text (before the line counting the alerts not shown). */
    static final int MAX_TEXT_CHARS = 128 * 1024;

    private Rendering() {}

    static String title(Notification.Status status, List<Alert> alerts, Map<String, String> groupLabels) {
        long firing = alerts.stream().filter(a -> !Notification.isResolved(a)).count();
        String what = groupLabels.isEmpty()
                ? value(alerts.get(0).name())
                : new java.util.TreeMap<>(groupLabels)
                        .values().stream().map(Rendering::value).collect(Collectors.joining(" "));
        // One line, bounded: it becomes a subject, a summary, a log line.
        return value(status == Notification.Status.FIRING ? "[FIRING:" + firing + "] " + what : "[RESOLVED] " + what);
    }

    /**
     * About how many characters {@link #title} and {@link #text} will make of these alerts (the
     * layout's own per alert plus every value they show, each at most {@link #MAX_VALUE_CHARS}),
     * without making them.
     */
    static long estimatedChars(List<Alert> alerts, Map<String, String> groupLabels) {
        long title = 32L + (groupLabels.isEmpty() ? shown(alerts.get(0).name()) : 0);
        for (String v : groupLabels.values()) {
            title += shown(v) + 1;
        }
        long text = 128; // the line counting the alerts not shown
        for (int i = 0; i < alerts.size() && i < MAX_ALERTS_IN_TEXT && text < MAX_TEXT_CHARS; i++) {
            Alert a = alerts.get(i);
            text += 96 + shown(a.name()); // severity, times, line breaks
            for (Map.Entry<String, String> e : a.labels().entrySet()) {
                text += shown(e.getKey()) + shown(e.getValue()) + 2;
            }
            text += shown(a.annotations().get("summary"))
                    + shown(a.annotations().get("description"));
            if (a.acknowledged()) {
                text += 20 + shown(a.acknowledgement().by());
            }
        }
        return Math.min(title, MAX_VALUE_CHARS + 32) + Math.min(text, MAX_TEXT_CHARS + 256L);
    }

    private static int shown(@org.jspecify.annotations.Nullable String value) {
        return value == null ? 0 : Math.min(value.length(), MAX_VALUE_CHARS);
    }

    /**
     * The body: one entry per alert, at most {@link #MAX_ALERTS_IN_TEXT} of them followed by a line
     * counting the rest, every value on one line and at most {@link #MAX_VALUE_CHARS} long, and
     * the whole at most {@link #MAX_TEXT_CHARS}. Each line break in it is the layout's own, so a
     * label cannot forge a line of a log; each cut says how much it left out.
     */
    static String text(List<Alert> alerts) {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (Alert a : alerts) {
            if (shown == MAX_ALERTS_IN_TEXT || out.length() >= MAX_TEXT_CHARS) {
                break;
            }
            shown++;
            boolean resolved = Notification.isResolved(a);
            if (resolved) {
                out.append("[RESOLVED] ");
            } else {
                out.append('[').append(a.severity().name()).append("] ");
            }
            appendValue(out, a.name());
            String summary = a.annotations().get("summary");
            if (summary != null && !summary.isBlank()) {
                appendValue(out.append(": "), summary);
            }
            out.append('\n');
            String description = a.annotations().get("description");
            if (description != null && !description.isBlank()) {
                appendValue(out.append("  "), description).append('\n');
            }
            boolean labels = false;
            for (Map.Entry<String, String> e : a.labels().entrySet()) {
                if (e.getKey().equals("alertname")) {
                    continue;
                }
                out.append(labels ? ", " : "  labels: ");
                appendValue(out, e.getKey()).append('=');
                appendValue(out, String.valueOf(e.getValue()));
                labels = true;
            }
            if (labels) {
                out.append('\n');
            }
            if (a.firingSince() != null) {
                out.append("  since: ").append(a.firingSince());
                if (resolved && a.resolvedAt() != null) {
                    out.append(", resolved: ").append(a.resolvedAt());
                }
                out.append('\n');
            }
            if (a.acknowledged()) {
                appendValue(
                                out.append("  acknowledged by "),
                                a.acknowledgement().by())
                        .append('\n');
            }
        }
        if (out.length() > MAX_TEXT_CHARS) {
            out.setLength(MAX_TEXT_CHARS);
            out.append("… [text cut at ").append(MAX_TEXT_CHARS).append(" characters]\n");
        }
        if (shown < alerts.size()) {
            List<Alert> rest = alerts.subList(shown, alerts.size());
            long firing = rest.stream().filter(a -> !Notification.isResolved(a)).count();
            out.append("… and ")
                    .append(rest.size())
                    .append(" more alert(s) not shown (")
                    .append(firing)
                    .append(" firing, ")
                    .append(rest.size() - firing)
                    .append(" resolved)\n");
        }
        return out.toString();
    }

    /**
     * Appends {@code s} on one line (control characters as {@link #oneLine} writes them); with
     * {@code quoted}, {@code \\} and {@code "} are escaped too, as in a quoted label value. One
     * pass, and none at all beyond the check when nothing needs escaping (the common case).
     */
    static StringBuilder appendEscaped(StringBuilder out, String s, boolean quoted) {
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (isControl(c) || (quoted && (c == '\\' || c == '"'))) {
                break;
            }
            i++;
        }
        if (i == n) {
            return out.append(s);
        }
        out.append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (quoted && (c == '\\' || c == '"')) {
                out.append('\\').append(c);
            } else if (isControl(c)) {
                out.append(oneLine(String.valueOf(c)));
            } else {
                out.append(c);
            }
        }
        return out;
    }

    /** Appends {@link #value}{@code (s)}; the common case (short, no control character) as it is. */
    private static StringBuilder appendValue(StringBuilder out, String s) {
        return s.length() <= MAX_VALUE_CHARS && firstControl(s) < 0 ? out.append(s) : out.append(value(s));
    }

    private static int firstControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isControl(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** C0 and C1 controls (CR, LF, tab, ESC, NEL ...) and the Unicode line and paragraph separators. */
    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }

    /** One value as the text shows it: on one line, cut with a count of what was left out. */
    private static String value(String s) {
        String line = oneLine(s);
        if (line.length() <= MAX_VALUE_CHARS) {
            return line;
        }
        int keep = MAX_VALUE_CHARS;
        if (Character.isHighSurrogate(line.charAt(keep - 1))) {
            keep--;
        }
        return line.substring(0, keep) + "… [" + (line.length() - keep) + " more characters]";
    }

    /**
     * {@code s} with CR, LF, tab, the other control characters and the Unicode line separators
     * written as escapes ({@code \n}, {@code \u2028}), so it stays on one line of a log.
     * (The notifiers have the same in {@code Texts.oneLine}: the packages share no internals.)
     */
    static String oneLine(String s) {
        int first = firstControl(s);
        if (first < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16).append(s, 0, first);
        for (int i = first; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = isControl(c);
            if (!control) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    /** Entries present with the same value in every map. */
    static Map<String, String> common(List<Map<String, String>> maps) {
        if (maps.isEmpty()) {
            return Map.of();
        }
        Map<String, String> common = new HashMap<>(maps.get(0));
        for (Map<String, String> m : maps.subList(1, maps.size())) {
            common.entrySet().removeIf(e -> !Objects.equals(m.get(e.getKey()), e.getValue()));
        }
        return common;
    }
}

package dev.vigil.notify.notifier;

/**
 * Escaping and truncation for the destinations text goes to, shared by every notifier in this
 * package: {@link #oneLine} for line-oriented outputs (logs, headers), {@link #truncate} for a
 * hard field limit, {@link #cut} where the reader must see how much was left out.
 */
final class Texts {

    static final String ELLIPSIS = "…";

    private Texts() {}

    /** Slack mrkdwn: only {@code &}, {@code <}, {@code >} are control characters. */
    static String slackEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String htmlEscape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * At most {@code max} chars, ending in an ellipsis when cut; never splits a surrogate pair
     * or an {@code &...;} entity produced by escaping.
     */
    static String truncate(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max - ELLIPSIS.length();
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        int amp = s.lastIndexOf('&', end - 1);
        if (amp >= 0 && amp >= end - 6 && s.indexOf(';', amp) >= end) {
            end = amp;
        }
        return s.substring(0, Math.max(0, end)) + ELLIPSIS;
    }

    /**
     * {@code s} with CR, LF, tab, the other C0/C1 control characters and the Unicode line and
     * paragraph separators written as escapes ({@code \n}, {@code \u2028}): a value can then
     * never start a new line in a log or a line-oriented format (no forged log entries).
     */
    static String oneLine(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String escape = switch (c) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default ->
                    Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                            ? String.format("\\u%04x", (int) c)
                            : null;
            };
            if (escape != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                if (escape != null) {
                    out.append(escape);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }

    /**
     * At most {@code max} chars; when cut, the end says how many characters were left out
     * ({@code "… [1234 more characters]"}), so a reader knows the text is incomplete and by
     * how much. Never splits a surrogate pair.
     */
    static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        // The marker's own length depends on the count; the count is at most s.length().
        int markerLength = marker(s.length()).length();
        int keep = Math.max(0, max - markerLength);
        if (keep > 0 && Character.isHighSurrogate(s.charAt(keep - 1))) {
            keep--;
        }
        return s.substring(0, keep) + marker(s.length() - keep);
    }

    static String marker(int leftOut) {
        return ELLIPSIS + " [" + leftOut + " more characters]";
    }
}

package dev.vigil.notify.notifier;

/** Escaping and truncation for the destinations text goes to. */
final class Texts {

    static final String ELLIPSIS = "…";

    private Texts() {
    }

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
}

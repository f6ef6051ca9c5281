package dev.vigil.notify.notifier;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.notify.Notification;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Cutting text to a channel's limits with a visible marker, shared by the Opsgenie, Teams,
 * Telegram and Discord notifiers. A cut never splits a surrogate pair, an {@code &...;} entity
 * left by HTML escaping, or a backslash escape left by markdown escaping.
 */
final class ChannelText {

    /** Ends a short field (a title, a tag) that was cut. */
    static final String ELLIPSIS = "…";
    /** Ends a long text (a description, a message) that was cut: says so in words. */
    static final String CUT = "… [truncated]";

    private ChannelText() {}

    /** {@code s} if it fits in {@code max} chars, else its start and {@code marker}, {@code max} chars at most. */
    static String cut(String s, int max, String marker) {
        return s.length() <= max ? s : end(s, max, marker);
    }

    /** A long text cut with {@link #CUT}; a short field with {@link #ELLIPSIS}. */
    static String cut(String s, int max) {
        return cut(s, max, marker(max));
    }

    /**
     * {@code raw} escaped by {@code escape} and cut to {@code max} chars. Only the first {@code max}
     * chars are escaped (escaping never shortens text), so a 1 MB value costs no more than a short
     * one; the marker, escaped too, shows whenever anything was left out.
     */
    static String escaped(String raw, int max, UnaryOperator<String> escape) {
        boolean longer = raw.length() > max;
        String text = escape.apply(longer ? raw.substring(0, max) : raw);
        return !longer && text.length() <= max ? text : end(text, max, escape.apply(marker(max)));
    }

    private static String marker(int max) {
        return max >= 200 ? CUT : ELLIPSIS;
    }

    private static String end(String s, int max, String marker) {
        if (max <= marker.length()) {
            return marker.substring(0, Math.max(0, max));
        }
        int end = Math.min(s.length(), max - marker.length());
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        int amp = s.lastIndexOf('&', end - 1);
        if (amp >= 0 && amp >= end - 8) {
            int semicolon = s.indexOf(';', amp);
            if (semicolon >= end && semicolon - amp <= 8) {
                end = amp;
            }
        }
        int backslashes = 0;
        while (end - backslashes > 0 && s.charAt(end - backslashes - 1) == '\\') {
            backslashes++;
        }
        if (backslashes % 2 == 1) {
            end--;
        }
        return s.substring(0, end) + marker;
    }

    /** The note that ends a message some alerts did not fit in. */
    static String more(int hidden) {
        return "… and " + hidden + " more alert" + (hidden == 1 ? "" : "s");
    }

    /** The longest label value shown in a label line, so one huge value hides no other label. */
    static final int MAX_LABEL_VALUE_CHARS = 128;

    /** The labels other than {@code alertname} and {@code severity}, as {@code name=value, ...}, each value cut to 128 chars. */
    static String labelLine(Alert a) {
        return new java.util.TreeMap<>(a.labels())
                .entrySet().stream()
                        .filter(e ->
                                !e.getKey().equals("alertname") && !e.getKey().equals("severity"))
                        .map(e ->
                                cut(e.getKey(), MAX_LABEL_VALUE_CHARS) + "=" + cut(e.getValue(), MAX_LABEL_VALUE_CHARS))
                        .collect(Collectors.joining(", "));
    }

    /** An annotation, or the empty string. */
    static String annotation(Alert a, String name) {
        String value = a.annotations().get(name);
        return value == null ? "" : value.strip();
    }

    /** The emoji that starts a notification's title: resolved, critical or warning. */
    static String mark(Notification n) {
        if (n.status() == Notification.Status.RESOLVED) {
            return "✅";
        }
        return n.severity() == Severity.CRITICAL ? "🚨" : "⚠️";
    }

    /** The emoji that starts an alert's line: resolved, critical or warning. */
    static String mark(Alert a) {
        if (Notification.isResolved(a)) {
            return "✅";
        }
        return a.severity() == Severity.CRITICAL ? "🔴" : "🟠";
    }
}

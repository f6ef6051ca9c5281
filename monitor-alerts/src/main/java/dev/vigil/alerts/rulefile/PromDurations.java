package dev.vigil.alerts.rulefile;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prometheus' duration syntax ({@code 1h30m}, {@code 90s}, {@code 2d}, {@code 500ms}), as its model package reads it. */
final class PromDurations {

    // units in descending order, each at most once, as Prometheus' model.ParseDuration demands
    private static final Pattern DURATION =
            Pattern.compile("(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final long[] MILLIS = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1};

    private PromDurations() {}

    /**
     * The duration {@code text} means.
     *
     * @throws IllegalArgumentException naming the text and the syntax when it is not a duration
     */
    static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a duration was expected, e.g. 30s, 5m, 1h30m");
        }
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a Prometheus duration: digits and units "
                    + "y, w, d, h, m, s, ms in that order, e.g. 30s, 5m, 1h30m");
        }
        long millis = 0;
        for (int i = 0; i < MILLIS.length; i++) {
            if (m.group(i + 1) != null) {
                millis = Math.addExact(millis, Math.multiplyExact(Long.parseLong(m.group(i + 1)), MILLIS[i]));
            }
        }
        return Duration.ofMillis(millis);
    }

    /** {@code d} in Prometheus' syntax, e.g. {@code 1h30m}. */
    static String text(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        String[] units = {"y", "w", "d", "h", "m", "s", "ms"};
        for (int i = 0; i < MILLIS.length; i++) {
            if (ms >= MILLIS[i]) {
                sb.append(ms / MILLIS[i]).append(units[i]);
                ms %= MILLIS[i];
            }
        }
        return sb.toString();
    }
}

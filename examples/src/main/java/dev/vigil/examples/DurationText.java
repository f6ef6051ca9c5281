package dev.vigil.examples;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations written the way people write them on a command line: {@code 500ms}, {@code 15s}, {@code 2m}, {@code 1h}. */
final class DurationText {

    private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private DurationText() {}

    static Duration parse(String option, String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new UsageException(option + " takes a duration like 500ms, 15s, 2m or 1h, got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.isZero()) {
            throw new UsageException(option + " must be longer than zero, got '" + text + "'");
        }
        return d;
    }

    static String format(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}

package dev.vigil.alerts.rule;

import java.time.Duration;

/** Short rendering of durations ({@code 5m}, {@code 1h30m}). */
final class Durations {

    private Durations() {}

    static String text(Duration d) {
        long s = d.toSeconds();
        if (s == 0) {
            return d.toMillis() + "ms";
        }
        StringBuilder sb = new StringBuilder();
        if (s >= 86_400) {
            sb.append(s / 86_400).append('d');
            s %= 86_400;
        }
        if (s >= 3600) {
            sb.append(s / 3600).append('h');
            s %= 3600;
        }
        if (s >= 60) {
            sb.append(s / 60).append('m');
            s %= 60;
        }
        if (s > 0) {
            sb.append(s).append('s');
        }
        return sb.toString();
    }
}

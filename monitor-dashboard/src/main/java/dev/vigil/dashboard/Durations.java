package dev.vigil.dashboard;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the forms take them: {@code 30m}, {@code 2h}, {@code 1d}, or Alertmanager's {@code 1h30m}. */
final class Durations {

    private static final Pattern FORM = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private Durations() {}

    static Duration parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (text.isBlank() || !m.matches()) {
            throw new Router.BadRequest(
                    400, "duration must look like 30m, 2h, 1d or 1h30m, got '" + text.strip() + "'");
        }
        try {
            Duration d = Duration.ofDays(part(m, 1))
                    .plusHours(part(m, 2))
                    .plusMinutes(part(m, 3))
                    .plusSeconds(part(m, 4));
            if (d.isZero()) {
                throw new Router.BadRequest(400, "duration must be longer than zero");
            }
            return d;
        } catch (ArithmeticException | NumberFormatException e) {
            throw new Router.BadRequest(400, "duration '" + text.strip() + "' is too long");
        }
    }

    private static long part(Matcher m, int group) {
        return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
    }
}

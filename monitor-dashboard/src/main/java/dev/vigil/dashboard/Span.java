package dev.vigil.dashboard;

import java.time.Duration;
import java.util.Locale;

/** How far back a chart reaches, Munin's day / week / month / year graphs plus the last hour. */
enum Span {
    HOUR(Duration.ofHours(1)),
    DAY(Duration.ofDays(1)),
    WEEK(Duration.ofDays(7)),
    MONTH(Duration.ofDays(30)),
    YEAR(Duration.ofDays(365));

    final Duration length;

    Span(Duration length) {
        this.length = length;
    }

    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Span parse(String key) {
        for (Span s : values()) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        throw new Router.BadRequest(400, "span must be one of hour, day, week, month, year");
    }
}

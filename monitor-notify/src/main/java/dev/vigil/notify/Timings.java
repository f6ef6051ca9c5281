package dev.vigil.notify;

import dev.vigil.core.internal.Require;
import java.time.Duration;

/**
 * When a group of alerts is notified: {@code groupWait} after its first alert (to collect the
 * others that come with it), then at most every {@code groupInterval} when it changes, and again
 * every {@code repeatInterval} while it keeps firing unchanged.
 *
 * <p>{@link #alertmanagerDefaults()} are Alertmanager's (30 s, 5 min, 4 h): right for a team
 * channel fed by many machines. {@link #embeddedDefaults()} (5 s, 1 min, 4 h) suit one
 * application notifying for itself, where waiting 30 s for siblings gains little. Since groups
 * are only looked at every {@code groupInterval}, a repeat happens at the first group interval
 * tick after {@code repeatInterval}, as in Alertmanager.
 *
 * <pre>{@code
 * Route.all().timings(Timings.alertmanagerDefaults().withRepeatInterval(Duration.ofHours(1)));
 * }</pre>
 *
 * @param groupWait wait before the first notification of a new group (may be zero)
 * @param groupInterval wait between notifications of a changed group (positive)
 * @param repeatInterval wait before re-sending an unchanged firing group (positive)
 */
public record Timings(Duration groupWait, Duration groupInterval, Duration repeatInterval) {

    private static final Timings ALERTMANAGER =
            new Timings(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4));
    private static final Timings EMBEDDED =
            new Timings(Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofHours(4));

    public Timings {
        notNegative("groupWait", groupWait);
        positive("groupInterval", groupInterval);
        positive("repeatInterval", repeatInterval);
    }

    static Duration notNegative(String field, Duration value) {
        return Require.nonNegative(field, value);
    }

    static Duration positive(String field, Duration value) {
        return Require.positive(field, value);
    }

    /** Alertmanager's defaults: group wait 30 s, group interval 5 min, repeat interval 4 h. */
    public static Timings alertmanagerDefaults() {
        return ALERTMANAGER;
    }

    /** Vigil's defaults for one embedded application: 5 s, 1 min, 4 h. */
    public static Timings embeddedDefaults() {
        return EMBEDDED;
    }

    /** A copy with {@code groupWait}. */
    public Timings withGroupWait(Duration value) {
        return new Timings(value, groupInterval, repeatInterval);
    }

    /** A copy with {@code groupInterval}. */
    public Timings withGroupInterval(Duration value) {
        return new Timings(groupWait, value, repeatInterval);
    }

    /** A copy with {@code repeatInterval}. */
    public Timings withRepeatInterval(Duration value) {
        return new Timings(groupWait, groupInterval, value);
    }
}

package dev.vigil.alerts.silence;

import dev.vigil.alerts.label.LabelMatcher;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A planned period during which matching alerts are muted (they carry {@code silenced = true}):
 * either once ({@link OneOff}) or every week on given days at a time of day in a time zone
 * ({@link Recurring}, daylight saving time handled by the zone). No matchers mutes every alert.
 *
 * <pre>{@code
 * MaintenanceWindow backups = MaintenanceWindow.weekly(EnumSet.of(DayOfWeek.SUNDAY),
 *         LocalTime.of(2, 0), Duration.ofHours(2), ZoneId.of("Europe/Paris"),
 *         LabelMatcher.equal("mount", "/backup"));
 * }</pre>
 */
public sealed interface MaintenanceWindow permits MaintenanceWindow.OneOff, MaintenanceWindow.Recurring {

    /** Which alerts the window mutes; empty for all. */
    List<LabelMatcher> matchers();

    /** Whether the window is open at {@code millis} (epoch milliseconds). */
    boolean activeAt(long millis);

    /**
     * A time after {@code millis} before which {@link #activeAt} keeps the answer it gives at
     * {@code millis} ({@link Long#MAX_VALUE} for never): lets the engine skip the zone arithmetic
     * on most ticks.
     */
    long nextChangeAfter(long millis);

    /**
     * Whether the window mutes alerts with these labels (ignoring time). It must depend on the
     * labels alone: the engine works it out once per alert and labels, not on every tick.
     */
    default boolean matches(Map<String, String> labels) {
        return LabelMatcher.all(matchers(), labels);
    }

    /** A window from {@code start} (inclusive) to {@code end} (exclusive). */
    static MaintenanceWindow once(Instant start, Instant end, LabelMatcher... matchers) {
        return new OneOff(start, end, List.of(matchers));
    }

    /** A window every week on {@code days} at {@code start} local time, lasting {@code length}. */
    static MaintenanceWindow weekly(
            Set<DayOfWeek> days, LocalTime start, Duration length, ZoneId zone, LabelMatcher... matchers) {
        return new Recurring(days, start, length, zone, List.of(matchers));
    }

    /** A window every day at {@code start} local time, lasting {@code length}. */
    static MaintenanceWindow daily(LocalTime start, Duration length, ZoneId zone, LabelMatcher... matchers) {
        return new Recurring(EnumSet.allOf(DayOfWeek.class), start, length, zone, List.of(matchers));
    }

    /**
     * A one-off window.
     *
     * @param start inclusive
     * @param end exclusive
     * @param matchers which alerts; empty for all
     */
    record OneOff(Instant start, Instant end, List<LabelMatcher> matchers) implements MaintenanceWindow {
        public OneOff {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("maintenance window end " + end + " must be after start " + start);
            }
            matchers = List.copyOf(matchers);
        }

        @Override
        public boolean activeAt(long millis) {
            return millis >= start.toEpochMilli() && millis < end.toEpochMilli();
        }

        @Override
        public long nextChangeAfter(long millis) {
            if (millis < start.toEpochMilli()) {
                return start.toEpochMilli();
            }
            return millis < end.toEpochMilli() ? end.toEpochMilli() : Long.MAX_VALUE;
        }
    }

    /**
     * A weekly window.
     *
     * @param days days of the week on which it opens
     * @param start local time it opens
     * @param length how long it stays open (at most 7 days)
     * @param zone the time zone of {@code days} and {@code start}
     * @param matchers which alerts; empty for all
     */
    record Recurring(Set<DayOfWeek> days, LocalTime start, Duration length, ZoneId zone, List<LabelMatcher> matchers)
            implements MaintenanceWindow {
        public Recurring {
            if (days == null || days.isEmpty()) {
                throw new IllegalArgumentException("maintenance window days must not be empty, got " + days);
            }
            days = Set.copyOf(days);
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(zone, "zone");
            if (length == null || length.isNegative() || length.isZero() || length.compareTo(Duration.ofDays(7)) > 0) {
                throw new IllegalArgumentException(
                        "maintenance window length must be within (0, 7 days], got " + length);
            }
            matchers = List.copyOf(matchers);
        }

        @Override
        public boolean activeAt(long millis) {
            return openingContaining(millis) != Long.MIN_VALUE;
        }

        @Override
        public long nextChangeAfter(long millis) {
            long opened = openingContaining(millis);
            if (opened != Long.MIN_VALUE) {
                // still open at least until this opening's end (a later opening may extend it:
                // the engine then simply asks again)
                return opened + length.toMillis();
            }
            LocalDate today = Instant.ofEpochMilli(millis).atZone(zone).toLocalDate();
            for (long k = 0; k <= 8; k++) {
                LocalDate day = today.plusDays(k);
                if (days.contains(day.getDayOfWeek())) {
                    long opens = ZonedDateTime.of(day, start, zone).toInstant().toEpochMilli();
                    if (opens > millis) {
                        return opens;
                    }
                }
            }
            return Long.MAX_VALUE;
        }

        /** The start of an opening containing {@code millis}, or {@link Long#MIN_VALUE}. */
        private long openingContaining(long millis) {
            LocalDate today = Instant.ofEpochMilli(millis).atZone(zone).toLocalDate();
            long lookBack = length.toDays() + 1;
            for (long k = 0; k <= lookBack; k++) {
                LocalDate day = today.minusDays(k);
                if (days.contains(day.getDayOfWeek())) {
                    long opens = ZonedDateTime.of(day, start, zone).toInstant().toEpochMilli();
                    if (millis >= opens && millis < opens + length.toMillis()) {
                        return opens;
                    }
                }
            }
            return Long.MIN_VALUE;
        }
    }
}

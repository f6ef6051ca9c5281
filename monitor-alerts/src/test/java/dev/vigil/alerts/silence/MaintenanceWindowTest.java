package dev.vigil.alerts.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MaintenanceWindowTest {

    static final long T0 = Instant.parse("2026-03-20T00:00:00Z").toEpochMilli(); // spans the March DST change

    @Property(tries = 300)
    void theAnswerDoesNotChangeBeforeNextChangeAfter(
            @ForAll @Size(min = 1, max = 7) Set<DayOfWeek> days,
            @ForAll @IntRange(min = 0, max = 23 * 60 + 59) int startMinute,
            @ForAll @IntRange(min = 1, max = 3 * 24 * 60) int lengthMinutes,
            @ForAll @LongRange(min = 0, max = 21L * 24 * 3600 * 1000) long offset) {
        MaintenanceWindow w = MaintenanceWindow.weekly(
                days,
                LocalTime.of(startMinute / 60, startMinute % 60),
                Duration.ofMinutes(lengthMinutes),
                ZoneId.of("Europe/Paris"));
        long t = T0 + offset;
        boolean open = w.activeAt(t);
        long next = w.nextChangeAfter(t);
        assertThat(next).isGreaterThan(t);
        long horizon = Math.min(next, t + Duration.ofDays(8).toMillis());
        for (int i = 0; i < 50; i++) {
            long probe = t + (horizon - t) * i / 50;
            assertThat(w.activeAt(probe))
                    .as("at %s", Instant.ofEpochMilli(probe))
                    .isEqualTo(open);
        }
        if (next != Long.MAX_VALUE && !open) {
            assertThat(w.activeAt(next))
                    .as("a closed window's next change is an opening")
                    .isTrue();
        }
    }

    @Test
    void aOneOffWindowChangesAtItsStartAndEnd() {
        Instant start = Instant.parse("2026-01-01T10:00:00Z");
        MaintenanceWindow w = MaintenanceWindow.once(start, start.plusSeconds(3600));
        assertThat(w.nextChangeAfter(start.minusSeconds(1).toEpochMilli())).isEqualTo(start.toEpochMilli());
        assertThat(w.nextChangeAfter(start.toEpochMilli()))
                .isEqualTo(start.plusSeconds(3600).toEpochMilli());
        assertThat(w.nextChangeAfter(start.plusSeconds(3600).toEpochMilli())).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void windowsAreValidated() {
        Instant t = Instant.parse("2026-01-01T10:00:00Z");
        assertThatThrownBy(() -> MaintenanceWindow.once(t, t)).hasMessageContaining("must be after");
        assertThatThrownBy(() -> MaintenanceWindow.weekly(
                        EnumSet.noneOf(DayOfWeek.class), LocalTime.NOON, Duration.ofHours(1), ZoneId.of("UTC")))
                .hasMessageContaining("days");
        assertThatThrownBy(() -> MaintenanceWindow.daily(LocalTime.NOON, Duration.ofDays(8), ZoneId.of("UTC")))
                .hasMessageContaining("PT192H");
    }
}

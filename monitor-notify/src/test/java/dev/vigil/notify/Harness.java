package dev.vigil.notify;

import static org.awaitility.Awaitility.await;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEvent;
import dev.vigil.core.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;

/** Drives a {@link Notifications} with a manual clock and waits for its workers to settle. */
final class Harness implements AutoCloseable {

    final ManualClock clock = ManualClock.create();
    final Notifications notifications;

    Harness(UnaryOperator<Notifications.Builder> config) {
        notifications = config.apply(Notifications.builder().clock(clock).flushEvery(Duration.ZERO)
                .sleeper(clock::advance).closeTimeout(Duration.ofSeconds(2))).build();
    }

    Instant now() {
        return clock.now();
    }

    /** Sends a Fired event for {@code alert}, then lets deliveries finish. */
    Harness fire(Alert alert) {
        notifications.onEvent(new AlertEvent.Fired(alert, now()));
        return settle();
    }

    /** Sends {@code event}, then lets deliveries finish. */
    Harness event(AlertEvent event) {
        notifications.onEvent(event);
        return settle();
    }

    /** Moves time, runs the group timers, and lets deliveries finish. */
    Harness advance(Duration amount) {
        clock.advance(amount);
        notifications.poll();
        return settle();
    }

    Harness settle() {
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2)).atMost(Duration.ofSeconds(5))
                .until(() -> notifications.pending() == 0);
        return this;
    }

    @Override
    public void close() {
        notifications.close();
    }
}

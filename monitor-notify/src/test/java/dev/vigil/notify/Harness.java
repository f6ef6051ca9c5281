package dev.vigil.notify;

import static org.awaitility.Awaitility.await;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEvent;
import dev.vigil.core.Tick;
import dev.vigil.core.TickListener;
import dev.vigil.core.history.History;
import dev.vigil.core.history.HistoryConfig;
import dev.vigil.core.history.HistoryStore;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Sample;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Drives a {@link Notifications} with a manual clock and waits for its workers to settle; feeds
 * an alert engine built on the same clock ticks of one series. (vigil-test's TestVigil does this
 * for users; monitor-notify's own tests cannot depend on it.)
 */
final class Harness implements AutoCloseable {

    /** The interval of {@link #tick}. */
    static final Duration TICK = Duration.ofSeconds(10);

    final ManualClock clock = ManualClock.create();
    final Notifications notifications;
    private final HistoryStore history = new HistoryStore(HistoryConfig.defaults(), TICK);
    private long ticks;

    Harness(UnaryOperator<Notifications.Builder> config) {
        notifications = config.apply(Notifications.builder()
                        .clock(clock)
                        .flushEvery(Duration.ZERO)
                        .sleeper(clock::advance)
                        .closeTimeout(Duration.ofSeconds(2)))
                .build();
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

    /**
     * One interval later, hands {@code engine} (built with this harness' clock) a tick where
     * {@code id} reads {@code value}, then runs the group timers and lets deliveries finish.
     */
    Harness tick(TickListener engine, MetricId id, double value) {
        clock.advance(TICK);
        long now = clock.wallMillis();
        history.record(id, Unit.NONE, now, value);
        history.advanceTo(now);
        engine.onTick(new OneSeriesTick(++ticks, now, new Sample(id, Unit.NONE, now, value), history));
        notifications.poll();
        return settle();
    }

    private record OneSeriesTick(long sequence, long timeMillis, Sample sample, History history) implements Tick {
        @Override
        public Duration interval() {
            return TICK;
        }

        @Override
        public List<Sample> samples() {
            return List.of(sample);
        }

        @Override
        public Set<MetricId> unknown() {
            return Set.of();
        }

        @Override
        public double value(MetricId id) {
            return sample.id().equals(id) ? sample.value() : Double.NaN;
        }
    }

    Harness settle() {
        await().pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> notifications.pending() == 0);
        return this;
    }

    @Override
    public void close() {
        notifications.close();
    }
}

package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.Monitor;
import dev.vigil.core.micrometer.MicrometerSource;
import dev.vigil.core.time.ManualClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A timer's {@code .mean} is the mean of the calls since the previous tick, so on a tick without
 * calls it is absent. A {@code for} rule on it starts over at every such tick (Prometheus' rule: a
 * missing sample resets a pending alert) and, on a low-traffic timer, never fires. A window
 * aggregate such as {@code avg(1m)} reads the calls the window holds and fires. The examples'
 * {@code custom-source} and docs/rules.md show the second form.
 */
class LowTrafficTimerTest {

    private final ManualClock clock = ManualClock.create();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Timer jobs = Timer.builder("app.jobs").register(registry);
    private final List<AlertEvent> events = new CopyOnWriteArrayList<>();

    @Test
    void aForRuleOnTheMeanOfATimerCalledEveryThirdTickNeverFiresButAWindowAverageDoes() {
        AlertEngine alerts = AlertEngine.builder()
                .rule(Rule.threshold("fragile")
                        .metric("app.jobs.mean")
                        .warnAbove(0.025)
                        .forDuration(Duration.ofSeconds(30)))
                .rule(Rule.threshold("robust")
                        .metric("app.jobs.mean")
                        .avg(Duration.ofMinutes(1))
                        .warnAbove(0.025)
                        .forDuration(Duration.ofSeconds(30)))
                .listener(events::add)
                .clock(clock)
                .build();
        try (Monitor monitor = Monitor.builder()
                .every(Duration.ofSeconds(10))
                .clock(clock)
                .source(MicrometerSource.of(registry))
                .listener(alerts)
                .build()) {
            for (int tick = 0; tick < 30; tick++) {
                if (tick % 3 == 0) {
                    jobs.record(Duration.ofMillis(40)); // slow, but only one call in three ticks
                }
                monitor.tickNow();
                clock.advance(Duration.ofSeconds(10));
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> events.stream()
                            .anyMatch(e -> e instanceof AlertEvent.Fired f
                                    && f.alert().name().equals("robust")));
            assertThat(alerts.activeAlerts()).extracting(Alert::name).contains("robust");
            assertThat(events)
                    .noneMatch(e ->
                            e instanceof AlertEvent.Fired f && f.alert().name().equals("fragile"));
            assertThat(alerts.activeAlerts())
                    .filteredOn(a -> a.name().equals("fragile"))
                    .allSatisfy(a -> assertThat(a.state()).isNotEqualTo(AlertState.FIRING));
        }
    }
}

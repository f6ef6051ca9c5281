package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.alerts.rule.RulePacks;
import dev.vigil.core.Monitor;
import dev.vigil.core.Tick;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.SeriesDescriptor;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.MetricSource;
import dev.vigil.core.source.SampleSink;
import dev.vigil.core.source.Sources;
import dev.vigil.core.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Missing data never reads OK (issue 11, items 7 and 8). */
class MissingDataTest {

    static final MetricId QUEUE = MetricId.of("app.queue.depth", "queue", "orders");
    static final MetricId CPU = MetricId.of("system.cpu.usage");

    final RecordingListener events = new RecordingListener();
    final ManualClock clock = ManualClock.create();

    @Test
    void aSourceFailingFromItsFirstTickMakesItsDeclaredSeriesAndTheirAlertsUnknown() {
        AtomicBoolean failing = new AtomicBoolean(true);
        AlertEngine engine = AlertEngine.builder()
                .clock(clock)
                .synchronousListeners()
                .reports(ReportCapture.none())
                .rule(Rule.threshold("queue-deep").metric("app.queue.depth").warnAbove(100))
                .rules(RulePacks.sources())
                .listener(events)
                .build();
        try (Monitor monitor = Monitor.builder()
                .clock(clock)
                .every(Duration.ofSeconds(10))
                .source(Sources.gauge(QUEUE, Unit.NONE, () -> {
                    if (failing.get()) {
                        throw new IllegalStateException("queue broker unreachable");
                    }
                    return 5;
                }))
                .listener(engine)
                .build()) {
            Tick first = monitor.tickNow();
            assertThat(first.unknown()).containsExactly(QUEUE);
            MetricId up = MetricId.of(Monitor.SOURCE_UP, "source", QUEUE.toString());
            assertThat(first.sourceStatus()).singleElement().satisfies(s -> {
                assertThat(s.id()).isEqualTo(up);
                assertThat(s.value()).isZero();
            });
            assertThat(engine.activeAlerts())
                    .extracting(Alert::name, Alert::state)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("queue-deep", AlertState.UNKNOWN),
                            org.assertj.core.groups.Tuple.tuple("source-down", AlertState.PENDING));
            assertThat(engine.health()).isEqualTo(Health.UNKNOWN);
            assertThat(events.kinds()).containsExactly("Unknown");

            clock.advance(Duration.ofSeconds(10));
            monitor.tickNow();
            clock.advance(Duration.ofSeconds(10));
            monitor.tickNow(); // the third tick without an answer
            assertThat(events.kinds()).containsExactly("Unknown", "Fired");
            Alert down = events.events.get(1).alert();
            assertThat(down.name()).isEqualTo("source-down");
            assertThat(down.labels()).containsEntry("source", QUEUE.toString());
            assertThat(engine.health()).isEqualTo(Health.CRITICAL);

            failing.set(false);
            clock.advance(Duration.ofSeconds(10));
            Tick back = monitor.tickNow();
            assertThat(back.sourceStatus())
                    .singleElement()
                    .satisfies(s -> assertThat(s.value()).isEqualTo(1));
            assertThat(events.kinds()).containsExactly("Unknown", "Fired", "Resolved");
            assertThat(engine.activeAlerts()).isEmpty();
            assertThat(engine.health()).isEqualTo(Health.OK);
        }
    }

    @Test
    void aSourceThatNeverAnsweredMarksTheUntaggedSeriesItDescribesUnknown() {
        MetricSource described = new MetricSource() {
            @Override
            public void sample(SampleSink sink) {
                throw new IllegalStateException("no /proc here");
            }

            @Override
            public List<SeriesDescriptor> describe() {
                return List.of(
                        SeriesDescriptor.gauge("system.cpu.usage", Unit.RATIO, "CPU in use"),
                        SeriesDescriptor.gauge("disk.usage", Unit.RATIO, "disk in use", "mount"));
            }
        };
        AlertEngine engine = AlertEngine.builder()
                .clock(clock)
                .synchronousListeners()
                .reports(ReportCapture.none())
                .rule(Rule.threshold("cpu-high").metric("system.cpu.usage").warnAbove(0.9))
                .listener(events)
                .build();
        try (Monitor monitor = Monitor.builder()
                .clock(clock)
                .source(described)
                .listener(engine)
                .build()) {
            // the tagged series cannot be named before it reports: only the untagged one is known
            assertThat(monitor.tickNow().unknown()).containsExactly(CPU);
            assertThat(engine.health()).isEqualTo(Health.UNKNOWN);
        }
    }

    @Test
    void aPendingAlertMeetingMissingDataLosesItsPendingTimeShowsUnknownAndNeverResolves() {
        AlertEngine engine = AlertEngine.builder()
                .synchronousListeners()
                .reports(ReportCapture.none())
                .rule(Rule.threshold("cpu-high")
                        .metric("system.cpu.usage")
                        .warnAbove(0.9)
                        .forDuration(Duration.ofSeconds(30)))
                .listener(events)
                .build();
        TickFeed feed = new TickFeed(engine);
        feed.tick(CPU, 0.95);
        feed.tick(CPU, 0.95);
        assertThat(engine.activeAlerts())
                .singleElement()
                .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.PENDING));
        feed.tickUnknown(CPU);
        feed.tickUnknown(CPU);
        assertThat(engine.activeAlerts()).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.UNKNOWN);
            assertThat(a.activeSince()).isNull();
        });
        assertThat(engine.health()).isEqualTo(Health.UNKNOWN);
        assertThat(events.kinds()).containsExactly("Unknown");
        // data returns breaching: the for starts again, as in Prometheus
        feed.tick(CPU, 0.95);
        long restarted = feed.now();
        feed.tick(CPU, 0.95);
        feed.tick(CPU, 0.95);
        assertThat(engine.activeAlerts()).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.PENDING);
            assertThat(a.activeSince().toEpochMilli()).isEqualTo(restarted);
        });
        feed.tick(CPU, 0.95); // 30 s after the restart
        assertThat(events.kinds()).containsExactly("Unknown", "Fired");
    }

    @Test
    void aPendingAlertWhoseDataReturnsFineGoesBackToInactiveWithoutAResolved() {
        AlertEngine engine = AlertEngine.builder()
                .synchronousListeners()
                .reports(ReportCapture.none())
                .rule(Rule.threshold("cpu-high")
                        .metric("system.cpu.usage")
                        .warnAbove(0.9)
                        .forDuration(Duration.ofSeconds(30)))
                .listener(events)
                .build();
        TickFeed feed = new TickFeed(engine);
        feed.tick(CPU, 0.95);
        feed.tickUnknown(CPU);
        feed.tick(CPU, 0.1);
        assertThat(events.kinds()).containsExactly("Unknown");
        assertThat(engine.activeAlerts()).isEmpty();
        assertThat(engine.health()).isEqualTo(Health.OK);
    }
}

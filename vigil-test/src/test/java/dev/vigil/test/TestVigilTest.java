package dev.vigil.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.Tick;
import dev.vigil.core.metric.MetricId;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Route;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TestVigilTest {

    static final MetricId DEPTH = MetricId.of("app.queue.depth");

    @Test
    void oneClockDrivesTheMonitorTheEngineAndTheGroupTimers() {
        AtomicInteger depth = new AtomicInteger(95);
        RecordingNotifier pager = new RecordingNotifier("pager");
        try (TestVigil vigil = TestVigil.builder()
                .startingAt(Instant.parse("2026-03-01T12:00:00Z"))
                .source(sink -> sink.gauge("app.queue.depth", depth.get()))
                .rule(Rule.threshold("queue-backlog")
                        .metric("app.queue.depth")
                        .critAbove(90)
                        .forDuration(Duration.ofSeconds(30)))
                .route(Route.all().groupWait(Duration.ofMinutes(1)).to(pager))
                .start()) {

            Tick first = vigil.tick();
            assertThat(first.time()).isEqualTo(Instant.parse("2026-03-01T12:00:10Z"));
            assertThat(vigil.activeAlerts())
                    .singleElement()
                    .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.PENDING));

            vigil.ticks(3); // held for 30 s: fires, but the group waits a minute
            assertThat(vigil.activeAlerts())
                    .singleElement()
                    .satisfies(a -> assertThat(a.firingSince()).isEqualTo(Instant.parse("2026-03-01T12:00:40Z")));
            assertThat(pager.received()).isEmpty();

            vigil.advance(Duration.ofSeconds(59));
            assertThat(pager.received()).isEmpty();
            vigil.advance(Duration.ofSeconds(1));
            assertThat(pager.received())
                    .singleElement()
                    .satisfies(n -> assertThat(n.status()).isEqualTo(Notification.Status.FIRING));
            assertThat(vigil.now()).isEqualTo(Instant.parse("2026-03-01T12:01:40Z"));
        }
    }

    @Test
    void aResolvedAlertIsNotifiedAfterTheGroupInterval() {
        AtomicInteger depth = new AtomicInteger(95);
        RecordingNotifier pager = new RecordingNotifier("pager");
        try (TestVigil vigil = TestVigil.builder()
                .source(sink -> sink.gauge("app.queue.depth", depth.get()))
                .rule(Rule.threshold("queue-backlog").metric("app.queue.depth").critAbove(90))
                .route(Route.all()
                        .groupWait(Duration.ZERO)
                        .groupInterval(Duration.ofMinutes(5))
                        .to(pager))
                .start()) {
            vigil.tick();
            assertThat(pager.received()).hasSize(1);

            depth.set(10);
            vigil.tick();
            assertThat(pager.received()).hasSize(1);
            vigil.ticksFor(Duration.ofMinutes(5));

            assertThat(pager.last().status()).isEqualTo(Notification.Status.RESOLVED);
            assertThat(pager.received()).hasSize(2);
        }
    }

    @Test
    void theFeedSendsHandMadeTicksThroughTheSameEngineAndNotifications() {
        RecordingNotifier pager = new RecordingNotifier("pager");
        try (TestVigil vigil = TestVigil.builder()
                .rule(Rule.threshold("queue-backlog").metric("app.queue.depth").critAbove(90))
                .route(Route.all().groupWait(Duration.ZERO).to(pager))
                .start()) {
            TickFeed feed = vigil.feed();

            feed.tick(DEPTH, 95);

            assertThat(feed.clock()).isSameAs(vigil.clock());
            assertThat(vigil.now()).isEqualTo(TestVigil.DEFAULT_START.plusSeconds(10));
            assertThat(pager.received())
                    .singleElement()
                    .satisfies(n -> assertThat(n.alerts())
                            .extracting(a -> a.labels().get("alertname"))
                            .containsExactly("queue-backlog"));
        }
    }

    @Test
    void withoutARouteThereAreNoNotificationsAndTheEngineStillEvaluates() {
        try (TestVigil vigil = TestVigil.builder()
                .every(Duration.ofSeconds(1))
                .source(sink -> sink.gauge("app.queue.depth", 95))
                .rule(Rule.threshold("queue-backlog").metric("app.queue.depth").critAbove(90))
                .start()) {
            vigil.tick();

            assertThat(vigil.activeAlerts()).hasSize(1);
            assertThatThrownBy(vigil::notifications)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("without a route");
        }
    }

    @Test
    void alertsCarryTheSameInstanceOnEveryMachine() {
        try (TestVigil vigil = TestVigil.builder()
                .rule(Rule.threshold("queue-backlog").metric("app.queue.depth").critAbove(90))
                .start()) {
            vigil.feed().tick(DEPTH, 95);

            assertThat(vigil.activeAlerts())
                    .singleElement()
                    .satisfies(a -> assertThat(a.labels()).containsEntry("instance", TestVigil.DEFAULT_INSTANCE));
        }
    }

    @Test
    void aSettingGivenToAComponentBuilderWinsOverTheKitsDefaults() {
        try (TestVigil vigil = TestVigil.builder()
                .rule(Rule.threshold("queue-backlog").metric("app.queue.depth").critAbove(90))
                .alerts(b -> b.externalLabels(java.util.Map.of("instance", "test-1")))
                .start()) {
            vigil.feed().tick(DEPTH, 95);

            assertThat(vigil.activeAlerts())
                    .singleElement()
                    .satisfies(a -> assertThat(a.labels()).containsEntry("instance", "test-1"));
        }
    }

    @Test
    void aBadIntervalIsRefusedWithTheFieldAndTheValue() {
        assertThatThrownBy(() -> TestVigil.builder().every(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("interval must be positive: PT0S");
    }
}

package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.metric.MetricId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UnknownAfterAPageTest {

    /**
     * Under backlog a lane coalesces each alert's events; a Fired followed by an Unknown must keep
     * the Fired: UNKNOWN is not paged, and data that returns still breached brings no new Fired.
     */
    @Test
    void aFiredFollowedByUnknownUnderBacklogIsStillDelivered() throws Exception {
        MetricId cpu = MetricId.of("cpu");
        MetricId other = MetricId.of("other");
        RecordingListener rec = new RecordingListener();
        TickFeed feed = new TickFeed();
        AlertEngine engine = AlertEngine.builder()
                .rule(Rule.threshold("cpu-high").metric("cpu").critAbove(0.9).build())
                .rule(Rule.threshold("other-high")
                        .metric("other")
                        .critAbove(0.9)
                        .build())
                .clock(feed.clock)
                .synchronousListeners()
                .reports(ReportCapture.none())
                .listener(rec)
                .build();
        feed.attach(engine);
        feed.tick(other, 1.0, cpu, 0.1); // other fires (a filler event)
        feed.tick(other, 0.1, cpu, 0.95); // other resolves (filler), cpu fires
        feed.tickUnknown(cpu); // cpu's source fails: Unknown
        feed.tick(cpu, 0.95); // back, still breached: FIRING again, no event
        assertThat(engine.activeAlerts())
                .singleElement()
                .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.FIRING));
        engine.close();

        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch taken = new CountDownLatch(1);
        List<AlertEvent> delivered = new CopyOnWriteArrayList<>();
        EventLane<AlertEvent> lane = new EventLane<>("t", 1, EventDispatcher.EVENTS, e -> {
            taken.countDown();
            try {
                release.await();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            delivered.add(e);
        });
        lane.offer(rec.events.get(0)); // taken by the consumer, which blocks
        assertThat(taken.await(30, TimeUnit.SECONDS)).isTrue();
        lane.offer(rec.events.get(1)); // queued (limit 1)
        for (int i = 2; i < rec.events.size(); i++) {
            lane.offer(rec.events.get(i)); // overflow
        }
        release.countDown();
        lane.shutdown();
        lane.awaitTermination(TimeUnit.SECONDS.toNanos(5));
        List<String> cpuEvents = delivered.stream()
                .filter(e -> e.alert().rule().equals("cpu-high"))
                .map(e -> e.getClass().getSimpleName())
                .toList();
        assertThat(cpuEvents).contains("Fired");
    }
}

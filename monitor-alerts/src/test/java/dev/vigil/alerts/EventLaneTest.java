package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.rule.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class EventLaneTest {

    /** An alert's change of one kind (0 state, 1 mute). */
    record Change(String alert, String what, int kind) {}

    static final EventLane.Policy<Change> POLICY = new EventLane.Policy<>() {
        @Override
        public String fingerprint(Change c) {
            return c.alert();
        }

        @Override
        public int kind(Change c) {
            return c.kind();
        }

        @Override
        public int kinds() {
            return 2;
        }

        @Override
        public Change merge(Change older, Change newer) {
            return newer;
        }

        @Override
        public Change current(Change c, Change latest) {
            return c;
        }
    };

    private static EventLane<Change> blockedLane(
            int limit, CountDownLatch started, CountDownLatch release, List<Change> delivered) {
        return new EventLane<>("test-lane", limit, POLICY, c -> {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            delivered.add(c);
        });
    }

    @Test
    void beyondItsLimitALaneKeepsTheLatestChangeOfEachKindPerAlertInOrder() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Change> delivered = new CopyOnWriteArrayList<>();
        EventLane<Change> lane = blockedLane(2, started, release, delivered);
        assertThat(lane.offer(new Change("a", "fired", 0))).isEqualTo(EventLane.Offer.QUEUED);
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue(); // the consumer holds it
        assertThat(lane.offer(new Change("a", "resolved", 0))).isEqualTo(EventLane.Offer.QUEUED);
        assertThat(lane.offer(new Change("b", "fired", 0))).isEqualTo(EventLane.Offer.QUEUED);
        // the queue is full from here on: a mute change is held, not dropped
        assertThat(lane.offer(new Change("b", "silenced", 1))).isEqualTo(EventLane.Offer.QUEUED);
        assertThat(lane.offer(new Change("a", "fired", 0))).isEqualTo(EventLane.Offer.QUEUED);
        assertThat(lane.offer(new Change("b", "resolved", 0))).isEqualTo(EventLane.Offer.QUEUED);
        assertThat(lane.offer(new Change("a", "resolved", 0))).isEqualTo(EventLane.Offer.COALESCED);
        assertThat(lane.offer(new Change("a", "silenced", 1))).isEqualTo(EventLane.Offer.QUEUED);
        assertThat(lane.offer(new Change("a", "unsilenced", 1))).isEqualTo(EventLane.Offer.COALESCED);
        assertThat(lane.waiting()).isEqualTo(6);
        release.countDown();
        lane.shutdown();
        assertThat(lane.awaitTermination(TimeUnit.SECONDS.toNanos(5))).isTrue();
        assertThat(delivered)
                .extracting(c -> c.alert() + " " + c.what())
                .containsExactly(
                        "a fired", "a resolved", "b fired", "b silenced", "b resolved", "a resolved", "a unsilenced");
        assertThat(lane.offer(new Change("a", "fired", 0))).isEqualTo(EventLane.Offer.CLOSED);
    }

    @Test
    void anErrorThrownByTheConsumerDoesNotEndTheLane() {
        List<Change> delivered = new CopyOnWriteArrayList<>();
        EventLane<Change> lane = new EventLane<>("test-lane", 10, POLICY, c -> {
            if (c.what().equals("boom")) {
                throw new StackOverflowError("a consumer's bug");
            }
            delivered.add(c);
        });
        lane.offer(new Change("a", "boom", 0));
        lane.offer(new Change("a", "fired", 0));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(delivered).extracting(Change::what).containsExactly("fired"));
        lane.shutdown();
    }

    private static Alert alert(AlertState state, boolean silenced, Alert.Acknowledgement ack) {
        return Alert.builder("disk", "fp1")
                .labels(Map.of("alertname", "disk", "severity", "critical"))
                .state(state)
                .severity(Severity.CRITICAL)
                .value(1)
                .acknowledgement(ack)
                .silenced(silenced)
                .build();
    }

    @Test
    void heldEventsAreDeliveredWithTheAlertsLatestMuteStateAndMootOnesAreLeftOut() {
        EventLane.Policy<AlertEvent> events = EventDispatcher.EVENTS;
        Instant t = Instant.EPOCH;
        AlertEvent fired = new AlertEvent.Fired(alert(AlertState.FIRING, false, null), t);
        AlertEvent silenced = new AlertEvent.Silenced(alert(AlertState.FIRING, true, null), t);
        // a Fired held behind a later Silenced is delivered with the silenced snapshot
        assertThat(events.current(fired, silenced).alert().silenced()).isTrue();
        assertThat(events.current(fired, silenced)).isInstanceOf(AlertEvent.Fired.class);
        // a mute change whose alert resolved since changes nobody's page: left out
        AlertEvent resolved = new AlertEvent.Resolved(alert(AlertState.RESOLVED, true, null), t);
        assertThat(events.current(silenced, resolved)).isNull();
        // Silenced then Unsilenced merge into the alert's latest mute state
        AlertEvent unsilenced = new AlertEvent.Unsilenced(alert(AlertState.FIRING, false, null), t);
        assertThat(events.kind(silenced)).isEqualTo(events.kind(unsilenced)).isNotEqualTo(events.kind(fired));
        assertThat(events.current(events.merge(silenced, unsilenced), unsilenced))
                .isInstanceOf(AlertEvent.Unsilenced.class);
        // an acknowledgement held behind a severity change that cleared it is moot
        Alert.Acknowledgement ack = new Alert.Acknowledgement("bob", t, "");
        AlertEvent acked = new AlertEvent.Acknowledged(alert(AlertState.FIRING, false, ack), t);
        AlertEvent changed = new AlertEvent.SeverityChanged(alert(AlertState.FIRING, false, null), Severity.WARNING, t);
        assertThat(events.current(acked, changed)).isNull();
    }
}

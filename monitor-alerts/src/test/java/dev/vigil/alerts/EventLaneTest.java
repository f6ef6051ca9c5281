package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventLaneTest {

    /** An alert's change: {@code state} false for events that carry no state (acknowledged, ...). */
    record Change(String alert, String what, boolean state) {
    }

    static final EventLane.Policy<Change> POLICY = new EventLane.Policy<>() {
        @Override
        public String fingerprint(Change c) {
            return c.alert();
        }

        @Override
        public boolean carriesState(Change c) {
            return c.state();
        }

        @Override
        public Change merge(Change older, Change newer) {
            return newer;
        }
    };

    @Test
    void beyondItsLimitALaneKeepsTheLatestStatePerAlertInOrderAndDropsStatelessEvents() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Change> delivered = new CopyOnWriteArrayList<>();
        EventLane<Change> lane = new EventLane<>("test-lane", 2, POLICY, c -> {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            delivered.add(c);
        });
        assertThat(lane.offer(new Change("a", "fired", true))).isEqualTo(EventLane.Offer.QUEUED);
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue(); // the consumer holds it
        assertThat(lane.offer(new Change("a", "resolved", true))).isEqualTo(EventLane.Offer.QUEUED);
        assertThat(lane.offer(new Change("b", "fired", true))).isEqualTo(EventLane.Offer.QUEUED);
        // the queue is full from here on
        assertThat(lane.offer(new Change("a", "acknowledged", false))).isEqualTo(EventLane.Offer.DROPPED);
        assertThat(lane.offer(new Change("a", "fired", true))).isEqualTo(EventLane.Offer.QUEUED);
        assertThat(lane.offer(new Change("b", "resolved", true))).isEqualTo(EventLane.Offer.QUEUED);
        assertThat(lane.offer(new Change("a", "resolved", true))).isEqualTo(EventLane.Offer.COALESCED);
        assertThat(lane.waiting()).isEqualTo(4);
        release.countDown();
        lane.shutdown();
        assertThat(lane.awaitTermination(TimeUnit.SECONDS.toNanos(5))).isTrue();
        assertThat(delivered).extracting(c -> c.alert() + " " + c.what()).containsExactly(
                "a fired", "a resolved", "b fired", "b resolved", "a resolved");
        assertThat(lane.offer(new Change("a", "fired", true))).isEqualTo(EventLane.Offer.CLOSED);
    }
}

package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.rule.Severity;
import dev.vigil.notify.testkit.TestAlerts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class NotificationQueueTest {

    private static Notification n(String name, Severity severity) {
        return TestAlerts.notification("r", TestAlerts.firing(name, severity, Map.of(), name));
    }

    private static List<String> drainNames(NotificationQueue queue) {
        return queue.drain().stream().map(x -> x.alerts().get(0).name()).toList();
    }

    @Test
    void aFullQueueGivesUpItsOldestWarningBeforeAnyCritical() {
        NotificationQueue queue = new NotificationQueue(3);
        queue.offer(n("c1", Severity.CRITICAL));
        queue.offer(n("w1", Severity.WARNING));
        queue.offer(n("w2", Severity.WARNING));

        Notification dropped = queue.offer(n("c2", Severity.CRITICAL)).get(0);

        assertThat(dropped.alerts().get(0).name()).isEqualTo("w1");
        assertThat(drainNames(queue)).containsExactly("c1", "w2", "c2");
    }

    @Test
    void aWarningArrivingAtAQueueFullOfCriticalsIsItselfGivenUp() {
        NotificationQueue queue = new NotificationQueue(2);
        queue.offer(n("c1", Severity.CRITICAL));
        queue.offer(n("c2", Severity.CRITICAL));

        Notification dropped = queue.offer(n("w", Severity.WARNING)).get(0);

        assertThat(dropped.alerts().get(0).name()).isEqualTo("w");
        assertThat(drainNames(queue)).containsExactly("c1", "c2");
    }

    @Property(tries = 200)
    void neverHoldsMoreThanItsCapacityAndLosesNothingUncounted(
            @ForAll @IntRange(min = 1, max = 20) int capacity, @ForAll @Size(max = 200) List<Boolean> criticals)
            throws InterruptedException {
        NotificationQueue queue = new NotificationQueue(capacity);
        int dropped = 0;
        List<String> order = new ArrayList<>();
        for (int i = 0; i < criticals.size(); i++) {
            String name = "n" + i;
            order.add(name);
            if (!queue.offer(n(name, criticals.get(i) ? Severity.CRITICAL : Severity.WARNING))
                    .isEmpty()) {
                dropped++;
            }
            assertThat(queue.size()).isLessThanOrEqualTo(capacity);
        }
        List<String> kept = new ArrayList<>();
        for (Notification x = queue.poll(0); x != null; x = queue.poll(0)) {
            kept.add(x.alerts().get(0).name());
        }
        assertThat(kept.size() + dropped).isEqualTo(criticals.size());
        // What is kept comes out in arrival order.
        assertThat(kept).isSortedAccordingTo((a, b) -> Integer.compare(order.indexOf(a), order.indexOf(b)));
        long criticalCount = criticals.stream().filter(c -> c).count();
        long keptCriticals = kept.stream()
                .filter(k -> criticals.get(Integer.parseInt(k.substring(1))))
                .count();
        assertThat(keptCriticals).isEqualTo(Math.min(criticalCount, capacity));
    }

    @Test
    void releasingTheQueueEndsALongWaitAndLaterPollsNeverWait() throws Exception {
        NotificationQueue queue = new NotificationQueue(3);
        CompletableFuture<Notification> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.poll(60_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // whether the poll is already waiting or not yet, releasing must end it: no need to wait for it

        queue.release();

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isNull();
        long start = System.nanoTime();
        assertThat(queue.poll(60_000)).isNull();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(30_000); // not the 60 s
        queue.offer(n("late", Severity.WARNING));
        assertThat(queue.poll(60_000).alerts().get(0).name()).isEqualTo("late");
    }

    @Property(tries = 100)
    void theWeightOfANotificationCoversTheTextItsNotifiersRenderFromIt(
            @ForAll @IntRange(min = 1, max = 150) int alerts,
            @ForAll @IntRange(min = 0, max = 3000) int summaryChars,
            @ForAll @Size(max = 4) List<@IntRange(min = 0, max = 40) Integer> labelChars) {
        List<dev.vigil.alerts.Alert> list = new ArrayList<>();
        for (int i = 0; i < alerts; i++) {
            Map<String, String> labels = new java.util.LinkedHashMap<>();
            for (int k = 0; k < labelChars.size(); k++) {
                labels.put("label" + k, "v".repeat(labelChars.get(k)) + i);
            }
            list.add(TestAlerts.firing("alert-" + i, Severity.CRITICAL, labels, "s".repeat(summaryChars)));
        }
        Notification n = TestAlerts.notification("r", list.toArray(dev.vigil.alerts.Alert[]::new));

        long rendered =
                2L * (n.title().length() + n.text().length() + n.groupKey().length());

        assertThat(NotificationQueue.weigh(n)).isGreaterThanOrEqualTo(rendered);
    }

    @Test
    void aQueueBoundedInBytesGivesUpTheOldestLowestSeverityUntilTheNewcomerFits() {
        Notification c = n("c1", Severity.CRITICAL);
        long critical = NotificationQueue.weigh(c); // every name below is two characters
        long warning = NotificationQueue.weigh(n("w1", Severity.WARNING)); // "[WARNING]" is shorter than "[CRITICAL]"
        NotificationQueue queue = new NotificationQueue(100, critical * 3);
        queue.offer(n("w1", Severity.WARNING));
        queue.offer(c);
        queue.offer(n("w2", Severity.WARNING));

        List<Notification> dropped = queue.offer(n("c2", Severity.CRITICAL));

        assertThat(dropped)
                .extracting(Notification::groupKey)
                .containsExactly(n("w1", Severity.WARNING).groupKey());
        assertThat(queue.size()).isEqualTo(3);
        assertThat(queue.bytes()).isEqualTo(warning + 2 * critical);
    }

    @Test
    void aNotificationLargerThanTheByteBoundStillEntersAnEmptyQueue() {
        Notification c = n("c", Severity.CRITICAL);
        NotificationQueue queue = new NotificationQueue(100, NotificationQueue.weigh(c) - 1);

        assertThat(queue.offer(c)).isEmpty();
        assertThat(queue.offer(n("w", Severity.WARNING)))
                .extracting(Notification::groupKey)
                .containsExactly(n("w", Severity.WARNING).groupKey());
        assertThat(queue.size()).isEqualTo(1);
    }
}

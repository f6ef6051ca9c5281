package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.AlertEvent;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.notify.testkit.TestAlerts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The built-in flush thread on the system clock, in real time: it sleeps until the next group
 * timer or until an event makes one due, instead of polling. Bounds are generous (the machine
 * may be loaded) but each one fails for a fixed one-second polling period.
 */
class FlushTimingTest {

    /** Records when (System.nanoTime) each group was first delivered to it. */
    private static final class TimedNotifier implements Notifier {
        private final String name;
        final Map<String, Long> firstDelivery = new ConcurrentHashMap<>();

        TimedNotifier(String name) {
            this.name = name;
        }

        @Override
        public DeliveryResult deliver(Notification notification) {
            firstDelivery.putIfAbsent(notification.alerts().get(0).name(), System.nanoTime());
            return DeliveryResult.delivered();
        }

        @Override
        public String name() {
            return name;
        }

        long millisAfter(String alertName, long sinceNanos) {
            return TimeUnit.NANOSECONDS.toMillis(firstDelivery.get(alertName) - sinceNanos);
        }
    }

    private static AlertEvent fired(String name) {
        Instant now = Instant.now();
        return new AlertEvent.Fired(TestAlerts.firing(name, Severity.WARNING, Map.of(), name, now), now);
    }

    /**
     * The flush thread's cap, far longer than any bound below: only a flush driven by events and
     * deadlines can be on time, while the bounds leave a busy machine seconds of slack.
     */
    private static final Duration CAP = Duration.ofMinutes(10);

    private static final Duration ON_TIME = Duration.ofSeconds(30);

    private static Timings waitFor(Duration groupWait) {
        return new Timings(groupWait, Duration.ofMinutes(1), Duration.ofHours(4));
    }

    @Test
    void aFiringAlertWithNoGroupWaitReachesItsNotifierWithinMilliseconds() {
        TimedNotifier receiver = new TimedNotifier("fast");
        List<Long> latenciesMicros = new ArrayList<>();
        try (Notifications notifications = Notifications.builder()
                .route(Route.all().to(receiver))
                .timings(waitFor(Duration.ZERO))
                .flushEvery(CAP)
                .build()) {
            for (int i = 0; i < 20; i++) {
                String name = "Fast" + i;
                long start = System.nanoTime();
                notifications.onEvent(fired(name));
                Awaitility.await()
                        .atMost(Duration.ofSeconds(5))
                        .pollInterval(Duration.ofMillis(1))
                        .until(() -> receiver.firstDelivery.containsKey(name));
                latenciesMicros.add(TimeUnit.NANOSECONDS.toMicros(receiver.firstDelivery.get(name) - start));
            }
        }
        System.out.printf(
                "groupWait 0 latency us: avg %.0f max %d%n",
                latenciesMicros.stream().mapToLong(Long::longValue).average().orElseThrow(),
                latenciesMicros.stream().mapToLong(Long::longValue).max().orElseThrow());
        assertThat(latenciesMicros).allSatisfy(us -> assertThat(us).isLessThan(ON_TIME.toNanos() / 1000));
    }

    @Test
    void aGroupWaitEndsOnTimeRatherThanAtTheNextPollingTick() {
        TimedNotifier receiver = new TimedNotifier("waiting");
        try (Notifications notifications = Notifications.builder()
                .route(Route.all().to(receiver))
                .timings(waitFor(Duration.ofMillis(300)))
                .flushEvery(CAP)
                .build()) {
            // Two groups at different phases: a fixed polling period could not serve both on time.
            long first = System.nanoTime();
            notifications.onEvent(fired("First"));
            Awaitility.await().pollDelay(Duration.ofMillis(150)).until(() -> true);
            long second = System.nanoTime();
            notifications.onEvent(fired("Second"));

            Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(1))
                    .until(() -> receiver.firstDelivery.size() == 2);
            long firstMs = receiver.millisAfter("First", first);
            long secondMs = receiver.millisAfter("Second", second);
            System.out.printf("groupWait 300 ms delivered after %d ms and %d ms%n", firstMs, secondMs);
            // deadlines are wall-clock milliseconds, measured here with nanoTime: allow that skew
            assertThat(firstMs).isBetween(295L, ON_TIME.toMillis());
            assertThat(secondMs).isBetween(295L, ON_TIME.toMillis());
        }
    }

    @Test
    void anEscalationStepIsPagedWhenItsDelayEndsBetweenGroupTicks() {
        TimedNotifier chat = new TimedNotifier("chat");
        TimedNotifier pager = new TimedNotifier("pager");
        try (Notifications notifications = Notifications.builder()
                .route(Route.all().to(chat).escalateAfter(Duration.ofMillis(250), pager))
                .timings(waitFor(Duration.ZERO))
                .flushEvery(CAP)
                .build()) {
            long start = System.nanoTime();
            notifications.onEvent(fired("Escalating"));

            Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(1))
                    .until(() -> pager.firstDelivery.containsKey("Escalating"));
            long pagedMs = pager.millisAfter("Escalating", start);
            System.out.printf("escalation after 250 ms paged after %d ms%n", pagedMs);
            assertThat(chat.millisAfter("Escalating", start)).isLessThan(ON_TIME.toMillis());
            // firingSince has millisecond precision, so the page may come up to 1 ms early.
            assertThat(pagedMs).isBetween(249L, ON_TIME.toMillis());
        }
    }

    @Test
    void theFlushThreadDoesNotWakePeriodicallyWhileNothingIsDue() throws InterruptedException {
        TimedNotifier receiver = new TimedNotifier("idle");
        try (Notifications notifications = Notifications.builder()
                .route(Route.all().to(receiver))
                .timings(waitFor(Duration.ZERO))
                .build()) {
            Awaitility.await()
                    .during(Duration.ofMillis(1_500))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> notifications.flushWakeups() <= 1);

            // A notified group's next tick is a group interval (1 min) away: still no wake-ups.
            notifications.onEvent(fired("Quiet"));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> receiver.firstDelivery.size() == 1);
            long before = notifications.flushWakeups();
            // The event's own signal may still be counted here; a 1 s period would add more.
            Awaitility.await()
                    .during(Duration.ofMillis(1_500))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> notifications.flushWakeups() - before <= 1);
        }
    }

    @Test
    void eventsRacingTheFlushThreadAreNeverLeftWaitingForTheSafetyNet() throws InterruptedException {
        TimedNotifier receiver = new TimedNotifier("racing");
        int threads = 4;
        int perThread = 50;
        try (Notifications notifications = Notifications.builder()
                .route(Route.all().to(receiver))
                .timings(waitFor(Duration.ofMillis(20)))
                .build()) {
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread sender = new Thread(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < perThread; i++) {
                            notifications.onEvent(fired("Race" + id + "-" + i));
                            if (i % 10 == 0) {
                                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                sender.start();
                senders.add(sender);
            }
            go.countDown();
            for (Thread sender : senders) {
                sender.join();
            }
            // A lost wake-up would leave a group waiting for the 60 s safety net.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> receiver.firstDelivery.size() == threads * perThread);
        }
    }

    @Test
    void closeSendsGroupsStillInTheirWaitAndStopsTheFlushThread() {
        RecordingNotifier receiver = new RecordingNotifier("closing");
        Notifications notifications = Notifications.builder()
                .route(Route.all().to(receiver))
                .timings(waitFor(Duration.ofSeconds(30)))
                .build();
        assertThat(notifications.flushThreadAlive()).isTrue();
        notifications.onEvent(fired("Pending"));
        assertThat(receiver.received()).isEmpty();

        long start = System.nanoTime();
        notifications.close();

        assertThat(receiver.received()).hasSize(1);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
        assertThat(notifications.flushThreadAlive()).isFalse();
    }
}

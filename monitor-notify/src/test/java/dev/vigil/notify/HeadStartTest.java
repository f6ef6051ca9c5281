package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.alerts.AlertEvent;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.core.time.ManualClock;
import dev.vigil.notify.testkit.TestAlerts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: {@link ReceiverWorker#kick()} starts the first attempt of a notification for an idle
 * receiver right after routing (one thread wake-up less before the notifier's call), and the
 * worker takes it over with the same timeout, retries, order and accounting.
 */
class HeadStartTest {

    private final ManualClock clock = ManualClock.create();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<DeliveryFailure> failures = Collections.synchronizedList(new ArrayList<>());
    private ReceiverWorker worker;

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.beginClose();
            worker.awaitClose(System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
        }
    }

    private ReceiverWorker worker(Notifier notifier) {
        worker = new ReceiverWorker(notifier, 10, RetryPolicy.DEFAULT, clock, clock::advance, registry, failures::add);
        return worker;
    }

    private static Notification notification(String name) {
        return TestAlerts.notification("r", TestAlerts.firing(name, Severity.CRITICAL, Map.of(), "summary of " + name));
    }

    private double count(String meter) {
        var counter = registry.find(meter).tag("receiver", "gated").counter();
        return counter == null ? 0 : counter.count();
    }

    /** Records every call; calls wait on the gate given for them, if any. */
    static final class Gated implements Notifier {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<String> delivered = new CopyOnWriteArrayList<>();
        final Map<String, CountDownLatch> gates = new java.util.concurrent.ConcurrentHashMap<>();
        final Duration timeout;

        Gated(Duration timeout) {
            this.timeout = timeout;
        }

        @Override
        public DeliveryResult deliver(Notification n) {
            String name = n.alerts().get(0).name();
            calls.add(name);
            CountDownLatch gate = gates.remove(name);
            if (gate != null) {
                try {
                    gate.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    return DeliveryResult.retry("interrupted");
                }
            }
            delivered.add(name);
            return DeliveryResult.delivered();
        }

        @Override
        public String name() {
            return "gated";
        }

        @Override
        public Duration timeout() {
            return timeout;
        }
    }

    @Test
    void everyKickedNotificationIsDeliveredOnceInOrderWhoeverStartsIt() {
        Gated notifier = new Gated(Duration.ofSeconds(30));
        worker(notifier);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String name = "Alert" + i;
            worker.submit(notification(name));
            worker.kick();
            sent.add(name);
            int expected = i + 1;
            await().atMost(Duration.ofSeconds(30)).until(() -> count("vigil.notify.sent") == expected);
        }
        assertThat(notifier.calls).containsExactlyElementsOf(sent);
        assertThat(notifier.delivered).containsExactlyElementsOf(sent);
        assertThat(failures).isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> worker.queued() == 0);
    }

    @Test
    void aKickWhileTheReceiverIsBusyStartsNothingAndTheQueueKeepsItsOrder() {
        Gated notifier = new Gated(Duration.ofSeconds(30));
        CountDownLatch release = new CountDownLatch(1);
        notifier.gates.put("First", release);
        worker(notifier);
        worker.submit(notification("First"));
        worker.kick();
        await().atMost(Duration.ofSeconds(30)).until(() -> notifier.calls.contains("First"));
        worker.submit(notification("Second"));
        assertThat(worker.kick()).isFalse();
        worker.submit(notification("Third"));
        assertThat(worker.kick()).isFalse();
        release.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> count("vigil.notify.sent") == 3);
        assertThat(notifier.calls).containsExactly("First", "Second", "Third");
        assertThat(failures).isEmpty();
    }

    @Test
    void aKickedAttemptThatHangsIsCutAtTheNotifiersTimeoutAndRetried() {
        Gated notifier = new Gated(Duration.ofMillis(200));
        CountDownLatch never = new CountDownLatch(1);
        notifier.gates.put("Hanging", never); // the first call hangs; the retry finds no gate
        worker(notifier);
        worker.submit(notification("Hanging"));
        worker.kick();
        await().atMost(Duration.ofSeconds(30)).until(() -> count("vigil.notify.sent") == 1);
        assertThat(notifier.calls).containsExactly("Hanging", "Hanging");
        assertThat(count("vigil.notify.retried")).isEqualTo(1);
        assertThat(failures).isEmpty();
        never.countDown();
    }

    @Test
    void aKickedAttemptStillRunningAtCloseIsReportedOnce() {
        Gated notifier = new Gated(Duration.ofSeconds(30));
        CountDownLatch never = new CountDownLatch(1);
        notifier.gates.put("Stuck", never);
        ReceiverWorker w = worker(notifier);
        worker = null; // closed here
        w.submit(notification("Stuck"));
        w.kick();
        await().atMost(Duration.ofSeconds(30)).until(() -> notifier.calls.contains("Stuck"));
        w.beginClose();
        w.awaitClose(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200));
        await().atMost(Duration.ofSeconds(30)).until(() -> failures.size() == 1);
        assertThat(failures.get(0).kind()).isEqualTo(DeliveryFailure.Kind.CLOSED);
        assertThat(failures.get(0).notification().alerts().get(0).name()).isEqualTo("Stuck");
        assertThat(w.queued()).isZero();
        assertThat(notifier.delivered).isEmpty();
        never.countDown();
    }

    @Test
    void notificationsKickTheirReceiversSoEveryEventIsStillDeliveredOnce() {
        AtomicInteger calls = new AtomicInteger();
        List<String> names = new CopyOnWriteArrayList<>();
        Notifier counting = new Notifier() {
            @Override
            public DeliveryResult deliver(Notification n) {
                calls.incrementAndGet();
                n.alerts().forEach(a -> names.add(a.labels().get("n")));
                return DeliveryResult.delivered();
            }

            @Override
            public String name() {
                return "counting";
            }
        };
        try (Notifications delivery = Notifications.builder()
                .clock(clock)
                .flushEvery(Duration.ZERO)
                .route(dev.vigil.notify.Route.all()
                        .groupBy(dev.vigil.notify.Route.ALL_LABELS)
                        .groupWait(Duration.ZERO)
                        .to(counting))
                .build()) {
            for (int i = 0; i < 100; i++) {
                delivery.onEvent(new AlertEvent.Fired(
                        TestAlerts.firing("Load", Severity.CRITICAL, Map.of("n", Integer.toString(i)), "load"),
                        TestAlerts.T0));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> calls.get() == 100 && delivery.pending() == 0);
        }
        assertThat(names).hasSize(100).doesNotHaveDuplicates();
    }
}

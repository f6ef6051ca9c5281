package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEvent;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.core.time.ManualClock;
import dev.vigil.notify.notifier.PagerDutyNotifier;
import dev.vigil.notify.testkit.JsonTree;
import dev.vigil.notify.testkit.LoopbackHttpReceiver;
import dev.vigil.notify.testkit.TestAlerts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Delivery under a full queue and across an accepted PagerDuty resolve: a storm never keeps an
 * older state of a group and gives up its newer one, and a new episode made in the same
 * millisecond as a resolve still pages. Both were missed or wrong pages before they were fixed.
 */
class DeliveryOrderTest {

    private static final Duration GROUP_INTERVAL = Duration.ofMinutes(1);

    private final ManualClock clock = ManualClock.create();
    private final List<DeliveryFailure> failures = Collections.synchronizedList(new ArrayList<>());
    private Notifications notifications;

    @AfterEach
    void close() {
        if (notifications != null) {
            notifications.close();
        }
    }

    /** No group wait, so each change is routed from onEvent or at the next group-interval tick. */
    private Notifications build(Notifier receiver, int queueCapacity) {
        notifications = Notifications.builder()
                .route(Route.all().to(receiver).groupBy("alertname"))
                .timings(new Timings(Duration.ZERO, GROUP_INTERVAL, Duration.ofHours(4)))
                .queueCapacity(queueCapacity)
                .clock(clock)
                .flushEvery(Duration.ZERO)
                .sleeper(clock::advance)
                .closeTimeout(Duration.ofSeconds(2))
                .onFailure(failures::add)
                .build();
        return notifications;
    }

    private void settle() {
        await().pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(2))
                .atMost(Duration.ofSeconds(30))
                .until(() -> notifications.pending() == 0);
    }

    private void nextTick() {
        clock.advance(GROUP_INTERVAL);
        notifications.poll();
    }

    private Alert alert(String name, Severity severity) {
        return TestAlerts.firing(name, severity, Map.of(), name + " summary", clock.now());
    }

    /** Records what it accepted; while {@code down}, answers like a 503; can be held on a gate. */
    static final class Receiver implements Notifier {
        final List<Notification> received = new CopyOnWriteArrayList<>();
        volatile boolean down;
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override
        public DeliveryResult deliver(Notification n) {
            try {
                if (!gate.await(60, TimeUnit.SECONDS)) {
                    return DeliveryResult.retry("gate");
                }
            } catch (InterruptedException e) {
                return DeliveryResult.retry("interrupted");
            }
            if (down) {
                return DeliveryResult.retry("HTTP 503: down");
            }
            received.add(n);
            return DeliveryResult.delivered();
        }

        @Override
        public String name() {
            return "oncall";
        }

        @Override
        public Duration timeout() {
            return Duration.ofMinutes(2); // only the gate holds it; never cut in these tests
        }

        List<Notification> of(String alertname) {
            return received.stream()
                    .filter(n -> alertname.equals(n.groupLabels().get("alertname")))
                    .toList();
        }
    }

    /**
     * Expected: when a busy receiver's queue overflows, the newest state of a group is not given up
     * while an older notification of the same group is kept and delivered; the receiver's last word
     * on a group is its latest state. Here A fired CRITICAL (queued behind a busy receiver), was
     * lowered to WARNING, then resolved; a warning storm then fills the queue. The queue drops the
     * two newer WARNING-rank notifications of A (the severity change and the resolution) and
     * delivers the stale CRITICAL firing one: the on-call is paged for a resolved alert and never
     * told it resolved (the dispatcher marked the resolution sent at submit and forgot A).
     * Contradicts docs/notify.md "Delivery" (a full queue's rule is there so that "a warning storm
     * never pushes out a page"; here a warning storm turns a resolved alert into a page that stays
     * open) and the promises "never misses a page" / "nothing that changes who gets paged is
     * dropped under any load" (a PagerDuty incident left open keeps escalating).
     */
    @Test
    void aWarningStormNeverDropsTheLatestStateOfAGroupWhileKeepingAnOlderCriticalOneOfIt() {
        Receiver receiver = new Receiver();
        build(receiver, 4);
        receiver.gate = new CountDownLatch(1);
        // the receiver is busy with another page, so what follows waits in its queue
        notifications.onEvent(new AlertEvent.Fired(alert("Blocker", Severity.CRITICAL), clock.now()));

        Alert a = alert("A", Severity.CRITICAL);
        notifications.onEvent(new AlertEvent.Fired(a, clock.now())); // queued: A firing, critical
        Alert lowered = TestAlerts.withSeverity(a, Severity.WARNING);
        notifications.onEvent(new AlertEvent.SeverityChanged(lowered, Severity.CRITICAL, clock.now()));
        nextTick(); // queued: A firing, warning
        Alert resolved = TestAlerts.resolved(lowered, clock.now());
        notifications.onEvent(new AlertEvent.Resolved(resolved, clock.now()));
        nextTick(); // queued: A resolved
        for (int i = 0; i < 3; i++) { // the warning storm
            notifications.onEvent(new AlertEvent.Fired(alert("Storm" + i, Severity.WARNING), clock.now()));
        }
        receiver.gate.countDown();
        settle();
        for (int i = 0; i < 5; i++) { // later ticks: whatever is still owed to the receiver goes out
            nextTick();
            settle();
        }

        List<Notification> aSeen = receiver.of("A");
        assertThat(aSeen)
                .as(
                        "notifications of group A the receiver got: %s; the last must be the resolution (queue drops: %s)",
                        aSeen.stream().map(n -> n.status() + "/" + n.severity()).toList(),
                        failures.stream()
                                .map(f -> f.kind() + " " + f.notification().groupKey() + " "
                                        + f.notification().status())
                                .toList())
                .isNotEmpty()
                .last()
                .satisfies(n -> assertThat(n.status())
                        .as("the receiver was left told A fires (critical) after A resolved")
                        .isEqualTo(Notification.Status.RESOLVED));
    }

    /**
     * Expected: a page whose trigger is made after the group's resolve was accepted is sent, even
     * when both fall in the same millisecond (Clock.now() has millisecond precision, and a manual
     * clock makes it exact). docs/notify.md (PagerDutyNotifier): "a trigger older than an accepted
     * resolve of its dedup_key is never sent"; a trigger at the same instant, queued after the
     * resolve, is not older. PagerDutyNotifier refuses it as "trigger superseded" (a permanent
     * failure), so the new episode of the alert pages no one: contradicts "never misses a page".
     */
    @Test
    void aPagerDutyTriggerMadeInTheSameMillisecondAsTheAcceptedResolveStillPages() {
        try (LoopbackHttpReceiver pagerDuty = LoopbackHttpReceiver.start()) {
            build(
                    PagerDutyNotifier.builder(Secret.of("R0UT1NGKEY"))
                            .endpoint(pagerDuty.uri("/v2/enqueue"))
                            .build(),
                    100);
            Alert a = alert("A", Severity.CRITICAL);
            notifications.onEvent(new AlertEvent.Fired(a, clock.now()));
            settle();
            notifications.onEvent(new AlertEvent.Resolved(TestAlerts.resolved(a, clock.now()), clock.now()));
            nextTick(); // the resolve goes out and is accepted
            settle();
            // the problem is back at once: a new episode of A, in the same millisecond
            notifications.onEvent(new AlertEvent.Fired(alert("A", Severity.CRITICAL), clock.now()));
            settle();
            nextTick();
            settle();

            List<String> actions = pagerDuty.bodies().stream()
                    .map(b -> String.valueOf(JsonTree.object(b).get("event_action")))
                    .toList();
            assertThat(actions)
                    .as(
                            "PagerDuty events sent (failures: %s): the new episode after the resolve must page",
                            failures.stream()
                                    .map(f -> f.kind() + " " + f.reason())
                                    .toList())
                    .containsExactly("trigger", "resolve", "trigger");
        }
    }
}

package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.core.Subscription;
import dev.vigil.core.metric.MetricId;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ListenerDeliveryTest {

    static final MetricId CPU = MetricId.of("system.cpu.usage");
    final CountDownLatch release = new CountDownLatch(1);
    AlertEngine engine;

    @AfterEach
    void close() {
        release.countDown();
        if (engine != null) {
            engine.close();
        }
    }

    AlertEngine.Builder builder() {
        return AlertEngine.builder()
                .reports(ReportCapture.none())
                .rule(Rule.threshold("cpu-high").metric("system.cpu.usage").warnAbove(0.8));
    }

    @Test
    void aBlockedListenerDelaysNeitherEvaluationNorAnotherListener() {
        RecordingListener fast = new RecordingListener();
        AlertListener blocked = event -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        engine = builder().listener(blocked).listener(fast).build();
        TickFeed feed = new TickFeed(engine);
        long started = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            feed.tick(CPU, 0.9);
            feed.tick(CPU, 0.1);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(5)).until(() -> fast.events.size() == 20);
        assertThat(fast.kinds()).containsSubsequence("Fired", "Resolved", "Fired", "Resolved");
    }

    @Test
    void aThrowingListenerIsCountedAndKeepsReceivingEvents() {
        RecordingListener after = new RecordingListener();
        engine = builder()
                .listener(event -> {
                    throw new IllegalStateException("boom");
                })
                .listener(after)
                .build();
        TickFeed feed = new TickFeed(engine);
        feed.tick(CPU, 0.9);
        feed.tick(CPU, 0.1);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> engine.stats().listenerFailures() == 2 && after.events.size() == 2);
    }

    @Test
    void eventsReachEachListenerInOrderOnAThreadOtherThanTheSamplingThread() {
        java.util.List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        RecordingListener rec = new RecordingListener();
        engine = builder()
                .listener(e -> threads.add(Thread.currentThread().getName()))
                .listener(rec)
                .build();
        TickFeed feed = new TickFeed(engine);
        for (int i = 0; i < 50; i++) {
            feed.tick(CPU, i % 2 == 0 ? 0.9 : 0.1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> rec.events.size() == 50);
        for (int i = 0; i < 50; i++) {
            assertThat(rec.events.get(i)).isInstanceOf(i % 2 == 0 ? AlertEvent.Fired.class : AlertEvent.Resolved.class);
        }
        assertThat(threads)
                .allSatisfy(n -> assertThat(n)
                        .startsWith("vigil-alert-listener")
                        .isNotEqualTo(Thread.currentThread().getName()));
    }

    @Test
    void aRemovedListenerReceivesNoMoreEvents() {
        RecordingListener rec = new RecordingListener();
        engine = builder().synchronousListeners().build();
        Subscription s = engine.addListener(rec);
        TickFeed feed = new TickFeed(engine);
        feed.tick(CPU, 0.9);
        s.close();
        s.close();
        feed.tick(CPU, 0.1);
        assertThat(rec.kinds()).containsExactly("Fired");
    }

    @Test
    void closeDeliversQueuedEventsThenCallsOnCloseAndIsIdempotent() {
        RecordingListener rec = new RecordingListener();
        engine = builder().listener(rec).build();
        TickFeed feed = new TickFeed(engine);
        feed.tick(CPU, 0.9);
        feed.tick(CPU, 0.1);
        engine.close();
        engine.close();
        assertThat(rec.kinds()).containsExactly("Fired", "Resolved");
        assertThat(rec.closed).isTrue();
        feed.tick(CPU, 0.9);
        assertThat(rec.events).hasSize(2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.addListener(e -> {}))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeWaitsForAListenersOnCloseWithinTheCloseTimeoutAndNotForOneThatHangs() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean flushed = new java.util.concurrent.atomic.AtomicBoolean();
        CountDownLatch flushing = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        RecordingListener rec = new RecordingListener();
        AlertListener flushesOnClose = new AlertListener() {
            @Override
            public void onEvent(AlertEvent event) {
                rec.onEvent(event);
            }

            @Override
            public void onClose() {
                try {
                    flushing.await(); // released by the hanging listener's onClose: they overlap
                    flushed.set(true);
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
            }
        };
        AlertListener hangsOnClose = new AlertListener() {
            @Override
            public void onEvent(AlertEvent event) {}

            @Override
            public void onClose() {
                flushing.countDown();
                try {
                    never.await(); // a third-party listener that never returns
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
            }
        };
        engine = builder()
                .closeTimeout(Duration.ofMillis(500))
                .listener(flushesOnClose)
                .listener(hangsOnClose)
                .build();
        TickFeed feed = new TickFeed(engine);
        feed.tick(CPU, 0.9);
        long start = System.nanoTime();
        engine.close();
        // bounded by the close timeout (twice: draining, then onClose), far below "forever"
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(30));
        assertThat(interrupted).isFalse();
        assertThat(flushed).isTrue();
        assertThat(rec.kinds()).containsExactly("Fired");
        never.countDown();
    }

    @Test
    void anErrorThrownByAListenerDoesNotEndItsLane() {
        RecordingListener rec = new RecordingListener();
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        AlertListener erring = event -> {
            if (calls.incrementAndGet() == 1) {
                throw new AssertionError("a third-party listener's bug");
            }
            rec.onEvent(event);
        };
        engine = builder().listener(erring).build();
        TickFeed feed = new TickFeed(engine);
        feed.tick(CPU, 0.9);
        feed.tick(CPU, 0.1);
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(rec.kinds()).containsExactly("Resolved"));
        assertThat(engine.stats().listenerFailures()).isEqualTo(1);
    }

    @Test
    void aListenerFarBehindStillLearnsEveryAlertsLatestStateAndEveryDropIsCounted() {
        RecordingListener rec = new RecordingListener();
        AlertListener slow = event -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            rec.onEvent(event);
        };
        engine = builder().listener(slow).build();
        TickFeed feed = new TickFeed(engine);
        int ticks = 2 * EventDispatcher.LISTENER_QUEUE + 1;
        for (int i = 0; i < ticks; i++) {
            feed.tick(CPU, i % 2 == 0 ? 0.9 : 0.1); // Fired, Resolved, ..., Fired
        }
        feed.tick(CPU, 0.1); // the last word: Resolved
        release.countDown();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> rec.events.size() + engine.stats().droppedEvents() == ticks + 1);
        assertThat(rec.events).hasSizeLessThanOrEqualTo(EventDispatcher.LISTENER_QUEUE + 2);
        assertThat(rec.events.get(rec.events.size() - 1)).isInstanceOf(AlertEvent.Resolved.class);
    }

    @Test
    void aFiredNotYetDeliveredAbsorbsALaterSeverityChangeAndStaysAFired() {
        Alert warning = Alert.builder("cpu-high", "f1")
                .severity(Severity.WARNING)
                .value(0.9)
                .build();
        Alert critical = Alert.builder("cpu-high", "f1")
                .severity(Severity.CRITICAL)
                .value(0.99)
                .build();
        java.time.Instant t = java.time.Instant.EPOCH;
        AlertEvent merged = EventDispatcher.EVENTS.merge(
                new AlertEvent.Fired(warning, t),
                new AlertEvent.SeverityChanged(critical, Severity.WARNING, t.plusSeconds(1)));
        assertThat(merged).isEqualTo(new AlertEvent.Fired(critical, t.plusSeconds(1)));
        AlertEvent resolved = new AlertEvent.Resolved(warning, t.plusSeconds(2));
        assertThat(EventDispatcher.EVENTS.merge(merged, resolved)).isEqualTo(resolved);
        assertThat(EventDispatcher.EVENTS.kind(new AlertEvent.Acknowledged(warning, t)))
                .isNotEqualTo(EventDispatcher.EVENTS.kind(new AlertEvent.Unknown(warning, t)));
        assertThat(EventDispatcher.EVENTS.kind(new AlertEvent.Unknown(warning, t)))
                .isEqualTo(EventDispatcher.EVENTS.kind(merged));
    }

    @Test
    void closeDeliversEventsThatATickFailingWithAFatalErrorLeftBehind() {
        RecordingListener rec = new RecordingListener();
        engine = builder()
                .synchronousListeners()
                .listener(rec)
                .rule(Rule.custom("out-of-memory")
                        .metric("system.cpu.usage")
                        .value(
                                (s, h) -> {
                                    throw new OutOfMemoryError("simulated");
                                },
                                "allocates")
                        .warnAbove(1))
                .build();
        TickFeed feed = new TickFeed(engine);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> feed.tick(CPU, 0.9))
                .isInstanceOf(OutOfMemoryError.class); // cpu-high, evaluated first, fired before it
        assertThat(rec.events).isEmpty();
        engine.close();
        assertThat(rec.kinds()).containsExactly("Fired");
        assertThat(rec.closed).isTrue();
    }

    @Test
    void acknowledgingAfterCloseDoesNothing() {
        RecordingListener rec = new RecordingListener();
        engine = builder().synchronousListeners().listener(rec).build();
        TickFeed feed = new TickFeed(engine);
        feed.tick(CPU, 0.9);
        String fingerprint = rec.events.get(0).alert().fingerprint();
        engine.close();
        assertThat(engine.acknowledge(fingerprint, "ops", "late")).isNull();
        assertThat(rec.kinds()).containsExactly("Fired");
        assertThat(engine.stats().droppedEvents()).isZero();
    }

    @Test
    void statsCountEvaluationsAndAlerts() {
        engine = builder().synchronousListeners().build();
        TickFeed feed = new TickFeed(engine);
        feed.tick(CPU, 0.9);
        feed.tick(CPU, 0.9);
        assertThat(engine.stats()).isEqualTo(new AlertEngine.Stats(2, 1, 0, 0, 0, 0));
    }
}

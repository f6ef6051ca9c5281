package dev.vigil.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Sample;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.MetricSource;
import dev.vigil.core.source.SampleSink;
import dev.vigil.core.source.Sources;
import dev.vigil.core.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MonitorTest {

    private final ManualClock clock = ManualClock.create();
    private final List<Monitor> monitors = new ArrayList<>();

    @AfterEach
    void closeMonitors() {
        monitors.forEach(Monitor::close);
    }

    private Monitor.Builder builder() {
        return Monitor.builder().clock(clock).every(Duration.ofSeconds(10));
    }

    private Monitor track(Monitor m) {
        monitors.add(m);
        return m;
    }

    /** A source whose next values the test sets. */
    static final class SettableSource implements MetricSource {
        volatile double gauge;
        volatile double counter;
        volatile boolean fail;

        @Override
        public void sample(SampleSink sink) {
            if (fail) {
                throw new IllegalStateException("boom");
            }
            sink.gauge(MetricId.of("test.gauge"), Unit.RATIO, gauge);
            sink.counter(MetricId.of("test.counter"), Unit.PER_SECOND, counter);
        }
    }

    @Test
    void gaugesAreRecordedAsTheyAreWithTheTickTime() {
        SettableSource source = new SettableSource();
        Monitor m = track(builder().source(source).build());
        source.gauge = 0.25;
        Tick tick = m.tickNow();
        assertThat(tick.samples())
                .containsExactly(new Sample(MetricId.of("test.gauge"), Unit.RATIO, clock.wallMillis(), 0.25));
        assertThat(tick.value(MetricId.of("test.gauge"))).isEqualTo(0.25);
        assertThat(tick.sequence()).isEqualTo(1);
        assertThat(m.history().series(MetricId.of("test.gauge")).latest()).isEqualTo(0.25);
    }

    @Test
    void countersBecomePerSecondRatesFromTwoReadings() {
        SettableSource source = new SettableSource();
        Monitor m = track(builder().source(source).build());
        source.counter = 1000;
        Tick first = m.tickNow();
        assertThat(first.value(MetricId.of("test.counter"))).isNaN();
        assertThat(first.unknown()).isEmpty();

        clock.advance(Duration.ofSeconds(10));
        source.counter = 1500;
        assertThat(m.tickNow().value(MetricId.of("test.counter"))).isEqualTo(50.0);
    }

    @Test
    void aCounterResetIsTakenAsARestartFromZero() {
        SettableSource source = new SettableSource();
        Monitor m = track(builder().source(source).build());
        source.counter = 1_000_000;
        m.tickNow();
        clock.advance(Duration.ofSeconds(10));
        source.counter = 200; // the process restarted: 200 since then
        Tick tick = m.tickNow();
        assertThat(tick.value(MetricId.of("test.counter"))).isEqualTo(20.0);
        clock.advance(Duration.ofSeconds(10));
        source.counter = 300;
        assertThat(m.tickNow().value(MetricId.of("test.counter"))).isEqualTo(10.0);
    }

    @Test
    void aThrowingSourceMakesItsSeriesUnknownAndOthersCarryOn() {
        SettableSource failing = new SettableSource();
        MetricSource healthy = Sources.gauge("test.other", () -> 7);
        Monitor m = track(builder().source(failing).source(healthy).build());
        m.tickNow();
        clock.advance(Duration.ofSeconds(10));
        failing.fail = true;
        Tick tick = m.tickNow();
        assertThat(tick.unknown()).containsExactlyInAnyOrder(MetricId.of("test.gauge"), MetricId.of("test.counter"));
        assertThat(tick.value(MetricId.of("test.other"))).isEqualTo(7);
        assertThat(m.stats().sourceFailures()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(10));
        failing.fail = false;
        assertThat(m.tickNow().unknown()).isEmpty();
    }

    @Test
    void everyTickCallsTheSourceEvenWhenTicksFollowEachOtherAtOnce() {
        // Back-to-back ticks on a fresh monitor give the worker threads that ran the previous
        // calls no time to get back to the pool (most likely on a loaded machine); the source
        // must still be called on every tick, never silently skipped.
        AtomicInteger calls = new AtomicInteger();
        MetricSource counting = Sources.named("counting", sink -> {
            calls.incrementAndGet();
            sink.gauge(MetricId.of("test.calls"), Unit.NONE, calls.get());
        });
        int monitorsCreated = 200;
        int ticksEach = 4;
        int missed = 0;
        for (int i = 0; i < monitorsCreated; i++) {
            try (Monitor m = builder().source(counting).build()) {
                for (int t = 0; t < ticksEach; t++) {
                    clock.advance(Duration.ofSeconds(10));
                    if (m.tickNow().samples().isEmpty()) {
                        missed++;
                    }
                }
            }
        }

        assertThat(missed).isZero();
        assertThat(calls).hasValue(monitorsCreated * ticksEach);
    }

    @Test
    void aHangingSourceIsAbandonedAtItsDeadlineWithoutDelayingOthers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean hang = new AtomicBoolean(false);
        MetricSource hanging = Sources.named("hanging", sink -> {
            calls.incrementAndGet();
            if (hang.get()) {
                release.await();
            }
            sink.gauge("test.hanging", 1);
        });
        MetricSource healthy = Sources.gauge("test.other", () -> 7);
        // long enough for the first, quick call to make it on a loaded machine
        Duration deadline = Duration.ofSeconds(1);
        Monitor m = track(builder().source(hanging, deadline).source(healthy).build());
        m.tickNow();
        hang.set(true);

        clock.advance(Duration.ofSeconds(10));
        long started = System.nanoTime();
        Tick tick = m.tickNow();
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(tookMillis).isLessThan(deadline.toMillis() + 4_000);
        assertThat(tick.unknown()).containsExactly(MetricId.of("test.hanging"));
        assertThat(tick.value(MetricId.of("test.other"))).isEqualTo(7);
        assertThat(m.stats().sourceTimeouts()).isEqualTo(1);

        // While it still hangs it is not called again, and its series stay UNKNOWN.
        clock.advance(Duration.ofSeconds(10));
        Tick stillHanging = m.tickNow();
        assertThat(calls).hasValue(2);
        assertThat(stillHanging.unknown()).containsExactly(MetricId.of("test.hanging"));

        // Once it returns, the next tick calls it again; the late readings were discarded.
        hang.set(false);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            clock.advance(Duration.ofSeconds(10));
            return !Double.isNaN(m.tickNow().value(MetricId.of("test.hanging")));
        });
        assertThat(calls.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void nonFiniteValuesAreUnknownNotRecorded() {
        AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
        Monitor m = track(builder()
                .source(sink -> {
                    sink.gauge("test.nan", value.get());
                    sink.counter("test.inf", Unit.PER_SECOND, Double.POSITIVE_INFINITY);
                })
                .build());
        Tick tick = m.tickNow();
        assertThat(tick.samples()).isEmpty();
        assertThat(tick.unknown()).containsExactlyInAnyOrder(MetricId.of("test.nan"), MetricId.of("test.inf"));
        assertThat(m.stats().invalidValues()).isEqualTo(2);
        assertThat(m.history().series(MetricId.of("test.nan"))).isNull();

        value.set(Double.NEGATIVE_INFINITY);
        clock.advance(Duration.ofSeconds(10));
        assertThat(m.tickNow().unknown()).contains(MetricId.of("test.nan"));
    }

    @Test
    void aSupplierGaugeReturningNullIsUnknown() {
        AtomicReference<Integer> value = new AtomicReference<>(3);
        Monitor m = track(
                builder().source(Sources.gauge("app.queue.depth", value::get)).build());
        assertThat(m.tickNow().value(MetricId.of("app.queue.depth"))).isEqualTo(3);
        value.set(null);
        clock.advance(Duration.ofSeconds(10));
        assertThat(m.tickNow().unknown()).containsExactly(MetricId.of("app.queue.depth"));
    }

    @Test
    void aThrowingListenerIsIsolatedAndCalledAgain() {
        AtomicInteger calls = new AtomicInteger();
        List<Long> seen = new ArrayList<>();
        Monitor m = track(builder()
                .source(Sources.gauge("test.g", () -> 1))
                .listener(tick -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("listener bug");
                })
                .listener(tick -> seen.add(tick.sequence()))
                .build());
        m.tickNow();
        m.tickNow();
        assertThat(calls).hasValue(2);
        assertThat(seen).containsExactly(1L, 2L);
        assertThat(m.stats().listenerFailures()).isEqualTo(2);
    }

    @Test
    void aRemovedListenerIsNotCalledAgain() {
        List<Long> seen = new ArrayList<>();
        Monitor m = track(builder().build());
        Subscription s = m.addListener(tick -> seen.add(tick.sequence()));
        m.tickNow();
        s.close();
        s.close();
        m.tickNow();
        assertThat(seen).containsExactly(1L);
    }

    @Test
    void theTickViewIsReadOnly() {
        Monitor m = track(builder().source(Sources.gauge("test.g", () -> 1)).build());
        Tick tick = m.tickNow();
        assertThatThrownBy(() -> tick.samples().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> tick.unknown().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void closeIsIdempotentAndTellsListenersOnce() {
        AtomicInteger closes = new AtomicInteger();
        Monitor m = builder()
                .listener(new TickListener() {
                    @Override
                    public void onTick(Tick tick) {}

                    @Override
                    public void onClose() {
                        closes.incrementAndGet();
                    }
                })
                .start();
        m.close();
        m.close();
        assertThat(closes).hasValue(1);
        assertThat(m.isClosed()).isTrue();
        assertThatThrownBy(m::tickNow).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(m::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void startedMonitorTicksOnItsOwnNamedDaemonThread() {
        AtomicReference<Thread> thread = new AtomicReference<>();
        Monitor m = track(Monitor.builder()
                .every(Duration.ofMillis(20))
                .listener(tick -> thread.set(Thread.currentThread()))
                .start());
        await().atMost(Duration.ofSeconds(10)).until(() -> m.stats().ticks() >= 3);
        assertThat(thread.get().getName()).isEqualTo("vigil-monitor");
        assertThat(thread.get().isDaemon()).isTrue();
    }

    @Test
    void aHostExecutorIsUsedAndNotShutDown() {
        ScheduledExecutorService host = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "host-pool"));
        try {
            AtomicReference<String> thread = new AtomicReference<>();
            Monitor m = Monitor.builder()
                    .every(Duration.ofMillis(20))
                    .executor(host)
                    .listener(tick -> thread.set(Thread.currentThread().getName()))
                    .start();
            await().atMost(Duration.ofSeconds(10)).until(() -> m.stats().ticks() >= 2);
            assertThat(thread.get()).isEqualTo("host-pool");
            m.close(); // the last tick runs on the closing thread
            assertThat(host.isShutdown()).isFalse();
        } finally {
            host.shutdownNow();
        }
    }

    @Test
    void ticksThatOverrunTheIntervalAreSkippedAndCounted() {
        AtomicInteger calls = new AtomicInteger();
        Monitor m = track(Monitor.builder()
                .every(Duration.ofMillis(50))
                .listener(tick -> {
                    if (calls.incrementAndGet() == 1) {
                        // one slow tick spans several intervals of real time (a park may end early)
                        long until = System.nanoTime() + Duration.ofMillis(180).toNanos();
                        for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
                            LockSupport.parkNanos(left);
                        }
                    }
                })
                .start());
        await().atMost(Duration.ofSeconds(10)).until(() -> m.stats().ticks() >= 3);
        assertThat(m.stats().skippedTicks()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void closeReleasesSourcesThatAreCloseable() {
        AtomicInteger closed = new AtomicInteger();
        final class ClosingSource implements MetricSource, AutoCloseable {
            @Override
            public void sample(SampleSink sink) {
                sink.gauge("test.g", 1);
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        }
        Monitor m = builder().source(new ClosingSource()).build();
        m.tickNow();
        m.close();
        m.close();
        assertThat(closed).hasValue(1);
    }

    @Test
    void closeRunsALastTickBeforeListenersClose() {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        Monitor m = Monitor.builder()
                .every(Duration.ofHours(1))
                .source(Sources.gauge("test.g", () -> 1))
                .listener(new TickListener() {
                    @Override
                    public void onTick(Tick tick) {
                        seen.add("tick " + tick.sequence());
                    }

                    @Override
                    public void onClose() {
                        seen.add("close");
                    }
                })
                .start();
        await().atMost(Duration.ofSeconds(10)).until(() -> m.stats().ticks() == 1);
        m.close();
        assertThat(seen).containsExactly("tick 1", "tick 2", "close");
    }

    @Test
    void aMonitorDrivenByTickNowIsNotTickedAgainOnClose() {
        AtomicInteger ticks = new AtomicInteger();
        Monitor m = builder().listener(tick -> ticks.incrementAndGet()).build();
        m.tickNow();
        m.close();
        assertThat(ticks).hasValue(1);
    }

    @Test
    void seriesBeyondTheHistoryBoundStillReachListeners() {
        Monitor m = track(builder()
                .history(dev.vigil.core.history.HistoryConfig.builder()
                        .maxSeries(1)
                        .build())
                .source(sink -> {
                    sink.gauge("test.first", 1);
                    sink.gauge("test.second", 2);
                })
                .build());
        Tick tick = m.tickNow();
        assertThat(tick.value(MetricId.of("test.second"))).isEqualTo(2);
        assertThat(m.history().series(MetricId.of("test.second"))).isNull();
        assertThat(m.stats().droppedSeries()).isEqualTo(1);
    }

    /** A source that promises not to block, recording the thread it was called on. */
    static final class InlineSource implements MetricSource {
        final AtomicReference<String> thread = new AtomicReference<>();
        volatile boolean fail;

        @Override
        public void sample(SampleSink sink) {
            thread.set(Thread.currentThread().getName());
            if (fail) {
                throw new AssertionError("a bug, not just an exception");
            }
            sink.gauge("test.inline", 1);
        }

        @Override
        public boolean mayBlock() {
            return false;
        }
    }

    @Test
    void aSourceThatCannotBlockIsCalledOnTheTickingThread() {
        InlineSource inline = new InlineSource();
        Monitor m = track(builder()
                .source(inline)
                .source(Sources.gauge("test.other", () -> 2))
                .build());
        Tick tick = m.tickNow();
        assertThat(inline.thread.get()).isEqualTo(Thread.currentThread().getName());
        assertThat(tick.value(MetricId.of("test.inline"))).isEqualTo(1);
        assertThat(tick.value(MetricId.of("test.other"))).isEqualTo(2);
    }

    @Test
    void aFailingInlineSourceIsUnknownAndTheTickGoesOn() {
        InlineSource inline = new InlineSource();
        Monitor m = track(builder()
                .source(inline)
                .source(Sources.gauge("test.other", () -> 2))
                .build());
        m.tickNow();
        inline.fail = true;
        clock.advance(Duration.ofSeconds(10));
        Tick tick = m.tickNow();
        assertThat(tick.unknown()).containsExactly(MetricId.of("test.inline"));
        assertThat(tick.value(MetricId.of("test.other"))).isEqualTo(2);
        assertThat(m.stats().sourceFailures()).isEqualTo(1);
    }

    @Test
    void anExplicitDeadlineRunsEvenAnInlineSourceOnAWorker() {
        InlineSource inline = new InlineSource();
        Monitor m = track(builder().source(inline, Duration.ofSeconds(1)).build());
        m.tickNow();
        assertThat(inline.thread.get()).startsWith("vigil-source-");
    }

    @Test
    void builderRefusesBadSettingsNamingTheValue() {
        assertThatThrownBy(() -> Monitor.builder().every(Duration.ofMillis(1)))
                .hasMessageContaining("interval")
                .hasMessageContaining("PT0.001S");
        MetricSource s = Sources.gauge("a", () -> 1);
        assertThatThrownBy(() -> Monitor.builder().source(s).source(s)).hasMessageContaining("twice");
        assertThatThrownBy(() -> Monitor.builder().source(s, Duration.ZERO))
                .hasMessageContaining("deadline")
                .hasMessageContaining("PT0S");
    }
}

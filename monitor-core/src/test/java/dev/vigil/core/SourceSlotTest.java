package dev.vigil.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.MetricSource;
import dev.vigil.core.source.SampleSink;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A source's life across ticks, as the monitor drives it: start, complete, answered. */
class SourceSlotTest {

    private static final MetricId A = MetricId.of("test.a");
    private static final MetricId B = MetricId.of("test.b");

    private final ThreadPoolExecutor workers =
            new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>());

    @AfterEach
    void stopWorkers() {
        workers.shutdownNow();
    }

    /** Reports A (and B when asked), throws when told to, or waits on a latch when given one. */
    private static final class ScriptedSource implements MetricSource {
        volatile boolean fail;
        volatile boolean withB;
        volatile CountDownLatch hang;
        private final boolean mayBlock;

        ScriptedSource(boolean mayBlock) {
            this.mayBlock = mayBlock;
        }

        @Override
        public void sample(SampleSink sink) throws Exception {
            CountDownLatch h = hang;
            if (h != null) {
                h.await();
            }
            if (fail) {
                throw new IllegalStateException("scripted failure");
            }
            sink.gauge(A, Unit.NONE, 1);
            if (withB) {
                sink.gauge(B, Unit.NONE, 2);
            }
        }

        @Override
        public boolean mayBlock() {
            return mayBlock;
        }

        @Override
        public Set<MetricId> declaredSeries() {
            return Set.of(B);
        }
    }

    private Set<MetricId> unknownAfter(SourceSlot slot) {
        Set<MetricId> unknown = new LinkedHashSet<>();
        slot.markUnknown(unknown);
        return unknown;
    }

    @Test
    void anInlineSourceIsCalledOnCompleteAndItsLastAnsweredSeriesBecomeUnknownWhenItFails() {
        ScriptedSource source = new ScriptedSource(false);
        SourceSlot slot = new SourceSlot(source, Duration.ofSeconds(1), true, new java.util.HashSet<>());
        assertThat(unknownAfter(slot))
                .as("before any answer: the declared series")
                .containsExactly(B);

        source.withB = true;
        slot.start(workers);
        assertThat(slot.complete(System.nanoTime())).isEqualTo(SourceSlot.Outcome.ANSWERED);
        assertThat(slot.readings().size()).isEqualTo(2);
        slot.answered();
        assertThat(slot.isUp()).isTrue();

        source.withB = false;
        slot.start(workers);
        assertThat(slot.complete(System.nanoTime())).isEqualTo(SourceSlot.Outcome.ANSWERED);
        slot.answered();

        source.fail = true;
        slot.start(workers);
        assertThat(slot.isUp()).as("down until it answers this tick").isFalse();
        assertThat(slot.complete(System.nanoTime())).isEqualTo(SourceSlot.Outcome.FAILED);
        assertThat(unknownAfter(slot))
                .as("the series of its last answer, B gone since")
                .containsExactly(A);
        assertThat(workers.getTaskCount()).as("never handed to a worker").isZero();
    }

    @Test
    void aWorkerCallPastItsDeadlineIsLateThenNotCalledAgainUntilItReturns() {
        ScriptedSource source = new ScriptedSource(true);
        SourceSlot slot = new SourceSlot(source, Duration.ofMillis(50), false, new java.util.HashSet<>());
        CountDownLatch release = new CountDownLatch(1);
        source.hang = release;

        slot.start(workers);
        assertThat(slot.complete(System.nanoTime())).isEqualTo(SourceSlot.Outcome.LATE);
        slot.start(workers);
        assertThat(slot.complete(System.nanoTime())).isEqualTo(SourceSlot.Outcome.NOT_CALLED);
        assertThat(workers.getTaskCount()).as("one call in flight, not two").isEqualTo(1);

        source.hang = null;
        release.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> workers.getCompletedTaskCount() == 1);
        // called again now that it returned; on a busy machine a call can miss the 50 ms deadline
        // (LATE, then NOT_CALLED until it returns): the next tick's call answers
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            slot.start(workers);
            return slot.complete(System.nanoTime()) == SourceSlot.Outcome.ANSWERED;
        });
        assertThat(slot.readings().size()).as("this call's readings only").isEqualTo(1);
        slot.answered();
        assertThat(slot.isUp()).isTrue();
    }
}

package dev.vigil.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Appends and aggregate queries run on every tick for every series: they must not allocate. */
class AllocationTest {

    private static final MetricId ID = MetricId.of("test.value");
    private static final long T0 = 1_767_225_600_000L;
    private static final int CALLS = 5_000;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static boolean measurable() {
        return ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                && bean.isThreadAllocatedMemorySupported()
                && bean.isThreadAllocatedMemoryEnabled();
    }

    @Test
    void appendsInSteadyStateAndAggregateQueriesAllocateNothing() {
        assumeTrue(measurable(), "this JVM cannot measure a thread's allocations");
        HistoryStore store = new HistoryStore(HistoryConfig.defaults(), Duration.ofSeconds(10));
        long t = T0;
        // Fill every ring to capacity first: growing them is the allocation that is allowed.
        for (int i = 0; i < 30 * 24 * 360 + 10; i++, t += 10_000) {
            store.record(ID, Unit.NONE, t, i % 100);
        }
        store.advanceTo(t);
        SeriesHistory s = store.series(ID);
        Duration hour = Duration.ofHours(1);
        Duration day = Duration.ofDays(1);
        Duration ahead = Duration.ofHours(4);

        long before = allocatedBytes();
        for (int i = 0; i < CALLS; i++, t += 10_000) {
            store.record(ID, Unit.NONE, t, i % 100);
        }
        long byAppends = allocatedBytes() - before;
        store.advanceTo(t);

        double sink = 0;
        for (int round = 0; round < 2; round++) { // the first round loads the classes
            before = allocatedBytes();
            for (int i = 0; i < CALLS; i++) {
                sink += s.avg(hour)
                        + s.min(hour)
                        + s.max(day)
                        + s.sum(day)
                        + s.count(hour)
                        + s.increase(hour)
                        + s.rate(day)
                        + s.slope(hour)
                        + s.predict(day, ahead)
                        + s.latest();
            }
        }
        long byQueries = allocatedBytes() - before;

        assertThat(sink).isNotNaN();
        // Allocating per call would be at least 16 bytes * CALLS; allow the odd stray object.
        assertThat(byAppends).as("bytes allocated by %d appends", CALLS).isLessThan(4_096);
        assertThat(byQueries)
                .as("bytes allocated by %d rounds of queries", CALLS)
                .isLessThan(4_096);
    }
}

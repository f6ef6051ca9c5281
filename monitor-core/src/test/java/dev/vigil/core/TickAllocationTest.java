package dev.vigil.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.core.history.HistoryConfig;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.MetricSource;
import dev.vigil.core.source.SampleSink;
import dev.vigil.core.time.ManualClock;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What a tick allocates beyond its sources. The bound is on the bytes the ticking thread
 * allocates, which a loaded machine does not change (the JIT can only remove allocations), and
 * it is set from the objects a tick must make: one {@code Sample} per series (40 bytes with
 * compressed references) and the tick view, plus the history's chunks and buckets as they fill.
 * Measured at about 5.7 KB a tick for 120 series once the history is full (4.8 KB of it the
 * samples), 6.9 KB while the default history fills; an extra object of 16 bytes per series and
 * tick (a boxed value, an iterator, a map entry) takes either past its bound.
 */
class TickAllocationTest {

    private static final int GAUGES = 100;
    private static final int COUNTERS = 20;
    private static final int SERIES = GAUGES + COUNTERS;

    private static com.sun.management.ThreadMXBean threads() {
        return ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                        && bean.isThreadAllocatedMemorySupported()
                        && bean.isThreadAllocatedMemoryEnabled()
                ? bean
                : null;
    }

    /** Reads like a host source: series ids built once, values that move every tick. */
    private static final class SyntheticSource implements MetricSource {
        private final MetricId[] gauges = new MetricId[GAUGES];
        private final MetricId[] counters = new MetricId[COUNTERS];
        private long calls;

        SyntheticSource() {
            for (int i = 0; i < GAUGES; i++) {
                gauges[i] = MetricId.of("synthetic.gauge", "n", Integer.toString(i));
            }
            for (int i = 0; i < COUNTERS; i++) {
                counters[i] = MetricId.of("synthetic.counter", "n", Integer.toString(i));
            }
        }

        @Override
        public void sample(SampleSink sink) {
            calls++;
            for (int i = 0; i < GAUGES; i++) {
                sink.gauge(gauges[i], Unit.BYTES, (double) ((calls * 7919 + i * 104729L) % 1_000_003));
            }
            for (int i = 0; i < COUNTERS; i++) {
                sink.counter(counters[i], Unit.BYTES_PER_SECOND, (double) (calls * (i + 1) * 4096));
            }
        }

        @Override
        public boolean mayBlock() {
            return false; // called on the ticking thread, whose allocations are counted
        }
    }

    /** Mean bytes the ticking thread allocated per tick over {@code ticks} ticks after {@code warmup}. */
    private static long bytesPerTick(HistoryConfig history, int warmup, int ticks) {
        com.sun.management.ThreadMXBean bean = threads();
        assumeTrue(bean != null, "this JVM cannot measure a thread's allocations");
        ManualClock clock = ManualClock.create();
        Duration interval = Duration.ofSeconds(10);
        try (Monitor monitor = Monitor.builder()
                .every(interval)
                .clock(clock)
                .history(history)
                .source(new SyntheticSource())
                .build()) {
            for (int i = 0; i < warmup; i++) {
                monitor.tickNow();
                clock.advance(interval);
            }
            long before = bean.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < ticks; i++) {
                monitor.tickNow();
                clock.advance(interval);
            }
            long perTick = (bean.getCurrentThreadAllocatedBytes() - before) / ticks;
            assertThat(monitor.lastTick().samples()).hasSize(SERIES);
            return perTick;
        }
    }

    @Test
    void aTickOnceTheHistoryIsFullAllocatesLittleMoreThanOneSamplePerSeries() {
        // every ring full after 2 hours of 10 s ticks: from then on the history allocates nothing
        HistoryConfig small = HistoryConfig.builder()
                .raw(Duration.ofMinutes(30))
                .tier(Duration.ofMinutes(1), Duration.ofHours(2))
                .build();
        long perTick = bytesPerTick(small, 1_000, 1_000);

        assertThat(perTick)
                .as("bytes allocated per tick for %d series", SERIES)
                .isGreaterThanOrEqualTo(SERIES * 16L) // the measurement works: the samples are counted
                .isLessThanOrEqualTo(SERIES * 40L + 1_500);
    }

    @Test
    void aTickWhileTheDefaultHistoryFillsAllocatesLittleMoreThanOneSamplePerSeries() {
        // over 8 hours of ticks: raw chunks sealed, minute buckets grown, hour buckets started
        long perTick = bytesPerTick(HistoryConfig.defaults(), 50, 3_000);

        assertThat(perTick)
                .as("bytes allocated per tick for %d series", SERIES)
                .isGreaterThanOrEqualTo(SERIES * 16L)
                .isLessThanOrEqualTo(SERIES * 40L + 4_000);
    }
}

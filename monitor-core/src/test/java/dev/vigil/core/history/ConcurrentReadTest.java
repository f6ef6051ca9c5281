package dev.vigil.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.history.SeriesHistory.Point;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A real writer thread and real reader threads; every value written is its own sample index. */
class ConcurrentReadTest {

    private static final MetricId ID = MetricId.of("test.value");
    private static final long T0 = 1_767_225_600_000L;
    private static final int SAMPLES = 300_000;

    @Test
    void readersWhileWritingNeverThrowNorSeeTornSamples() throws Exception {
        HistoryConfig config = HistoryConfig.builder()
                .raw(Duration.ofMinutes(2))
                .tier(Duration.ofSeconds(10), Duration.ofMinutes(10))
                .build();
        HistoryStore store = new HistoryStore(config, Duration.ofSeconds(1));
        store.record(ID, Unit.NONE, T0, 0);
        store.advanceTo(T0);
        SeriesHistory s = store.series(ID);
        AtomicBoolean done = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        // The writer's second half waits for a first read of each reader, so that every reader
        // reads while writes go on even when the machine is too loaded to start them at once.
        CountDownLatch firstReads = new CountDownLatch(2);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<Long> reader1 = pool.submit(() -> {
                start.await();
                long reads = 0;
                double previous = 0;
                while (!done.get()) {
                    double latest = s.latest();
                    assertThat(latest).isGreaterThanOrEqualTo(previous);
                    previous = latest;
                    // value i is written at T0 + i s; a torn pair would break this.
                    List<Point> raw = s.range(store.nowMillis() - 30_000, Long.MAX_VALUE);
                    for (Point p : raw) {
                        if (p.min() == p.max()) {
                            // a raw sample (or a bucket of one): value i belongs to time T0 + i s
                            assertThat(p.avg()).isEqualTo((p.timeMillis() - T0) / 1000.0);
                        } else {
                            // the writer moved on far enough for range() to answer from the
                            // 10 s tier: a bucket of consecutive values, each counted once
                            assertThat(p.max() - p.min()).isEqualTo(p.count() - 1.0);
                            assertThat(p.avg()).isEqualTo((p.min() + p.max()) / 2);
                        }
                    }
                    if (reads++ == 0) {
                        firstReads.countDown();
                    }
                }
                return reads;
            });
            Future<Long> reader2 = pool.submit(() -> {
                start.await();
                long reads = 0;
                while (!done.get()) {
                    Duration w = Duration.ofMinutes(reads % 2 == 0 ? 1 : 8);
                    double min = s.min(w);
                    double avg = s.avg(w);
                    double max = s.max(w);
                    if (!Double.isNaN(avg)) {
                        // Separate reads may see different ticks, but never a value above the latest.
                        assertThat(min).isLessThanOrEqualTo(s.latest());
                        assertThat(avg).isLessThanOrEqualTo(s.latest());
                        assertThat(max).isLessThanOrEqualTo(s.latest());
                    }
                    double slope = s.slope(Duration.ofMinutes(1));
                    if (!Double.isNaN(slope)) {
                        assertThat(slope).isCloseTo(1.0, within(1e-6));
                    }
                    assertThat(s.percentile(0.5, w)).isNotNegative();
                    if (reads++ == 0) {
                        firstReads.countDown();
                    }
                }
                return reads;
            });
            Future<?> writer = pool.submit(() -> {
                start.await();
                for (int i = 1; i <= SAMPLES; i++) {
                    if (i == SAMPLES / 2) {
                        firstReads.await(10, TimeUnit.SECONDS); // not reached only when a reader failed
                    }
                    long t = T0 + i * 1000L;
                    store.record(ID, Unit.NONE, t, i);
                    store.advanceTo(t);
                }
                return null;
            });
            start.countDown();
            try {
                writer.get(30, TimeUnit.SECONDS);
            } finally {
                done.set(true);
            }
            assertThat(reader1.get(30, TimeUnit.SECONDS)).isPositive();
            assertThat(reader2.get(30, TimeUnit.SECONDS)).isPositive();
            assertThat(s.latest()).isEqualTo(SAMPLES);
            assertThat(s.count(Duration.ofMinutes(2))).isEqualTo(120);
        } finally {
            pool.shutdownNow();
        }
    }
}

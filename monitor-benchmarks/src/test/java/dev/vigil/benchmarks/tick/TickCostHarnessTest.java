package dev.vigil.benchmarks.tick;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class TickCostHarnessTest {

    private static final int ALLOCATED = 200_000;

    /** Allocates a known array on the calling thread. */
    static final class Allocating implements TickContender {
        volatile byte[] kept;

        @Override
        public String name() {
            return "allocating";
        }

        @Override
        public String description() {
            return "allocates " + ALLOCATED + " bytes";
        }

        @Override
        public void tick() {
            kept = new byte[ALLOCATED];
        }
    }

    /** Hands its work to a worker thread named like Vigil's and waits for it. */
    static final class OnWorker implements TickContender {
        private final ExecutorService worker =
                Executors.newSingleThreadExecutor(r -> new Thread(r, "vigil-test-worker"));
        volatile byte[] kept;

        @Override
        public String name() {
            return "on worker";
        }

        @Override
        public String description() {
            return "allocates on a vigil-* worker";
        }

        @Override
        public boolean usesWorkers() {
            return true;
        }

        @Override
        public void tick() throws Exception {
            worker.submit(() -> {
                        kept = new byte[ALLOCATED];
                        // burn 2 ms of this thread's CPU time (not wall time: the machine may be busy)
                        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
                        long until = mx.getCurrentThreadCpuTime() + 2_000_000;
                        while (mx.getCurrentThreadCpuTime() < until) {
                            Thread.onSpinWait();
                        }
                    })
                    .get();
        }

        @Override
        public void close() {
            worker.shutdownNow();
        }
    }

    @Test
    void countsAllocationOnTheCallingThreadAndOnVigilWorkers() throws Exception {
        try (OnWorker onWorker = new OnWorker()) {
            List<TickCostHarness.Stats> stats = new TickCostHarness(
                            new TickCostHarness.Options(Duration.ofMillis(20), 3, 1))
                    .run(List.of(new NoopContender(), new Allocating(), onWorker));

            TickCostHarness.Stats noop = stats.get(0);
            TickCostHarness.Stats allocating = stats.get(1);
            TickCostHarness.Stats worker = stats.get(2);
            assertThat(noop.allocBytes().max()).isLessThan(1024);
            assertThat(allocating.allocBytes().median()).isBetween((double) ALLOCATED, ALLOCATED + 4096.0);
            assertThat(worker.allocBytes().median()).isGreaterThanOrEqualTo(ALLOCATED);
            assertThat(worker.cpuMicros().median()).isGreaterThan(1_000);
            assertThat(worker.workerCpuShare()).isGreaterThan(0.5);
        }
    }
}

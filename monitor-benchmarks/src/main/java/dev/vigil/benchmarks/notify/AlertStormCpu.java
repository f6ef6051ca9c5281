package dev.vigil.benchmarks.notify;

import java.lang.management.ManagementFactory;

/**
 * The alert storm of {@link AlertStormBenchmark} measured as CPU time and allocation of the
 * routing thread per event, rather than as throughput: on a machine shared with other work the
 * thread's own CPU time moves far less than wall-clock throughput, so two builds can be compared
 * (run them alternately). The receivers' worker threads are not counted.
 *
 * <pre>
 * java -cp monitor-benchmarks/target/vigil-benchmarks.jar dev.vigil.benchmarks.notify.AlertStormCpu 4
 * </pre>
 */
public final class AlertStormCpu {

    private static final int WARMUP_EVENTS = 3_000_000;
    private static final int EVENTS_PER_ROUND = 2_000_000;

    private AlertStormCpu() {}

    /** {@code args[0]}: rounds to measure (default 4). */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        AlertStormBenchmark storm = new AlertStormBenchmark();
        storm.setUp();
        for (int i = 0; i < WARMUP_EVENTS; i++) {
            storm.routeAndGroup();
        }
        for (int r = 0; r < rounds; r++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long allocated = threads.getCurrentThreadAllocatedBytes();
            long wall = System.nanoTime();
            for (int i = 0; i < EVENTS_PER_ROUND; i++) {
                storm.routeAndGroup();
            }
            cpu = threads.getCurrentThreadCpuTime() - cpu;
            allocated = threads.getCurrentThreadAllocatedBytes() - allocated;
            wall = System.nanoTime() - wall;
            System.out.printf(
                    "round %d: %.0f ns CPU/event, %.0f bytes/event on the routing thread, wall %.0f events/s%n",
                    r,
                    cpu / (double) EVENTS_PER_ROUND,
                    allocated / (double) EVENTS_PER_ROUND,
                    EVENTS_PER_ROUND * 1e9 / wall);
        }
        storm.tearDown();
    }
}

package dev.vigil.benchmarks.tick;

/**
 * One way of taking a tick's worth of host, process and JVM readings, measured by {@link
 * TickCostHarness} at the same cadence as the others.
 *
 * <pre>{@code
 * TickContender floor = new JdkFloor();
 * floor.tick();
 * }</pre>
 */
public interface TickContender extends AutoCloseable {

    /** Short name used in the result table and JSON. */
    String name();

    /** What one tick of this contender does, for the table's notes. */
    String description();

    /**
     * Takes one tick's readings. Work may run on other threads as long as their names start with
     * {@link TickCostHarness#WORKER_PREFIX}: their CPU time and allocation are counted too.
     */
    void tick() throws Exception;

    @Override
    default void close() throws Exception {
    }
}

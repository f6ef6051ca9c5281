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

    /** Takes one tick's readings. */
    void tick() throws Exception;

    /**
     * Whether part of a tick runs on threads named {@link TickCostHarness#WORKER_PREFIX}{@code *};
     * their CPU time and allocation are then added to the caller's. Only such contenders are
     * charged for those threads, so that one contender's tail never lands on another's bill.
     */
    default boolean usesWorkers() {
        return false;
    }

    /** Releases what the contender holds; nothing by default. */
    @Override
    default void close() {}
}

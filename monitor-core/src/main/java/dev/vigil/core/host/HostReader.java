package dev.vigil.core.host;

/**
 * Where {@link HostMetrics} takes its raw host readings from: {@code /proc} on Linux, OSHI
 * elsewhere. Each method fills caller-owned arrays or calls a visitor with primitives so that a
 * tick allocates next to nothing; each returns {@code false} (or a negative or NaN value) when
 * the reading is not available on this system.
 */
interface HostReader {

    /** Number of CPU modes in {@link #cpuTicks}: user, nice, system, idle, iowait, irq, softirq, steal. */
    int CPU_MODES = 8;

    /** Cumulative CPU time of all processors per mode, in any one unit, into {@code ticks[CPU_MODES]}. */
    boolean cpuTicks(long[] ticks) throws Exception;

    /**
     * Load averages over 1, 5 and 15 minutes into {@code load[0..2]}, and the number of threads
     * (kernel tasks) of all processes into {@code load[3]} (NaN when not known): Linux has both
     * in one file.
     */
    boolean loadAverage(double[] load) throws Exception;

    /** Memory in bytes into {@code memory[4]}: total, available, swap total, swap free. */
    boolean memory(long[] memory) throws Exception;

    /** Seconds since boot, or NaN. */
    double uptimeSeconds() throws Exception;

    /** Number of processes, or -1. */
    long processCount() throws Exception;

    /** Open file handles of the whole system and their maximum into {@code files[2]} (-1 when not known). */
    boolean files(long[] files) throws Exception;

    /** Logical processors of the host, or -1. */
    int logicalProcessors();

    /** Calls {@code visitor} once per block device with its cumulative totals. */
    void disks(DiskVisitor visitor) throws Exception;

    /** Calls {@code visitor} once per network interface with its cumulative totals. */
    void interfaces(InterfaceVisitor visitor) throws Exception;

    /** Cumulative totals of one block device; a negative value is not known. */
    @FunctionalInterface
    interface DiskVisitor {
        void disk(String name, long reads, long readBytes, long writes, long writeBytes, long busyMillis);
    }

    /** Cumulative totals of one network interface; a negative value is not known. */
    @FunctionalInterface
    interface InterfaceVisitor {
        void networkInterface(
                String name,
                long rxBytes,
                long rxPackets,
                long rxErrors,
                long rxDrops,
                long txBytes,
                long txPackets,
                long txErrors,
                long txDrops);
    }

    /** Releases what the reader keeps open between ticks (the {@code /proc} files); a later read opens it again. */
    default void close() {}
}

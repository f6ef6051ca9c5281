package dev.vigil.core.container;

/**
 * One read of a cgroup's files, in base units, the same for v1 and v2. {@code NaN} is "absent":
 * a file that does not exist here or a limit that is not set.
 */
record CgroupReading(
        double cpuUsageSeconds,
        double cpuLimitCores,
        double cpuPeriods,
        double cpuThrottledPeriods,
        double cpuThrottledSeconds,
        double memoryUsageBytes,
        double memoryInactiveFileBytes,
        double memoryLimitBytes,
        double oomKills,
        double pidsCurrent,
        double pidsMax,
        double ioReadBytes,
        double ioWriteBytes) {

    /** Usage minus inactive file cache, as cAdvisor and the kubelet compute it; never below 0. */
    double memoryWorkingSetBytes() {
        if (Double.isNaN(memoryInactiveFileBytes)) {
            return memoryUsageBytes;
        }
        return Math.max(0, memoryUsageBytes - memoryInactiveFileBytes);
    }

    /** Whether any CPU, memory or pids limit is set. */
    boolean hasLimits() {
        return !Double.isNaN(cpuLimitCores) || !Double.isNaN(memoryLimitBytes) || !Double.isNaN(pidsMax);
    }
}

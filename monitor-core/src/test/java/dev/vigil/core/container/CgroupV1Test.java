package dev.vigil.core.container;

import static dev.vigil.core.container.ContainerMetrics.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.Tick;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CgroupV1Test extends CgroupFixtureTest {

    private static final String CPU = "sys/fs/cgroup/cpu,cpuacct/docker/abc/";
    private static final String MEMORY = "sys/fs/cgroup/memory/docker/abc/";
    private static final String PIDS = "sys/fs/cgroup/pids/docker/abc/";
    private static final String BLKIO = "sys/fs/cgroup/blkio/docker/abc/";
    private static final String UNLIMITED = "9223372036854771712";

    private static CgroupTree readings(
            CgroupTree tree,
            String cpu,
            String memory,
            String pids,
            String blkio,
            long usageNanos,
            long periods,
            long throttled,
            long throttledNanos,
            long oomKills,
            long writeBytes) {
        return tree.write(cpu + "cpuacct.usage", usageNanos + "\n")
                .write(
                        cpu + "cpu.stat",
                        "nr_periods " + periods + "\nnr_throttled " + throttled + "\nthrottled_time " + throttledNanos
                                + "\n")
                .write(memory + "memory.usage_in_bytes", "300000\n")
                .write(memory + "memory.stat", "cache 5\ninactive_file 99\ntotal_inactive_file 100000\n")
                .write(memory + "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill " + oomKills + "\n")
                .write(pids + "pids.current", "7\n")
                .write(
                        blkio + "blkio.throttle.io_service_bytes_recursive",
                        "8:0 Read 0\n8:0 Write " + writeBytes + "\n8:0 Sync 0\n8:0 Async 0\n8:0 Total " + writeBytes
                                + "\nTotal " + writeBytes + "\n");
    }

    @Test
    void reportsUsageLimitsAndRatiosOfALimitedCgroup() {
        CgroupTree tree = CgroupTree.v1(root, "/docker/abc", "/", false)
                .write(CPU + "cpu.cfs_quota_us", "200000\n")
                .write(CPU + "cpu.cfs_period_us", "100000\n")
                .write(MEMORY + "memory.limit_in_bytes", "400000\n")
                .write(PIDS + "pids.max", "50\n");
        readings(tree, CPU, MEMORY, PIDS, BLKIO, 4_000_000_000L, 10, 0, 0, 0, 0);
        ContainerMetrics container = source(tree);

        Tick first = sampled.tick();
        readings(tree, CPU, MEMORY, PIDS, BLKIO, 14_000_000_000L, 110, 20, 3_000_000_000L, 0, 81_920);
        Tick second = sampled.tickAfter(Duration.ofSeconds(10));

        assertThat(container.version()).isEqualTo(CgroupVersion.V1);
        assertThat(first.value(CPU_LIMIT)).isEqualTo(2.0);
        assertThat(first.value(MEMORY_LIMIT)).isEqualTo(400_000);
        assertThat(first.value(MEMORY_WORKING_SET))
                .as("usage minus total_inactive_file")
                .isEqualTo(200_000);
        assertThat(first.value(MEMORY_UTILIZATION)).isEqualTo(0.5);
        assertThat(first.value(PIDS_MAX)).isEqualTo(50);
        assertThat(second.value(CPU_USAGE)).isCloseTo(1.0, within(1e-9));
        assertThat(second.value(CPU_UTILIZATION)).isCloseTo(0.5, within(1e-9));
        assertThat(second.value(CPU_THROTTLED_PERIODS)).isCloseTo(0.2, within(1e-9));
        assertThat(second.value(CPU_THROTTLED_TIME)).isCloseTo(0.3, within(1e-9));
        assertThat(second.value(MEMORY_OOM_KILLS)).isZero();
        assertThat(second.value(IO_WRITE)).isCloseTo(8192, within(1e-9));
        assertThat(second.value(IO_READ)).isZero();
        assertThat(second.unknown()).isEmpty();
    }

    @Test
    void minusOneQuotaAndHugeLimitsAreAbsentNotZeroNorTheHosts() {
        CgroupTree tree = CgroupTree.v1(root, "/docker/abc", "/", false)
                .write(CPU + "cpu.cfs_quota_us", "-1\n")
                .write(CPU + "cpu.cfs_period_us", "100000\n")
                .write(MEMORY + "memory.limit_in_bytes", UNLIMITED + "\n")
                .write(PIDS + "pids.max", "max\n");
        readings(tree, CPU, MEMORY, PIDS, BLKIO, 1, 0, 0, 0, 0, 0);
        ContainerMetrics container = source(tree);

        sampled.tick();
        Tick tick = sampled.tickAfter(Duration.ofSeconds(10));

        assertThat(container.hasLimits()).isFalse();
        assertThat(tick.samples())
                .extracting(s -> s.id().name())
                .doesNotContain(
                        "container.cpu.limit",
                        "container.cpu.utilization",
                        "container.cpu.throttled.periods",
                        "container.memory.limit",
                        "container.memory.utilization",
                        "container.pids.max");
        assertThat(tick.value(MEMORY_USAGE)).isEqualTo(300_000);
        assertThat(tick.value(CPU_USAGE)).isZero();
    }

    @Test
    void findsTheCgroupAtTheMountPointWhenTheMountShowsOnlyTheContainersOwnCgroup() {
        // docker without a cgroup namespace: /proc/self/cgroup and the mount root both say /docker/abc
        String cpu = "sys/fs/cgroup/cpu,cpuacct/";
        String memory = "sys/fs/cgroup/memory/";
        CgroupTree tree = CgroupTree.v1(root, "/docker/abc", "/docker/abc", false)
                .write(memory + "memory.limit_in_bytes", "600000\n");
        readings(tree, cpu, memory, "sys/fs/cgroup/pids/", "sys/fs/cgroup/blkio/", 1, 0, 0, 0, 0, 0);
        source(tree);

        Tick tick = sampled.tick();

        assertThat(tick.value(MEMORY_LIMIT)).isEqualTo(600_000);
        assertThat(tick.value(PIDS_CURRENT)).isEqualTo(7);
    }

    @Test
    void onAHybridHostReadsTheV1ControllersNotTheEmptyUnifiedMount() {
        CgroupTree tree =
                CgroupTree.v1(root, "/docker/abc", "/", true).write(MEMORY + "memory.limit_in_bytes", "600000\n");
        readings(tree, CPU, MEMORY, PIDS, BLKIO, 1, 0, 0, 0, 0, 0);
        ContainerMetrics container = source(tree);

        Tick tick = sampled.tick();

        assertThat(container.version()).isEqualTo(CgroupVersion.V1);
        assertThat(tick.value(MEMORY_LIMIT)).isEqualTo(600_000);
    }

    /** A blkio file as the kernel writes it: per device Read, Write, Sync, Async, Discard, Total; then Total. */
    private static String blkio(long readBytes, long writeBytes) {
        return "8:0 Read " + readBytes + "\n8:0 Write " + writeBytes + "\n8:0 Sync " + writeBytes
                + "\n8:0 Async " + readBytes + "\n8:0 Discard 0\n8:0 Total " + (readBytes + writeBytes)
                + "\nTotal " + (readBytes + writeBytes) + "\n";
    }

    @Test
    void readsTheRecursiveBlkioCountsAsCadvisorDoesNotTheThrottleFileThatCountedNothing() {
        // Linux 6.10+ without a throttle limit and with the none scheduler (no CFQ/BFQ files): the
        // non-recursive throttle file stays at 0 while the recursive one sees the 32 MiB written
        CgroupTree tree = CgroupTree.v1(root, "/docker/abc", "/", false);
        readings(tree, CPU, MEMORY, PIDS, BLKIO, 1, 0, 0, 0, 0, 0);
        tree.write(BLKIO + "blkio.throttle.io_service_bytes", blkio(0, 0))
                .write(BLKIO + "blkio.throttle.io_service_bytes_recursive", blkio(4096, 0));
        source(tree);
        sampled.tick();
        tree.write(BLKIO + "blkio.throttle.io_service_bytes_recursive", blkio(4096, 32L << 20));

        Tick tick = sampled.tickAfter(Duration.ofSeconds(10));

        assertThat(tick.value(IO_WRITE)).isCloseTo((32L << 20) / 10.0, within(1e-6));
        assertThat(tick.value(IO_READ)).isZero();
    }

    @Test
    void theCfqRecursiveCountIsPreferredToTheThrottleLayers() {
        CgroupTree tree = CgroupTree.v1(root, "/docker/abc", "/", false);
        readings(tree, CPU, MEMORY, PIDS, BLKIO, 1, 0, 0, 0, 0, 0);
        tree.write(BLKIO + "blkio.io_service_bytes_recursive", blkio(1000, 0))
                .write(BLKIO + "blkio.throttle.io_service_bytes_recursive", blkio(999_999, 0));
        source(tree);
        sampled.tick();
        tree.write(BLKIO + "blkio.io_service_bytes_recursive", blkio(21_000, 0))
                .write(BLKIO + "blkio.throttle.io_service_bytes_recursive", blkio(999_999, 0));

        Tick tick = sampled.tickAfter(Duration.ofSeconds(10));

        assertThat(tick.value(IO_READ)).isCloseTo(2000, within(1e-9));
    }

    @Test
    void noBlkioFileListingADeviceMeansNoIoSeriesNotZero() {
        // only the Total line: a layer that counted nothing for any device
        CgroupTree tree = CgroupTree.v1(root, "/docker/abc", "/", false);
        readings(tree, CPU, MEMORY, PIDS, BLKIO, 1, 0, 0, 0, 0, 0);
        tree.write(BLKIO + "blkio.throttle.io_service_bytes_recursive", "Total 0\n")
                .write(BLKIO + "blkio.throttle.io_service_bytes", blkio(0, 0));
        source(tree);

        sampled.tick();
        Tick tick = sampled.tickAfter(Duration.ofSeconds(10));

        assertThat(tick.samples())
                .extracting(s -> s.id().name())
                .doesNotContain(IO_READ.name(), IO_WRITE.name())
                .contains(CPU_USAGE.name());
        assertThat(tick.unknown()).isEmpty();
    }
}

package dev.vigil.core.container;

import static dev.vigil.core.container.ContainerMetrics.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.Tick;
import dev.vigil.core.metric.Sample;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CgroupV2Test extends CgroupFixtureTest {

    private static final String DIR = "sys/fs/cgroup/system.slice/app.service/";
    private static final double MIB = 1024 * 1024;

    private static CgroupTree counters(
            CgroupTree tree,
            long usageUsec,
            long periods,
            long throttled,
            long throttledUsec,
            long oomKills,
            long readBytes) {
        return tree.write(
                        DIR + "cpu.stat",
                        "usage_usec " + usageUsec + "\nuser_usec 1\nsystem_usec 1\n" + "nr_periods " + periods
                                + "\nnr_throttled " + throttled + "\nthrottled_usec " + throttledUsec + "\n")
                .write(DIR + "memory.events", "low 0\nhigh 0\nmax 3\noom " + oomKills + "\noom_kill " + oomKills + "\n")
                .write(
                        DIR + "io.stat",
                        "8:0 rbytes=" + readBytes + " wbytes=4096 rios=3 wios=1 dbytes=0 dios=0\n" + "253:0 rbytes="
                                + readBytes + " wbytes=0 rios=3 wios=0 dbytes=0 dios=0\n");
    }

    private CgroupTree limited() {
        return CgroupTree.v2(root, "/system.slice/app.service", "/")
                .write(DIR + "cpu.max", "50000 100000\n")
                .write(DIR + "memory.current", String.valueOf((long) (400 * MIB)))
                .write(
                        DIR + "memory.stat",
                        "anon 1000\nfile 2000\ninactive_file " + (long) (100 * MIB) + "\nactive_file 5\n")
                .write(DIR + "memory.max", String.valueOf((long) (1024 * MIB)))
                .write(DIR + "pids.current", "12\n")
                .write(DIR + "pids.max", "100\n");
    }

    @Test
    void reportsUsageLimitsAndRatiosOfALimitedCgroup() {
        CgroupTree tree = counters(limited(), 1_000_000, 100, 10, 200_000, 0, 10_000);
        ContainerMetrics container = source(tree);

        Tick first = sampled.tick();
        counters(tree, 3_000_000, 200, 35, 1_200_000, 1, 15_120);
        Tick second = sampled.tickAfter(Duration.ofSeconds(10));

        assertThat(container.version()).isEqualTo(CgroupVersion.V2);
        assertThat(container.hasLimits()).isTrue();
        assertThat(first.value(CPU_LIMIT)).isEqualTo(0.5);
        assertThat(first.value(MEMORY_USAGE)).isEqualTo(400 * MIB);
        assertThat(first.value(MEMORY_WORKING_SET)).isEqualTo(300 * MIB);
        assertThat(first.value(MEMORY_LIMIT)).isEqualTo(1024 * MIB);
        assertThat(first.value(MEMORY_UTILIZATION)).isCloseTo(300.0 / 1024, within(1e-12));
        assertThat(first.value(PIDS_CURRENT)).isEqualTo(12);
        assertThat(first.value(PIDS_MAX)).isEqualTo(100);
        assertThat(first.value(CPU_USAGE)).as("a counter needs two readings").isNaN();
        assertThat(first.value(CPU_UTILIZATION)).isNaN();

        assertThat(second.value(CPU_USAGE)).isCloseTo(0.2, within(1e-9));
        assertThat(second.value(CPU_UTILIZATION)).isCloseTo(0.4, within(1e-9));
        assertThat(second.value(CPU_THROTTLED_PERIODS)).isCloseTo(0.25, within(1e-9));
        assertThat(second.value(CPU_THROTTLED_TIME)).isCloseTo(0.1, within(1e-9));
        assertThat(second.value(MEMORY_OOM_KILLS)).isCloseTo(0.1, within(1e-9));
        assertThat(second.value(IO_READ)).isCloseTo(1024, within(1e-9));
        assertThat(second.value(IO_WRITE)).isZero();
        assertThat(second.unknown()).isEmpty();
    }

    @Test
    void limitsWrittenAsMaxHaveNoSeriesNorRatios() {
        CgroupTree tree = counters(CgroupTree.v2(root, "/system.slice/app.service", "/"), 1_000_000, 0, 0, 0, 0, 0)
                .write(DIR + "cpu.max", "max 100000\n")
                .write(DIR + "memory.current", "1000\n")
                .write(DIR + "memory.max", "max\n")
                .write(DIR + "pids.current", "3\n")
                .write(DIR + "pids.max", "max\n");
        ContainerMetrics container = source(tree);

        sampled.tick();
        counters(tree, 2_000_000, 0, 0, 0, 0, 0);
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
        assertThat(tick.value(CPU_USAGE)).isCloseTo(0.1, within(1e-9));
        assertThat(tick.value(MEMORY_WORKING_SET))
                .as("no memory.stat: the working set is the usage")
                .isEqualTo(1000);
        assertThat(tick.unknown()).isEmpty();
    }

    @Test
    void aCounterThatGoesBackIsAResetNotANegativeRate() {
        CgroupTree tree = counters(limited(), 50_000_000, 1000, 100, 5_000_000, 2, 1_000_000);
        source(tree);

        sampled.tick();
        counters(tree, 1_000_000, 10, 5, 100_000, 0, 2048); // the cgroup was recreated
        Tick reset = sampled.tickAfter(Duration.ofSeconds(10));
        counters(tree, 2_000_000, 110, 15, 200_000, 0, 4096);
        Tick after = sampled.tickAfter(Duration.ofSeconds(10));

        assertThat(reset.samples())
                .extracting(Sample::value)
                .allSatisfy(v -> assertThat(v).isNotNegative());
        assertThat(reset.value(CPU_USAGE)).as("counted from zero").isCloseTo(0.1, within(1e-9));
        assertThat(reset.value(CPU_UTILIZATION)).isNaN();
        assertThat(reset.value(CPU_THROTTLED_PERIODS)).isNaN();
        assertThat(after.value(CPU_UTILIZATION)).isCloseTo(0.2, within(1e-9));
        assertThat(after.value(CPU_THROTTLED_PERIODS)).isCloseTo(0.1, within(1e-9));
        assertThat(after.value(IO_READ)).isCloseTo(409.6, within(1e-9));
    }

    @Test
    void findsTheCgroupAtTheMountPointInsideACgroupNamespace() {
        // a container with its own cgroup namespace sees itself at "/"
        CgroupTree tree = CgroupTree.v2(root, "/", "/")
                .write("sys/fs/cgroup/memory.max", "2048\n")
                .write("sys/fs/cgroup/memory.current", "1024\n");
        source(tree);

        Tick tick = sampled.tick();

        assertThat(tick.value(MEMORY_UTILIZATION)).isEqualTo(0.5);
    }

    @Test
    void withoutAnyCgroupThereAreNoSeriesAndNoErrors() {
        // a proc tree without any cgroup mount, as on a machine without cgroups
        ContainerMetrics container = source(CgroupTree.v2(root, "/", "/")
                .write("proc/self/mountinfo", "25 30 0:22 / /proc rw,nosuid - proc proc rw\n"));

        Tick tick = sampled.tick();

        assertThat(container.version()).isEqualTo(CgroupVersion.NONE);
        assertThat(container.hasLimits()).isFalse();
        assertThat(tick.samples()).isEmpty();
        assertThat(tick.unknown()).isEmpty();
    }

    @Test
    void readsTheFilesInTheLayoutTheKernelWritesForAKubernetesContainer() {
        // a containerd container with its own cgroup namespace: it sees itself at "/", and the files
        // hold every key a 6.x kernel writes (Documentation/admin-guide/cgroup-v2.rst; io.stat with
        // the extra keys io.cost adds), not only the ones Vigil reads
        String dir = "sys/fs/cgroup/";
        CgroupTree tree = CgroupTree.v2(root, "/", "/")
                .write(
                        "proc/self/mountinfo",
                        "1322 1273 0:388 / / rw,relatime master:577 - overlay overlay rw,lowerdir=/l\n"
                                + "1330 1322 0:27 / /sys/fs/cgroup ro,nosuid,nodev,noexec,relatime - cgroup2 cgroup "
                                + "rw,nsdelegate,memory_recursiveprot\n")
                .write(dir + "cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n")
                .write(dir + "cpu.max", "150000 100000\n")
                .write(dir + "memory.max", "536870912\n")
                .write(dir + "memory.current", "213057536\n")
                .write(dir + "memory.stat", kernelMemoryStat(29_884_416))
                .write(dir + "pids.max", "4096\n")
                .write(dir + "pids.current", "41\n");
        kernelCounters(tree, dir, 8_000_000, 120, 30, 2_500_000, 314_773_504L);
        source(tree);
        sampled.tick();
        kernelCounters(tree, dir, 20_000_000, 220, 55, 4_000_000, 314_773_504L + 10_485_760);

        Tick tick = sampled.tickAfter(Duration.ofSeconds(10));

        assertThat(tick.value(CPU_LIMIT)).isEqualTo(1.5);
        assertThat(tick.value(CPU_USAGE)).isCloseTo(1.2, within(1e-9));
        assertThat(tick.value(CPU_UTILIZATION)).isCloseTo(0.8, within(1e-9));
        assertThat(tick.value(CPU_THROTTLED_PERIODS)).isCloseTo(0.25, within(1e-9));
        assertThat(tick.value(CPU_THROTTLED_TIME)).isCloseTo(0.15, within(1e-9));
        assertThat(tick.value(MEMORY_USAGE)).isEqualTo(213_057_536);
        assertThat(tick.value(MEMORY_WORKING_SET)).isEqualTo(213_057_536 - 29_884_416);
        assertThat(tick.value(MEMORY_LIMIT)).isEqualTo(536_870_912);
        assertThat(tick.value(PIDS_CURRENT)).isEqualTo(41);
        assertThat(tick.value(PIDS_MAX)).isEqualTo(4096);
        assertThat(tick.value(IO_WRITE)).isCloseTo(1_048_576, within(1e-6));
        assertThat(tick.value(IO_READ)).isZero();
        assertThat(tick.value(MEMORY_OOM_KILLS)).isZero();
        assertThat(tick.unknown()).isEmpty();
    }

    /** cpu.stat, memory.events and io.stat with every key a 6.x kernel writes. */
    private static void kernelCounters(
            CgroupTree tree,
            String dir,
            long usageUsec,
            long periods,
            long throttled,
            long throttledUsec,
            long writtenOn816) {
        tree.write(
                        dir + "cpu.stat",
                        "usage_usec " + usageUsec + "\nuser_usec " + usageUsec * 3 / 4
                                + "\nsystem_usec " + usageUsec / 4 + "\ncore_sched.force_idle_usec 0\nnr_periods "
                                + periods
                                + "\nnr_throttled " + throttled + "\nthrottled_usec " + throttledUsec
                                + "\nnr_bursts 0\nburst_usec 0\n")
                .write(dir + "memory.events", "low 0\nhigh 0\nmax 12\noom 0\noom_kill 0\noom_group_kill 0\n")
                .write(
                        dir + "io.stat",
                        "8:16 rbytes=1459200 wbytes=" + writtenOn816 + " rios=192 wios=353 dbytes=0 dios=0"
                                + " cost.vrate=100.00 cost.usage=5316 cost.wait=0 cost.indebt=0 cost.indelay=0\n"
                                + "8:0 rbytes=90430464 wbytes=299008000 rios=8950 wios=1252 dbytes=50331648 dios=3021\n");
    }

    private static String kernelMemoryStat(long inactiveFile) {
        return "anon 150994944\nfile 58720256\nkernel 3538944\nkernel_stack 737280\npagetables 1216512\n"
                + "sec_pagetables 0\npercpu 144\nsock 0\nvmalloc 8192\nshmem 0\nzswap 0\nzswapped 0\n"
                + "file_mapped 25165824\nfile_dirty 4096\nfile_writeback 0\nswapcached 0\nanon_thp 0\n"
                + "file_thp 0\nshmem_thp 0\ninactive_anon 150953984\nactive_anon 40960\ninactive_file "
                + inactiveFile + "\nactive_file 28835840\nunevictable 0\nslab_reclaimable 1009032\n"
                + "slab_unreclaimable 494736\nslab 1503768\nworkingset_refault_anon 0\nworkingset_refault_file 0\n"
                + "workingset_activate_anon 0\nworkingset_activate_file 0\nworkingset_restore_anon 0\n"
                + "workingset_restore_file 0\nworkingset_nodereclaim 0\npgscan 0\npgsteal 0\npgscan_kswapd 0\n"
                + "pgscan_direct 0\npgsteal_kswapd 0\npgsteal_direct 0\npgfault 61485\npgmajfault 3\n"
                + "pgrefill 0\npgactivate 7040\npgdeactivate 0\npglazyfree 0\npglazyfreed 0\n"
                + "zswpin 0\nzswpout 0\nthp_fault_alloc 0\nthp_collapse_alloc 0\n";
    }
}

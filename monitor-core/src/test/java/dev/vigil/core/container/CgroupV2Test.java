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

    private static CgroupTree counters(CgroupTree tree, long usageUsec, long periods, long throttled,
                                       long throttledUsec, long oomKills, long readBytes) {
        return tree.write(DIR + "cpu.stat", "usage_usec " + usageUsec + "\nuser_usec 1\nsystem_usec 1\n"
                        + "nr_periods " + periods + "\nnr_throttled " + throttled + "\nthrottled_usec " + throttledUsec + "\n")
                .write(DIR + "memory.events", "low 0\nhigh 0\nmax 3\noom " + oomKills + "\noom_kill " + oomKills + "\n")
                .write(DIR + "io.stat", "8:0 rbytes=" + readBytes + " wbytes=4096 rios=3 wios=1 dbytes=0 dios=0\n"
                        + "253:0 rbytes=" + readBytes + " wbytes=0 rios=3 wios=0 dbytes=0 dios=0\n");
    }

    private CgroupTree limited() {
        return CgroupTree.v2(root, "/system.slice/app.service", "/")
                .write(DIR + "cpu.max", "50000 100000\n")
                .write(DIR + "memory.current", String.valueOf((long) (400 * MIB)))
                .write(DIR + "memory.stat", "anon 1000\nfile 2000\ninactive_file " + (long) (100 * MIB) + "\nactive_file 5\n")
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
        assertThat(tick.samples()).extracting(s -> s.id().name()).doesNotContain(
                "container.cpu.limit", "container.cpu.utilization", "container.cpu.throttled.periods",
                "container.memory.limit", "container.memory.utilization", "container.pids.max");
        assertThat(tick.value(CPU_USAGE)).isCloseTo(0.1, within(1e-9));
        assertThat(tick.value(MEMORY_WORKING_SET)).as("no memory.stat: the working set is the usage").isEqualTo(1000);
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

        assertThat(reset.samples()).extracting(Sample::value).allSatisfy(v -> assertThat(v).isNotNegative());
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
        CgroupTree tree = CgroupTree.v2(root, "/", "/").write("sys/fs/cgroup/memory.max", "2048\n")
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
}

package dev.vigil.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.Monitor;
import dev.vigil.core.Tick;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.MetricKind;
import dev.vigil.core.metric.Sample;
import dev.vigil.core.metric.SeriesDescriptor;
import dev.vigil.core.metric.Unit;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import oshi.SystemInfo;

/**
 * Runs {@link HostMetrics} against this machine, once with its {@code /proc} reader and once
 * with the OSHI reader used on other systems, and checks ranges and relations of what it reads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostMetricsOnThisMachineTest {

    record Run(String reader, HostMetrics source, Tick first, Tick second) {
        @Override
        public String toString() {
            return reader;
        }

        double value(String name, String... tags) {
            return second.value(MetricId.of(name, tags));
        }

        List<Sample> named(String name) {
            return second.samples().stream()
                    .filter(s -> s.id().name().equals(name))
                    .toList();
        }
    }

    private List<Run> runs;

    @BeforeAll
    void tickEachReaderTwice() {
        runs = List.of(
                run("procfs", HostMetrics.builder().reader(new ProcfsHostReader())),
                run(
                        "oshi",
                        HostMetrics.builder()
                                .reader(new OshiHostReader())
                                .filesystemReader(new OshiFilesystemReader(
                                        new SystemInfo().getOperatingSystem().getFileSystem()))));
    }

    private static Run run(String name, HostMetrics.Builder builder) {
        HostMetrics host = builder.build();
        // the readings are the point, not the deadline: OSHI's first read may be slow on a loaded machine
        Monitor monitor = Monitor.builder()
                .every(Duration.ofMinutes(1))
                .source(host, Duration.ofSeconds(30))
                .build();
        Tick first = monitor.tickNow();
        long firstRead = System.nanoTime();
        burnCpu(Duration.ofMillis(100)); // so that the CPU counters move between the ticks
        waitUntil(firstRead + Duration.ofMillis(350).toNanos()); // past OSHI's 300 ms memoization of CPU ticks
        Tick second = monitor.tickNow();
        monitor.close();
        return new Run(name, host, first, second);
    }

    /** Real time is the point here: OSHI memoizes by wall time. Parks may end early, hence the loop. */
    private static void waitUntil(long nanoTime) {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** Keeps this thread on a CPU until it has used {@code cpu} of CPU time, however loaded the machine. */
    static void burnCpu(Duration cpu) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long end = threads.getCurrentThreadCpuTime() + cpu.toNanos();
        long x = 0;
        while (threads.getCurrentThreadCpuTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                x += Long.numberOfTrailingZeros(x + i);
            }
        }
        if (x == 42) {
            System.out.print("");
        }
    }

    @AfterAll
    void closeSources() {
        runs.forEach(r -> r.source().close());
    }

    Stream<Run> runs() {
        return runs.stream();
    }

    @ParameterizedTest
    @MethodSource("runs")
    void firstTickHasNoCpuUtilizationButTheSecondHas(Run run) {
        assertThat(run.first().value(MetricId.of("system.cpu.usage"))).isNaN();
        assertThat(run.value("system.cpu.usage")).isBetween(0.0, 1.0).isGreaterThan(0.0);
        double modes = run.named("system.cpu.mode.usage").stream()
                .mapToDouble(Sample::value)
                .sum();
        assertThat(modes).isCloseTo(1.0, within(1e-9));
        assertThat(run.named("system.cpu.mode.usage"))
                .extracting(s -> s.id().tag("mode"))
                .containsExactlyInAnyOrder(HostMetrics.CPU_MODE_NAMES);
        // the host's processors: at least those this JVM may use
        assertThat(run.value("system.cpu.count"))
                .isGreaterThanOrEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @ParameterizedTest
    @MethodSource("runs")
    void everyRatioIsBetweenZeroAndOneAndEveryRateIsNotNegative(Run run) {
        assertThat(run.second().samples()).isNotEmpty().allSatisfy(s -> {
            assertThat(s.value()).as("%s", s.id()).isFinite();
            if (s.unit() == Unit.RATIO) {
                assertThat(s.value()).as("%s", s.id()).isBetween(0.0, 1.0);
            }
            if (s.unit() == Unit.SECONDS_PER_SECOND) {
                // the kernel's busy time and our tick times are taken a few microseconds apart
                assertThat(s.value()).as("%s", s.id()).isBetween(0.0, 1.05);
            }
            assertThat(s.value()).as("%s", s.id()).isGreaterThanOrEqualTo(0.0);
        });
    }

    @ParameterizedTest
    @MethodSource("runs")
    void memoryPartsAreWithinTheTotal(Run run) {
        double total = run.value("system.memory.total");
        assertThat(total).isGreaterThan(0);
        assertThat(run.value("system.memory.available")).isBetween(0.0, total);
        assertThat(run.value("system.memory.used")).isBetween(0.0, total);
        assertThat(run.value("system.memory.used") + run.value("system.memory.available"))
                .isEqualTo(total);
        double swap = run.value("system.swap.total");
        assertThat(swap).isGreaterThanOrEqualTo(0);
        assertThat(run.value("system.swap.used")).isBetween(0.0, swap);
    }

    @ParameterizedTest
    @MethodSource("runs")
    void theRootFilesystemIsReportedWithFreeWithinTotal(Run run) {
        assertThat(run.named("disk.free")).extracting(s -> s.id().tag("mount")).contains("/");
        for (Sample free : run.named("disk.free")) {
            double total =
                    run.second().value(MetricId.of("disk.total", free.id().tags()));
            assertThat(free.value()).as("%s", free.id()).isBetween(0.0, total);
        }
        for (Sample free : run.named("disk.inodes.free")) {
            double total = run.second()
                    .value(MetricId.of("disk.inodes.total", free.id().tags()));
            assertThat(free.value()).as("%s", free.id()).isBetween(0.0, total);
        }
        assertThat(run.second().unknown()).isEmpty();
    }

    @Test
    void pseudoFilesystemsOfThisMachineAreLeftOutByDefault() {
        Set<String> types = runs.get(0).named("disk.total").stream()
                .map(s -> s.id().tag("type"))
                .collect(Collectors.toSet());
        assertThat(types).doesNotContain("proc", "sysfs", "tmpfs", "devtmpfs", "cgroup", "cgroup2", "devpts");
    }

    @ParameterizedTest
    @MethodSource("runs")
    void hostCountsAreSensible(Run run) {
        double processes = run.value("system.processes");
        assertThat(processes).isGreaterThanOrEqualTo(1);
        assertThat(run.value("system.threads")).isGreaterThanOrEqualTo(processes);
        assertThat(run.value("system.uptime")).isGreaterThan(0);
        assertThat(run.value("system.load.average.1m")).isGreaterThanOrEqualTo(0);
        assertThat(run.value("system.files.open")).isBetween(1.0, run.value("system.files.max"));
    }

    @Test
    void loopbackAndPartitionsAreLeftOutByDefault() {
        Run procfs = runs.get(0);
        // a machine may have no interface but loopback: only what is listed is checked
        assertThat(procfs.named("network.receive.bytes"))
                .extracting(s -> s.id().tag("interface"))
                .doesNotContain("lo");
        assertThat(procfs.named("disk.read.bytes"))
                .extracting(s -> s.id().tag("device"))
                .noneMatch(d -> d.startsWith("loop")
                        || d.startsWith("ram")
                        || d.startsWith("zram")
                        || d.matches("[shv]d[a-z]+\\d+"));
    }

    @Test
    void bothReadersAgreeOnWhatDoesNotMove() {
        Run procfs = runs.get(0);
        Run oshi = runs.get(1);
        assertThat(oshi.value("system.memory.total")).isEqualTo(procfs.value("system.memory.total"));
        assertThat(oshi.value("system.cpu.count")).isEqualTo(procfs.value("system.cpu.count"));
        // Which mounts each reader lists depends on the machine's mount layout (bind mounts, pseudo
        // filesystems), which a test must not assume: compare the filesystems both readers list.
        Map<String, Double> oshiTotals = totalsByMount(oshi);
        Map<String, Double> procfsTotals = totalsByMount(procfs);
        Set<String> common = new TreeSet<>(oshiTotals.keySet());
        common.retainAll(procfsTotals.keySet());
        assertThat(common)
                .as("mounts both readers list: oshi %s, procfs %s", oshiTotals.keySet(), procfsTotals.keySet())
                .isNotEmpty();
        for (String mount : common) {
            assertThat(oshiTotals.get(mount)).as("disk.total of %s", mount).isEqualTo(procfsTotals.get(mount));
        }
    }

    private static Map<String, Double> totalsByMount(Run run) {
        Map<String, Double> totals = new HashMap<>();
        run.named("disk.total").forEach(s -> totals.put(s.id().tag("mount"), s.value()));
        return totals;
    }

    @ParameterizedTest
    @MethodSource("runs")
    void everySeriesProducedIsDescribedWithItsUnitKindAndTags(Run run) {
        Map<String, SeriesDescriptor> described =
                run.source().describe().stream().collect(Collectors.toMap(SeriesDescriptor::name, d -> d));
        Stream.concat(run.first().samples().stream(), run.second().samples().stream())
                .forEach(s -> {
                    SeriesDescriptor d = described.get(s.id().name());
                    assertThat(d).as("descriptor of %s", s.id()).isNotNull();
                    assertThat(s.unit()).as("%s", s.id()).isEqualTo(d.unit());
                    assertThat(s.id().tags().keySet()).as("%s", s.id()).containsExactlyInAnyOrderElementsOf(d.tags());
                });
        // counters give rates from the second tick only: none of them in the first
        assertThat(run.first().samples())
                .noneMatch(s -> described.get(s.id().name()).kind() == MetricKind.COUNTER);
        assertThat(run.second().samples())
                .anyMatch(s -> described.get(s.id().name()).kind() == MetricKind.COUNTER);
    }

    @Test
    void describedNamesAreUnique() {
        try (HostMetrics host = HostMetrics.create()) {
            List<String> names =
                    host.describe().stream().map(SeriesDescriptor::name).toList();
            assertThat(names).doesNotHaveDuplicates();
        }
    }
}

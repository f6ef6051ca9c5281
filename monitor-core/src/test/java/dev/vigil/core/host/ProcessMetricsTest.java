package dev.vigil.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.vigil.core.Monitor;
import dev.vigil.core.Tick;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Sample;
import dev.vigil.core.metric.SeriesDescriptor;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link ProcessMetrics} on this JVM. */
class ProcessMetricsTest {

    static ProcessMetrics source;
    static Tick first;
    static Tick second;
    static long wallNanosAroundTicks;
    static final Duration BURNED = Duration.ofMillis(100);

    @BeforeAll
    static void tickTwiceAroundSomeWork() {
        source = ProcessMetrics.create();
        try (Monitor monitor = Monitor.builder().source(source).build()) {
            long started = System.nanoTime();
            first = monitor.tickNow();
            HostMetricsOnThisMachineTest.burnCpu(BURNED);
            second = monitor.tickNow();
            wallNanosAroundTicks = System.nanoTime() - started;
        }
    }

    static double value(String name) {
        return second.value(MetricId.of(name));
    }

    @Test
    void cpuUsageComesFromTheSecondTickAndSeesTheWorkDone() {
        assertThat(first.value(MetricId.of("process.cpu.usage"))).isNaN();
        // at least the CPU time burned between the ticks, over at most the wall time around them
        // (less one 10 ms clock tick: the OS may count process CPU time in clock ticks)
        double burned = BURNED.minusMillis(10).toNanos();
        double floor = burned / wallNanosAroundTicks / Runtime.getRuntime().availableProcessors();
        assertThat(value("process.cpu.usage")).isBetween(floor, 1.0);
    }

    @Test
    void memoryThreadsAndFilesAreConsistent() {
        double rss = value("process.memory.rss");
        assertThat(rss).isGreaterThan(1 << 20).isLessThanOrEqualTo(value("process.memory.virtual"));
        // the OS sees at least the JVM's live Java threads (and its own GC and compiler threads)
        assertThat(value("process.threads"))
                .isGreaterThanOrEqualTo(ManagementFactory.getThreadMXBean().getThreadCount() - 5.0);
        assertThat(value("process.files.open")).isBetween(3.0, value("process.files.max"));
    }

    @Test
    void uptimeAndStartTimeMatchTheRuntime() {
        assertThat(value("process.uptime"))
                .isGreaterThan(0)
                .isLessThanOrEqualTo(ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        assertThat(value("process.start.time") + value("process.uptime"))
                .isCloseTo(second.timeMillis() / 1000.0, offset(2.0));
    }

    @Test
    void everySeriesProducedIsDescribedOnceWithItsUnit() {
        Map<String, SeriesDescriptor> described = source.describe().stream()
                .collect(Collectors.toMap(SeriesDescriptor::name, d -> d)); // throws on a duplicate name
        assertThat(second.samples())
                .extracting(s -> s.id().name())
                .containsExactlyInAnyOrderElementsOf(described.keySet());
        for (Sample s : second.samples()) {
            assertThat(s.unit())
                    .as("%s", s.id())
                    .isEqualTo(described.get(s.id().name()).unit());
        }
        assertThat(second.unknown()).isEmpty();
    }

    @Test
    void oshisViewOfThisProcessAgreesWithProcSelf() throws Exception {
        RecordingSink procfs = new RecordingSink();
        RecordingSink oshi = new RecordingSink();
        ProcessMetrics.create().sample(procfs);
        ProcessMetrics.throughOshi().sample(oshi);
        for (String name : new String[] {"process.memory.rss", "process.memory.virtual", "process.threads"}) {
            assertThat(oshi.gauge(name)).as(name).isPositive().isCloseTo(procfs.gauge(name), withinPercentage(25));
        }
    }
}

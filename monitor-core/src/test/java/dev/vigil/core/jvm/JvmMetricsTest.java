package dev.vigil.core.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.core.Monitor;
import dev.vigil.core.Tick;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.MetricKind;
import dev.vigil.core.metric.Sample;
import dev.vigil.core.metric.SeriesDescriptor;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.SampleSink;
import dev.vigil.core.time.ManualClock;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JvmMetricsTest {

    private final ManualClock clock = ManualClock.create();
    private Monitor monitor;

    @BeforeEach
    void collectOnce() {
        System.gc(); // so that the after-GC series have something to report
    }

    @AfterEach
    void close() {
        if (monitor != null) {
            monitor.close();
        }
    }

    private Tick[] twoTicks(JvmMetrics jvm) {
        monitor = Monitor.builder()
                .clock(clock)
                .every(Duration.ofSeconds(10))
                .source(jvm)
                .build();
        Tick first = monitor.tickNow();
        clock.advance(Duration.ofSeconds(10));
        return new Tick[] {first, monitor.tickNow()};
    }

    private static List<Sample> named(Tick tick, String name) {
        return tick.samples().stream().filter(s -> s.id().name().equals(name)).toList();
    }

    private static double value(Tick tick, String name, String... tags) {
        return tick.value(MetricId.of(name, tags));
    }

    @Test
    void poolMemoryIsConsistentWithCommittedAndMax() {
        Tick tick = twoTicks(JvmMetrics.create())[1];
        List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
        assertThat(named(tick, "jvm.memory.used")).hasSize(pools.size());
        for (Sample used : named(tick, "jvm.memory.used")) {
            String area = used.id().tag("area");
            String id = used.id().tag("id");
            assertThat(area).isIn("heap", "nonheap");
            double committed = value(tick, "jvm.memory.committed", "area", area, "id", id);
            double max = value(tick, "jvm.memory.max", "area", area, "id", id);
            assertThat(used.value()).as("used of %s", id).isBetween(0.0, committed);
            if (!Double.isNaN(max)) {
                assertThat(used.value()).as("used of %s", id).isLessThanOrEqualTo(max);
            }
        }
    }

    @Test
    void undefinedMaximumsAreAbsentNotZero() {
        Tick tick = twoTicks(JvmMetrics.create())[1];
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            String area = pool.getType().name().equals("HEAP") ? "heap" : "nonheap";
            double max = value(tick, "jvm.memory.max", "area", area, "id", pool.getName());
            if (pool.getUsage().getMax() < 0) {
                assertThat(max).as("max of %s", pool.getName()).isNaN();
            } else {
                assertThat(max).as("max of %s", pool.getName()).isPositive();
            }
        }
        if (ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getMax() < 0) {
            assertThat(value(tick, "jvm.memory.nonheap.max")).isNaN();
        }
        assertThat(named(tick, "jvm.memory.max"))
                .allSatisfy(s -> assertThat(s.value()).isPositive());
    }

    @Test
    void areaTotalsAreConsistent() {
        Tick tick = twoTicks(JvmMetrics.create())[1];
        for (String area : List.of("heap", "nonheap")) {
            double used = value(tick, "jvm.memory." + area + ".used");
            double committed = value(tick, "jvm.memory." + area + ".committed");
            assertThat(used).as(area).isPositive().isLessThanOrEqualTo(committed);
        }
        assertThat(value(tick, "jvm.memory.heap.max")).isGreaterThanOrEqualTo(value(tick, "jvm.memory.heap.committed"));
    }

    @Test
    void heapAfterGcIsLiveDataOverMaxHeap() {
        Tick tick = twoTicks(JvmMetrics.create())[1];
        double live = value(tick, "jvm.gc.live.data.size");
        double max = value(tick, "jvm.gc.max.data.size");
        assertThat(live).isPositive().isLessThanOrEqualTo(max);
        assertThat(value(tick, "jvm.memory.heap.after.gc.usage"))
                .isEqualTo(live / max)
                .isBetween(0.0, 1.0);
    }

    @Test
    void threadCountsAreConsistent() {
        Tick tick = twoTicks(JvmMetrics.create())[1];
        double live = value(tick, "jvm.threads.live");
        assertThat(live)
                .isGreaterThanOrEqualTo(value(tick, "jvm.threads.daemon"))
                .isLessThanOrEqualTo(value(tick, "jvm.threads.peak"));
        assertThat(value(tick, "jvm.threads.deadlocked")).isZero();
        assertThat(value(tick, "jvm.threads.states", "state", "runnable"))
                .as("at least the sampling thread runs")
                .isGreaterThanOrEqualTo(1);
        double byState = named(tick, "jvm.threads.states").stream()
                .mapToDouble(Sample::value)
                .sum();
        assertThat(byState).isPositive();
        assertThat(named(tick, "jvm.threads.states"))
                .extracting(s -> s.id().tag("state"))
                .containsExactlyInAnyOrder("new", "runnable", "blocked", "waiting", "timed-waiting", "terminated");
    }

    @Test
    void threadStatesCanBeTurnedOff() {
        Tick tick = twoTicks(JvmMetrics.builder().threadStates(false).build())[1];
        assertThat(named(tick, "jvm.threads.states")).isEmpty();
        assertThat(named(tick, "jvm.threads.live")).hasSize(1);
    }

    @Test
    void ratesAppearFromTheSecondTickAndAreNotNegative() {
        Tick[] ticks = twoTicks(JvmMetrics.create());
        Set<String> rates = JvmMetrics.create().describe().stream()
                .filter(d -> d.kind() == MetricKind.COUNTER)
                .map(SeriesDescriptor::name)
                .collect(Collectors.toSet());
        assertThat(ticks[0].samples()).noneMatch(s -> rates.contains(s.id().name()));
        List<Sample> second = ticks[1].samples().stream()
                .filter(s -> rates.contains(s.id().name()))
                .toList();
        assertThat(second).extracting(s -> s.id().name()).containsAll(rates);
        assertThat(second)
                .allSatisfy(s -> assertThat(s.value()).as("%s", s.id()).isGreaterThanOrEqualTo(0));
        assertThat(named(ticks[1], "jvm.gc.collections"))
                .extracting(s -> s.id().tag("gc"))
                .containsExactlyInAnyOrderElementsOf(ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(b -> b.getName())
                        .toList());
    }

    @Test
    void everySeriesIsDescribedWithItsUnitAndTags() {
        JvmMetrics jvm = JvmMetrics.create();
        Map<String, SeriesDescriptor> described = new HashMap<>();
        jvm.describe().forEach(d -> described.put(d.name(), d));
        Tick tick = twoTicks(jvm)[1];
        assertThat(tick.samples()).isNotEmpty().allSatisfy(s -> {
            SeriesDescriptor d = described.get(s.id().name());
            assertThat(d).as("descriptor of %s", s.id()).isNotNull();
            assertThat(s.unit()).as("unit of %s", s.id()).isEqualTo(d.unit());
            assertThat(s.id().tags().keySet()).as("tags of %s", s.id()).containsExactlyInAnyOrderElementsOf(d.tags());
        });
        Set<String> emitted = tick.samples().stream().map(s -> s.id().name()).collect(Collectors.toSet());
        Set<String> mayBeAbsent = Set.of("jvm.memory.nonheap.max", "jvm.buffer.memory.used");
        assertThat(emitted)
                .containsAll(described.keySet().stream()
                        .filter(n -> !mayBeAbsent.contains(n))
                        .toList());
    }

    @Test
    void deadlockCheckIntervalIsValidated() {
        assertThatThrownBy(() -> JvmMetrics.builder().deadlockCheckEvery(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deadlockCheckEvery")
                .hasMessageContaining("0");
    }

    @Test
    void samplingAllocatesLittle() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemoryEnabled());
        com.sun.management.ThreadMXBean hotspot = (com.sun.management.ThreadMXBean) threads;
        SampleSink discard = new SampleSink() {
            @Override
            public void gauge(MetricId id, Unit unit, double value) {}

            @Override
            public void counter(MetricId id, Unit rateUnit, double total) {}

            @Override
            public void unknown(MetricId id, Unit unit) {}
        };
        JvmMetrics jvm = JvmMetrics.create();
        for (int i = 0; i < 200; i++) {
            jvm.sample(discard);
        }
        long thread = Thread.currentThread().getId();
        long before = hotspot.getThreadAllocatedBytes(thread);
        int calls = 200;
        for (int i = 0; i < calls; i++) {
            jvm.sample(discard);
        }
        long perCall = (hotspot.getThreadAllocatedBytes(thread) - before) / calls;
        // measured about 650 bytes on HotSpot 17 (the MemoryUsage objects the MXBeans return)
        assertThat(perCall).isLessThan(4 * 1024);
    }
}

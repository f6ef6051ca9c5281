package dev.vigil.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.metric.MetricId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * HostMetrics against a reader the test controls: disks and interfaces that come and go (container
 * veth pairs, hot-unplug) are forgotten, and the costly process listing runs less often.
 */
class DeviceChurnTest {

    /** A reader whose disks and interfaces the test sets; everything else is absent. */
    static final class ChurningReader implements HostReader {
        List<String> interfaces = List.of();
        List<String> disks = List.of();
        boolean failInterfaces;

        @Override
        public boolean cpuTicks(long[] ticks) {
            return false;
        }

        @Override
        public boolean loadAverage(double[] load) {
            return false;
        }

        @Override
        public boolean memory(long[] memory) {
            return false;
        }

        int processListings;

        @Override
        public long processCount() {
            processListings++;
            return 42;
        }

        @Override
        public boolean files(long[] files) {
            return false;
        }

        @Override
        public double uptimeSeconds() {
            return -1;
        }

        @Override
        public int logicalProcessors() {
            return 1;
        }

        @Override
        public void disks(DiskVisitor visitor) {
            for (String d : disks) {
                visitor.disk(d, 1, 2, 3, 4, 5);
            }
        }

        @Override
        public void interfaces(InterfaceVisitor visitor) throws Exception {
            if (failInterfaces) {
                throw new java.io.IOException("/proc/net/dev unreadable");
            }
            for (String i : interfaces) {
                visitor.networkInterface(i, 1, 2, 3, 4, 5, 6, 7, 8);
            }
        }
    }

    @Test
    void aVanishedInterfaceIsNotReportedUnknownLater() {
        ChurningReader reader = new ChurningReader();
        try (HostMetrics host = HostMetrics.builder()
                .reader(reader)
                .filesystemReader(FakeFilesystems.of())
                .build()) {
            reader.interfaces = List.of("veth1");
            host.sample(new RecordingSink());
            reader.interfaces = List.of("veth2");
            RecordingSink second = new RecordingSink();
            host.sample(second);
            assertThat(second.counters).containsKey(MetricId.of("network.receive.bytes", "interface", "veth2"));

            reader.failInterfaces = true;
            RecordingSink failed = new RecordingSink();
            host.sample(failed);
            assertThat(failed.unknown)
                    .contains(MetricId.of("network.receive.bytes", "interface", "veth2"))
                    .doesNotContain(MetricId.of("network.receive.bytes", "interface", "veth1"));
        }
    }

    @Test
    void aVanishedDiskIsForgottenAndAReturningOneIsReadAgain() {
        ChurningReader reader = new ChurningReader();
        try (HostMetrics host = HostMetrics.builder()
                .reader(reader)
                .filesystemReader(FakeFilesystems.of())
                .build()) {
            reader.disks = List.of("sda", "loop0");
            host.sample(new RecordingSink());
            reader.disks = List.of();
            host.sample(new RecordingSink());
            reader.disks = List.of("sda", "loop0");
            RecordingSink back = new RecordingSink();
            host.sample(back);
            assertThat(back.counters)
                    .containsKey(MetricId.of("disk.read.bytes", "device", "sda"))
                    .doesNotContainKey(MetricId.of("disk.read.bytes", "device", "loop0")); // still excluded
        }
    }

    @Test
    void processesAreCountedAtMostEveryTenSecondsAndReportedOnEveryTick() {
        ChurningReader reader = new ChurningReader();
        dev.vigil.core.time.ManualClock clock = dev.vigil.core.time.ManualClock.create();
        try (HostMetrics host = HostMetrics.builder()
                .reader(reader)
                .clock(clock)
                .filesystemReader(FakeFilesystems.of())
                .build()) {
            for (int i = 0; i < 5; i++) {
                RecordingSink sink = new RecordingSink();
                host.sample(sink);
                assertThat(sink.gauge("system.processes")).isEqualTo(42);
                clock.advance(java.time.Duration.ofSeconds(1));
            }
            assertThat(reader.processListings).isEqualTo(1);
            clock.advance(java.time.Duration.ofSeconds(10));
            host.sample(new RecordingSink());
            assertThat(reader.processListings).isEqualTo(2);
        }
    }
}

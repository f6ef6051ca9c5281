package dev.vigil.core.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.Monitor;
import dev.vigil.core.Tick;
import dev.vigil.core.metric.SeriesDescriptor;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The cgroup of the machine running the tests, whatever it is, reads without errors. */
class RealCgroupTest {

    @Test
    void readsThisMachinesCgroupWithoutErrors() {
        ContainerMetrics container = ContainerMetrics.create();
        Set<String> described =
                container.describe().stream().map(SeriesDescriptor::name).collect(Collectors.toSet());
        try (Monitor monitor =
                Monitor.builder().every(Duration.ofSeconds(1)).source(container).build()) {
            monitor.tickNow();
            Tick tick = monitor.tickNow();

            assertThat(tick.unknown()).isEmpty();
            assertThat(tick.samples()).allSatisfy(s -> {
                assertThat(described).contains(s.id().name());
                assertThat(s.value()).isFinite().isNotNegative();
            });
            if (container.version() != CgroupVersion.NONE
                    && System.getProperty("os.name").startsWith("Linux")) {
                assertThat(tick.samples()).isNotEmpty();
            }
        }
    }
}

package dev.vigil.core.container;

import dev.vigil.core.Monitor;
import dev.vigil.core.Tick;
import dev.vigil.core.time.ManualClock;
import java.time.Duration;

/** Container metrics over a fixture tree, ticked by a real monitor on a manual clock. */
final class SampledContainer implements AutoCloseable {

    final ManualClock clock = ManualClock.create();
    final ContainerMetrics container;
    private final Monitor monitor;

    SampledContainer(CgroupTree tree) {
        container = ContainerMetrics.builder().root(tree.root).clock(clock).build();
        monitor = Monitor.builder()
                .clock(clock)
                .every(Duration.ofSeconds(10))
                .source(container)
                .build();
    }

    Tick tick() {
        return monitor.tickNow();
    }

    Tick tickAfter(Duration elapsed) {
        clock.advance(elapsed);
        return monitor.tickNow();
    }

    @Override
    public void close() {
        monitor.close();
    }
}

package dev.vigil.test.sources;

import dev.vigil.core.host.HostMetrics;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.source.MetricSource;
import dev.vigil.test.MetricSourceCompatibilityKit;

/**
 * The built-in host source keeps the MetricSource contract on whatever machine runs the test: the
 * checks are about the shape of what it reports (declared, described, once, on time), not about
 * the machine's mounts or interfaces.
 */
class HostMetricsCompatibilityTest extends MetricSourceCompatibilityKit {

    @Override
    protected MetricSource source() {
        return HostMetrics.create();
    }

    /**
     * Documented in its descriptors: swap usage is absent without swap; CPU usage is a ratio of
     * clock ticks, absent before the second reading and when no tick elapsed between two calls
     * (the kit calls it back to back).
     */
    @Override
    protected boolean mayBeAbsent(MetricId declared) {
        return declared.name().equals("system.swap.usage") || declared.name().equals("system.cpu.usage");
    }
}

package dev.vigil.test.sources;

import dev.vigil.core.host.ProcessMetrics;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.source.MetricSource;
import dev.vigil.test.MetricSourceCompatibilityKit;

/** The built-in process source keeps the MetricSource contract (it promises not to block). */
class ProcessMetricsCompatibilityTest extends MetricSourceCompatibilityKit {

    @Override
    protected MetricSource source() {
        return ProcessMetrics.create();
    }

    /** A rate of CPU time over wall time: no value before the second reading. */
    @Override
    protected boolean mayBeAbsent(MetricId declared) {
        return declared.name().equals("process.cpu.usage");
    }
}

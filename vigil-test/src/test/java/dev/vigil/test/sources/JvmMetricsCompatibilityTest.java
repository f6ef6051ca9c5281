package dev.vigil.test.sources;

import dev.vigil.core.jvm.JvmMetrics;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.source.MetricSource;
import dev.vigil.test.MetricSourceCompatibilityKit;

/** The built-in JVM source keeps the MetricSource contract (it promises not to block). */
class JvmMetricsCompatibilityTest extends MetricSourceCompatibilityKit {

    @Override
    protected MetricSource source() {
        return JvmMetrics.create();
    }

    /** Documented in its descriptor: absent when a non-heap pool has no limit, the usual case. */
    @Override
    protected boolean mayBeAbsent(MetricId declared) {
        return declared.name().equals("jvm.memory.nonheap.max");
    }
}

package dev.vigil.core.source;

import dev.vigil.core.metric.SeriesDescriptor;
import java.util.List;

/**
 * The one extension point for sampling: called once per tick with a sink to write readings to.
 *
 * <p>Contract: a source never owns a thread of its own for sampling; the monitor calls it. It
 * should return quickly. If it throws, its series are UNKNOWN for that tick (and the failure is
 * logged once per change of state); if it runs past its deadline, it is abandoned for that tick,
 * its series are UNKNOWN, and the other sources are not delayed. A source is never called again
 * while a previous call is still running.
 *
 * <pre>{@code
 * MetricSource queueDepth = sink -> sink.gauge("app.queue.depth", queue.size());
 * }</pre>
 */
@FunctionalInterface
public interface MetricSource {

    /** Writes this tick's readings to {@code sink}. */
    void sample(SampleSink sink) throws Exception;

    /** A short name used in logs and self-metrics; defaults to the class name. */
    default String name() {
        String simple = getClass().getSimpleName();
        return simple.isEmpty() || simple.contains("$$Lambda") || simple.contains("$Lambda")
                ? "source" : simple;
    }

    /**
     * The series this source may produce, for documentation and discovery; built-in sources list
     * every one (a test keeps {@code docs/metrics.md} in sync). Empty by default.
     */
    default List<SeriesDescriptor> describe() {
        return List.of();
    }
}

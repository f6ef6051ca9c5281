package dev.vigil.core.source;

import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.SeriesDescriptor;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
        return simple.isEmpty() || simple.contains("$$Lambda") || simple.contains("$Lambda") ? "source" : simple;
    }

    /**
     * Whether {@link #sample} may block: wait on the network, a disk, a lock of the application.
     * True by default, and the monitor then calls the source on a worker thread under its
     * deadline. A source that returns false promises to return within microseconds (it reads
     * memory, MXBeans or {@code /proc}) and is called on the sampling thread itself, which saves
     * a thread hand-off per tick; it still must not throw to signal anything but a failure. The
     * built-in host, process and JVM sources return false: the host source reads filesystems,
     * which can hang, on a thread of its own under a deadline.
     */
    default boolean mayBlock() {
        return true;
    }

    /**
     * The series this source may produce, for documentation and discovery; built-in sources list
     * every one (a test keeps {@code docs/metrics.md} in sync). Empty by default.
     */
    default List<SeriesDescriptor> describe() {
        return List.of();
    }

    /**
     * The exact series this source reports, known before its first call: while the source has
     * never answered (it throws or misses its deadline from its first tick), the monitor marks
     * these UNKNOWN, so rules on them read UNKNOWN rather than nothing. Defaults to the untagged
     * series of {@link #describe()}; {@code Sources.gauge} and {@code Sources.counter} declare their
     * one series. Once the source has answered, the series it last reported are used instead.
     */
    default Set<MetricId> declaredSeries() {
        Set<MetricId> ids = new LinkedHashSet<>();
        for (SeriesDescriptor d : describe()) {
            if (d.tags().isEmpty()) {
                ids.add(MetricId.of(d.name()));
            }
        }
        return ids;
    }
}

package dev.vigil.benchmarks.tick;

import dev.vigil.core.host.HostMetrics;
import dev.vigil.core.host.ProcessMetrics;
import dev.vigil.core.jvm.JvmMetrics;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.MetricSource;
import dev.vigil.core.source.SampleSink;
import java.util.List;

/**
 * Vigil's default sources called directly on the calling thread with a sink that keeps nothing:
 * what the sources cost without the monitor (no worker hand-off, counter rates, history or tick
 * view). Set against {@link VigilDefaultSources}, it splits a tick's cost between the sources and
 * the monitor.
 *
 * <pre>{@code
 * TickContender sources = new VigilSourcesOnly();
 * }</pre>
 */
public final class VigilSourcesOnly implements TickContender {

    private final HostMetrics host = HostMetrics.create();
    private final ProcessMetrics process = ProcessMetrics.create();
    private final List<MetricSource> sources = List.of(host, process, JvmMetrics.create());
    private final CountingSink sink = new CountingSink();

    @Override
    public String name() {
        return "Vigil sources, no monitor";
    }

    @Override
    public String description() {
        return "HostMetrics, ProcessMetrics and JvmMetrics sample() on the caller into a sink that keeps nothing ("
                + sink.readings + " readings so far)";
    }

    @Override
    public boolean usesWorkers() {
        return true; // HostMetrics reads filesystems on vigil-filesystem-* threads
    }

    @Override
    public void tick() throws Exception {
        for (MetricSource s : sources) {
            s.sample(sink);
        }
    }

    @Override
    public void close() {
        host.close();
        process.close();
    }

    private static final class CountingSink implements SampleSink {
        long readings;

        @Override
        public void gauge(MetricId id, Unit unit, double value) {
            readings++;
        }

        @Override
        public void counter(MetricId id, Unit rateUnit, double total) {
            readings++;
        }

        @Override
        public void unknown(MetricId id, Unit unit) {
            readings++;
        }
    }
}

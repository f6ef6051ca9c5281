package dev.vigil.benchmarks.tick;

import dev.vigil.core.Monitor;
import dev.vigil.core.host.HostMetrics;
import dev.vigil.core.host.ProcessMetrics;
import dev.vigil.core.jvm.JvmMetrics;
import java.time.Duration;

/**
 * Vigil as a host application runs it: a {@link Monitor} with the default sources and the default
 * history, one {@link Monitor#tickNow()} per tick. {@code tickNow()} runs the same tick code as
 * the monitor's own {@code vigil-monitor} thread, on the calling thread; sources run on Vigil's
 * {@code vigil-source-*} workers (and filesystem reads on {@code vigil-filesystem-*}), whose CPU
 * time and allocation the harness adds to the caller's.
 *
 * <pre>{@code
 * TickContender vigil = new VigilDefaultSources(Duration.ofSeconds(1));
 * }</pre>
 */
public final class VigilDefaultSources implements TickContender {

    private final HostMetrics host = HostMetrics.create();
    private final Monitor monitor;
    private int lastSamples;

    public VigilDefaultSources(Duration interval) {
        this.monitor = Monitor.builder()
                .every(interval)
                .source(host)
                .source(ProcessMetrics.create())
                .source(JvmMetrics.create())
                .build();
    }

    @Override
    public String name() {
        return "Vigil default sources";
    }

    @Override
    public String description() {
        return "Monitor.tickNow() with " + monitor.sourceNames() + " and the default history (" + lastSamples
                + " samples per tick)";
    }

    /** The monitor, for callers that run it on its own thread instead of calling {@link #tick()}. */
    public Monitor monitor() {
        return monitor;
    }

    @Override
    public boolean usesWorkers() {
        return true;
    }

    @Override
    public void tick() {
        lastSamples = monitor.tickNow().samples().size();
    }

    @Override
    public void close() {
        monitor.close();
        host.close();
    }
}

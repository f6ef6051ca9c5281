package dev.vigil.benchmarks.tick;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.DiskSpaceMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Baseline (c): Micrometer's own system and JVM binders in a {@link SimpleMeterRegistry}, every
 * meter read once per tick as a scrape would. They cover less than Vigil's sources (no host
 * memory, disks or network), and {@link DiskSpaceMetrics} reads its filesystem on every read, as
 * Micrometer always does; it is bound to the same mounts the other contenders read.
 *
 * <pre>{@code
 * TickContender micrometer = new MicrometerBinders(new Mounts());
 * }</pre>
 */
public final class MicrometerBinders implements TickContender {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private double sink;

    public MicrometerBinders(Mounts mounts) throws IOException {
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        for (Path mount : mounts.select()) {
            new DiskSpaceMetrics(mount.toFile()).bindTo(registry);
        }
    }

    @Override
    public String name() {
        return "Micrometer binders";
    }

    @Override
    public String description() {
        return "ProcessorMetrics, UptimeMetrics, FileDescriptorMetrics, JvmMemoryMetrics, JvmGcMetrics, "
                + "JvmThreadMetrics, ClassLoaderMetrics, DiskSpaceMetrics per mount in a SimpleMeterRegistry ("
                + registry.getMeters().size() + " meters), each measurement read once";
    }

    @Override
    public void tick() {
        double s = 0;
        for (Meter meter : registry.getMeters()) {
            for (Measurement m : meter.measure()) {
                s += m.getValue();
            }
        }
        sink += s;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    @Override
    public String toString() {
        return name() + " " + sink;
    }
}

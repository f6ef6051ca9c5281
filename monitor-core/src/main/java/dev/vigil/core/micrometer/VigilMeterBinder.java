package dev.vigil.core.micrometer;

import dev.vigil.core.Monitor;
import dev.vigil.core.Subscription;
import dev.vigil.core.Tick;
import dev.vigil.core.TickListener;
import dev.vigil.core.history.History;
import dev.vigil.core.history.SeriesHistory;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Sample;
import dev.vigil.core.metric.Unit;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Publishes a monitor's series into the application's Micrometer registry, so that they reach
 * Prometheus or any other Micrometer backend. Vigil never creates a registry of its own.
 *
 * <p>Each series becomes a {@link Gauge} named {@code prefix + series name} (default prefix
 * {@value #DEFAULT_PREFIX}, so that Vigil's {@code jvm.memory.used} does not clash with the one
 * of Micrometer's own JVM binders), with the series' tags and, for bytes and seconds, the base
 * unit. Series appear over time, so the binder listens to the monitor's ticks and registers a
 * gauge for every series it has not seen yet. A gauge reads the series' value at the monitor's
 * latest tick, or NaN when the series had none then (UNKNOWN, or gone). Counters are published
 * as the rates Vigil records.
 *
 * <p>Every gauge's description starts with {@code "Vigil series "}; a {@link MicrometerSource}
 * skips such meters, so both may use one registry without feeding Vigil's series back to itself.
 * {@link #close()} removes the tick listener and the gauges this binder registered; it is also
 * called when the monitor closes.
 *
 * <pre>{@code
 * VigilMeterBinder binder = new VigilMeterBinder(monitor);
 * binder.bindTo(prometheusRegistry);   // vigil_jvm_memory_used_bytes{area="heap",id="G1 Eden Space"}
 * ...
 * binder.close();
 * }</pre>
 */
public final class VigilMeterBinder implements MeterBinder, AutoCloseable {

    /** Default prefix of the published meter names. */
    public static final String DEFAULT_PREFIX = "vigil.";
    /** Start of the description of every meter a binder publishes; how Vigil knows its own. */
    static final String DESCRIPTION_MARKER = "Vigil series ";

    private final Monitor monitor;
    private final String prefix;
    private final Predicate<MetricId> filter;
    private final List<Binding> bindings = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private Subscription subscription;
    private volatile boolean closed;

    /** A binder with the default prefix that publishes every series. */
    public VigilMeterBinder(Monitor monitor) {
        this(builder(monitor));
    }

    private VigilMeterBinder(Builder b) {
        this.monitor = b.monitor;
        this.prefix = b.prefix;
        this.filter = b.filter;
    }

    /** A builder to choose the prefix and the series to publish. */
    public static Builder builder(Monitor monitor) {
        return new Builder(monitor);
    }

    /** Whether a meter with this id was published by a binder (and so is not to be read back). */
    static boolean isPublishedByVigil(Meter.Id id) {
        String description = id.getDescription();
        return description != null && description.startsWith(DESCRIPTION_MARKER);
    }

    /** The prefix of published names. */
    public String prefix() {
        return prefix;
    }

    /**
     * Publishes every series recorded so far into {@code registry}, and every later one as it
     * appears. May be called for several registries.
     *
     * @throws IllegalStateException when the binder is closed
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("VigilMeterBinder is closed");
            }
            Binding binding = new Binding(registry);
            bindings.add(binding);
            History history = monitor.history();
            for (MetricId id : history.ids()) {
                SeriesHistory series = history.series(id);
                if (series != null) {
                    publish(binding, id, series.unit());
                }
            }
            if (subscription == null) {
                subscription = monitor.addListener(new Listener());
            }
        }
    }

    private void publish(Binding binding, MetricId id, Unit unit) {
        if (binding.meters.containsKey(id) || !filter.test(id)) {
            return;
        }
        Meter meter = binding.meters.computeIfAbsent(id, k -> register(binding.registry, k, unit));
        if (closed) { // lost a race with close(): do not leave the gauge behind
            remove(binding.registry, meter);
        }
    }

    private Meter register(MeterRegistry registry, MetricId id, Unit unit) {
        History history = monitor.history();
        List<Tag> tags = new ArrayList<>(id.tagCount());
        for (int i = 0; i < id.tagCount(); i++) {
            tags.add(Tag.of(id.tagKey(i), id.tagValue(i)));
        }
        return Gauge.builder(prefix + id.name(), history, h -> latest(h, id))
                .tags(tags)
                .description(DESCRIPTION_MARKER + id.name())
                .baseUnit(baseUnit(unit))
                .strongReference(true)
                .register(registry);
    }

    /** The value of {@code id} at the latest tick, NaN when the series had none then. */
    static double latest(History history, MetricId id) {
        SeriesHistory series = history.series(id);
        if (series == null || series.latestTimeMillis() < history.nowMillis()) {
            return Double.NaN;
        }
        return series.latest();
    }

    private static String baseUnit(Unit unit) {
        return switch (unit) {
            case BYTES -> "bytes";
            case SECONDS -> "seconds";
            default -> null;
        };
    }

    private static void remove(MeterRegistry registry, Meter meter) {
        if (isPublishedByVigil(meter.getId())) { // never remove a host meter that had the same id
            registry.remove(meter);
        }
    }

    /** Stops listening and removes the gauges from every registry. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (subscription != null) {
                subscription.close();
            }
            for (Binding binding : bindings) {
                for (Meter meter : binding.meters.values()) {
                    remove(binding.registry, meter);
                }
            }
            bindings.clear();
        }
    }

    @Override
    public String toString() {
        return "VigilMeterBinder[prefix='" + prefix + "', " + bindings.size() + " registr(y/ies)]";
    }

    /** How often gauges of series the history no longer holds are removed. */
    static final int PRUNE_EVERY_TICKS = 64;

    /** One registry and the gauges published into it. */
    private static final class Binding {
        final MeterRegistry registry;
        final ConcurrentHashMap<MetricId, Meter> meters = new ConcurrentHashMap<>();

        Binding(MeterRegistry registry) {
            this.registry = registry;
        }
    }

    /** Publishes the series a tick recorded that have no gauge yet. */
    private final class Listener implements TickListener {
        @Override
        public void onTick(Tick tick) {
            if (closed) {
                return;
            }
            List<Sample> samples = tick.samples();
            History history = tick.history();
            for (Binding binding : bindings) {
                for (int i = 0; i < samples.size(); i++) {
                    Sample s = samples.get(i);
                    if (!binding.meters.containsKey(s.id()) && history.series(s.id()) != null) {
                        publish(binding, s.id(), s.unit());
                    }
                }
                if (tick.sequence() % PRUNE_EVERY_TICKS == 0) {
                    prune(binding, history);
                }
            }
        }

        /** Series the history evicted (a removed disk, a gone interface) lose their gauge. */
        private void prune(Binding binding, History history) {
            for (var it = binding.meters.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                if (history.series(entry.getKey()) == null) {
                    it.remove();
                    remove(binding.registry, entry.getValue());
                }
            }
        }

        @Override
        public void onClose() {
            close();
        }

        @Override
        public String toString() {
            return VigilMeterBinder.this.toString();
        }
    }

    /**
     * Builder of {@link VigilMeterBinder}; validated as set, the message names the field and the
     * value.
     */
    public static final class Builder {
        private final Monitor monitor;
        private String prefix = DEFAULT_PREFIX;
        private Predicate<MetricId> filter = id -> true;

        private Builder(Monitor monitor) {
            this.monitor = Objects.requireNonNull(monitor, "monitor");
        }

        /**
         * Prefix of the published names: empty, or such that prefix + name is a valid series name
         * (e.g. {@code "vigil."}, {@code "app_"}). Default {@link #DEFAULT_PREFIX}.
         */
        public Builder prefix(String prefix) {
            if (prefix == null || (!prefix.isEmpty() && !MetricId.isValidName(prefix + "x"))) {
                throw new IllegalArgumentException("prefix must be empty or start a valid series name "
                        + "(lower case, dotted, e.g. 'vigil.'), got '" + prefix + "'");
            }
            this.prefix = prefix;
            return this;
        }

        /** Publishes only the series matching {@code filter}. Default: every series. */
        public Builder filter(Predicate<MetricId> filter) {
            this.filter = Objects.requireNonNull(filter, "filter");
            return this;
        }

        /** Builds the binder; nothing is published until {@link #bindTo}. */
        public VigilMeterBinder build() {
            return new VigilMeterBinder(this);
        }
    }
}

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
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Publishes a monitor's series into the application's Micrometer registry, so that they reach
 * Prometheus or any other Micrometer backend. Vigil never creates a registry of its own.
 *
 * <p>Each series becomes a meter named {@code prefix + series name} (default prefix
 * {@value #DEFAULT_PREFIX}, so that Vigil's {@code jvm.memory.used} does not clash with the one
 * of Micrometer's own JVM binders) with the series' tags. Series appear over time, so the binder
 * listens to the monitor's ticks and registers a meter for every series it has not seen yet.
 *
 * <ul>
 *   <li>A series Vigil records as a per-second rate (unit bytes/s, seconds/s or 1/s: a counter
 *       read by a source) becomes a {@link FunctionCounter} holding the increase Vigil has seen
 *       since the binder started (each rate times the time it covers), so that Prometheus computes
 *       the rate itself ({@code rate(vigil_network_receive_bytes_total[5m])}) and no increase is
 *       lost between two scrapes.</li>
 *   <li>Every other series becomes a {@link Gauge} reading the series' value at the monitor's
 *       latest tick, or NaN when the series had none then (UNKNOWN, or gone).</li>
 *   <li>The base unit comes from the series' unit ({@code bytes}, {@code seconds} also for epoch
 *       seconds and seconds/s, {@code ratio}, {@code cores}), so that Micrometer's Prometheus
 *       naming appends it: {@code jvm.memory.used} is {@code vigil_jvm_memory_used_bytes},
 *       {@code disk.usage} is {@code vigil_disk_usage_ratio}. A gauge without a unit whose name
 *       ends in a word Prometheus keeps for histograms, summaries and counters ({@code count},
 *       {@code sum}, {@code bucket}, {@code total}, {@code created}, {@code info}) gets the base
 *       unit {@value #PLAIN_COUNT_UNIT}: {@code jvm.buffer.count} is
 *       {@code vigil_jvm_buffer_count_items}.</li>
 * </ul>
 *
 * <p>Every gauge's description starts with {@code "Vigil series "}; a {@link MicrometerSource}
 * skips such meters, so both may use one registry without feeding Vigil's series back to itself.
 * {@link #close()} removes the tick listener and the gauges this binder registered; it is also
 * called when the monitor closes.
 *
 * <pre>{@code
 * VigilMeterBinder binder = new VigilMeterBinder(monitor);
 * binder.bindTo(prometheusRegistry);   // vigil_jvm_memory_used_bytes{area="heap",id="G1 Eden Space"}
 *                                      // vigil_network_receive_bytes_total{interface="eth0"}
 * ...
 * binder.close();
 * }</pre>
 */
public final class VigilMeterBinder implements MeterBinder, AutoCloseable {

    /** Default prefix of the published meter names. */
    public static final String DEFAULT_PREFIX = "vigil.";
    /** Start of the description of every meter a binder publishes; how Vigil knows its own. */
    static final String DESCRIPTION_MARKER = "Vigil series ";
    /** Base unit of a plain gauge whose name would otherwise end in a word Prometheus reserves. */
    public static final String PLAIN_COUNT_UNIT = "items";

    private static final Set<String> RESERVED_LAST_WORDS = Set.of("count", "sum", "bucket", "total", "created", "info");

    private final Monitor monitor;
    private final String prefix;
    private final Predicate<MetricId> filter;
    private final List<Binding> bindings = new CopyOnWriteArrayList<>();
    /** Increases seen per counter series; written by the tick listener, read by scrapes. */
    private final ConcurrentHashMap<MetricId, CounterTotal> totals = new ConcurrentHashMap<>();

    private final Object lock = new Object();
    private @Nullable Subscription subscription;
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
                    if (isRate(series.unit())) {
                        totals.computeIfAbsent(id, k -> new CounterTotal(series.latestTimeMillis()));
                    }
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
        String name = prefix + id.name();
        String description = DESCRIPTION_MARKER + id.name();
        if (isRate(unit)) {
            CounterTotal total = totals.computeIfAbsent(id, k -> new CounterTotal(history.nowMillis()));
            return FunctionCounter.builder(name, total, CounterTotal::value)
                    .tags(tags)
                    .description(description)
                    .baseUnit(baseUnit(unit, name))
                    .register(registry);
        }
        return Gauge.builder(name, history, h -> latest(h, id))
                .tags(tags)
                .description(description)
                .baseUnit(baseUnit(unit, name))
                .strongReference(true)
                .register(registry);
    }

    /** Whether Vigil records the series as a per-second rate of a cumulative counter. */
    static boolean isRate(Unit unit) {
        return unit == Unit.BYTES_PER_SECOND || unit == Unit.SECONDS_PER_SECOND || unit == Unit.PER_SECOND;
    }

    /** The value of {@code id} at the latest tick, NaN when the series had none then. */
    static double latest(History history, MetricId id) {
        SeriesHistory series = history.series(id);
        if (series == null || series.latestTimeMillis() < history.nowMillis()) {
            return Double.NaN;
        }
        return series.latest();
    }

    /** The Micrometer base unit, which Micrometer's Prometheus naming appends to the name. */
    static @Nullable String baseUnit(Unit unit, String meterName) {
        return switch (unit) {
            case BYTES, BYTES_PER_SECOND -> "bytes";
            case SECONDS, SECONDS_PER_SECOND, EPOCH_SECONDS -> "seconds";
            case RATIO -> "ratio";
            case CORES -> "cores";
            case NONE, PER_SECOND -> unit == Unit.NONE && endsInReservedWord(meterName) ? PLAIN_COUNT_UNIT : null;
        };
    }

    private static boolean endsInReservedWord(String name) {
        int dot = Math.max(name.lastIndexOf('.'), name.lastIndexOf('_'));
        return RESERVED_LAST_WORDS.contains(name.substring(dot + 1));
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

    /**
     * After how long without a sample a counter's increases are no longer bridged: the monitor
     * forgets a counter's last reading after this long (so its next rate covers one interval only).
     */
    private long forgetCountersAfterMillis() {
        return 3 * Math.max(monitor.interval().toMillis(), 1000) * PRUNE_EVERY_TICKS;
    }

    /**
     * The increase of one counter series since the binder first saw it: the sum of each recorded
     * rate times the time since the series' previous sample. A rate covers the time since the
     * counter's previous reading, and a tick where the source failed has no reading, so this
     * adds up every increase, across UNKNOWN ticks and counter resets (which the rate already
     * accounts for).
     */
    static final class CounterTotal {
        /** The tick thread's running sum; {@link #total} publishes it to the registry's readers. */
        private double sum;

        private volatile double total;
        private long lastMillis;

        CounterTotal(long firstMillis) {
            this.lastMillis = firstMillis;
        }

        void add(Sample s, long horizonMillis) {
            long elapsed = s.timeMillis() - lastMillis;
            if (elapsed > 0 && elapsed <= horizonMillis) {
                sum += s.value() * elapsed / 1000.0;
                total = sum;
            }
            if (elapsed > 0) {
                lastMillis = s.timeMillis();
            }
        }

        double value() {
            return total;
        }
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
        private long previousTickMillis;

        @Override
        public void onTick(Tick tick) {
            if (closed) {
                return;
            }
            List<Sample> samples = tick.samples();
            History history = tick.history();
            long horizon = forgetCountersAfterMillis();
            // a counter's first rate covers the time since its first reading, which gave no
            // sample: normally the previous tick
            long firstReading = previousTickMillis > 0 ? previousTickMillis : tick.timeMillis();
            for (int i = 0; i < samples.size(); i++) {
                Sample s = samples.get(i);
                if (isRate(s.unit())) {
                    totals.computeIfAbsent(s.id(), k -> new CounterTotal(firstReading))
                            .add(s, horizon);
                }
            }
            previousTickMillis = tick.timeMillis();
            if (tick.sequence() % PRUNE_EVERY_TICKS == 0) {
                totals.values().removeIf(t -> tick.timeMillis() - t.lastMillis > horizon);
            }
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

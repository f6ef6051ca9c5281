package dev.vigil.core.micrometer;

import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.SeriesDescriptor;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.MetricSource;
import dev.vigil.core.source.SampleSink;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every meter of the application's Micrometer {@link MeterRegistry} on each tick, so that
 * Vigil's rules, history and reports see what the application already measures.
 *
 * <p>Mapping (a meter named {@code n}, its tags copied):
 * <ul>
 *   <li>gauge, time gauge: {@code n} as is (a time gauge in seconds);</li>
 *   <li>counter, function counter: {@code n} as a per-second rate;</li>
 *   <li>timer, distribution summary: {@code n.count} (events per second), {@code n.mean} (mean of
 *       the events since the previous tick; absent on a tick without events), {@code n.max}
 *       (Micrometer's decaying max) and, when the meter publishes percentiles,
 *       {@code n.percentile} with tag {@code phi} (e.g. {@code 0.95}); timers in seconds,
 *       summaries in their base unit;</li>
 *   <li>function timer: {@code n.count} and {@code n.mean};</li>
 *   <li>long task timer: {@code n.active}, {@code n.duration}, {@code n.mean}, {@code n.max},
 *       {@code n.percentile} (all about the tasks running now, so none is a rate);</li>
 *   <li>any other meter: one series per measurement, {@code n.<statistic>} ({@code n} itself for
 *       VALUE), counts and totals as rates.</li>
 * </ul>
 * Names and tag keys are made valid Vigil ids (camelCase to snake_case, lower case, other
 * characters to {@code _}); a meter whose series id collides with another meter's is skipped
 * and logged. Units: base unit {@code bytes} and {@code seconds} map to Vigil's units, anything
 * else is a plain number. Rates assume cumulative meters, as in Prometheus' registry or a
 * {@code SimpleMeterRegistry}; a step registry reports per-step counts instead.
 *
 * <p>Meters published by a {@link VigilMeterBinder} are never read back (they carry its
 * description marker), so the source and the binder may share one registry without a loop.
 * {@link #describe()} is empty: the series depend on the application. An instance keeps state
 * between ticks (ids, previous readings): give each monitor its own.
 *
 * <pre>{@code
 * Monitor.builder()
 *     .source(MicrometerSource.builder(registry)
 *         .include("http.server")
 *         .exclude(id -> "actuator".equals(id.getTag("uri")))
 *         .build())
 *     .start();
 * }</pre>
 */
public final class MicrometerSource implements MetricSource {

    private static final Logger log = LoggerFactory.getLogger(MicrometerSource.class);

    private final MeterRegistry registry;
    private final List<Predicate<Meter.Id>> includes;
    private final List<Predicate<Meter.Id>> excludes;

    // Touched only by the (one at a time) sample call.
    private final Map<Meter.Id, MeterImport> imports = new HashMap<>();
    private final Map<MetricId, Meter.Id> claims = new HashMap<>();
    private final Consumer<Meter> visitor = this::visit;
    private @Nullable SampleSink sink;
    private long pass;
    private int seen;

    private MicrometerSource(Builder b) {
        this.registry = b.registry;
        this.includes = List.copyOf(b.includes);
        this.excludes = List.copyOf(b.excludes);
    }

    /** A source reading every meter of {@code registry}. */
    public static MicrometerSource of(MeterRegistry registry) {
        return builder(registry).build();
    }

    /** A builder with name filters. */
    public static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    @Override
    public String name() {
        return "micrometer";
    }

    /** Empty: the series depend on the application's meters. */
    @Override
    public List<SeriesDescriptor> describe() {
        return List.of();
    }

    @Override
    public void sample(SampleSink sink) {
        this.sink = sink;
        this.seen = 0;
        pass++;
        try {
            registry.forEachMeter(visitor);
        } finally {
            this.sink = null;
        }
        if (seen != imports.size()) {
            forgetRemovedMeters();
        }
    }

    private void visit(Meter meter) {
        Meter.Id id = meter.getId();
        MeterImport in = imports.get(id);
        if (in == null || in.meter != meter || collisionEnded(in)) {
            if (in != null) {
                release(in);
            }
            in = importOf(meter);
            imports.put(id, in);
        }
        in.lastPass = pass;
        seen++;
        try {
            in.sample(sink);
            in.failures.succeeded("Vigil reads Micrometer meter {} again", id.getName());
        } catch (RuntimeException e) {
            sink.unknown(in.primary(), Unit.NONE);
            in.failures.failed("Vigil could not read Micrometer meter {}; its series are UNKNOWN", id, e);
        }
    }

    private MeterImport importOf(Meter meter) {
        Meter.Id id = meter.getId();
        if (VigilMeterBinder.isPublishedByVigil(id) || !accepts(id)) {
            return new MeterImport.Skipped(meter, null);
        }
        MetricId base = MetricId.of(MeterNames.name(id.getName()), MeterNames.tags(id));
        Meter.Id owner = claims.putIfAbsent(base, id);
        if (owner != null && !owner.equals(id)) {
            log.warn("Vigil skips Micrometer meter {}: its series {} are already taken by meter {}", id, base, owner);
            return new MeterImport.Skipped(meter, base);
        }
        return MeterImport.of(meter, base);
    }

    private boolean collisionEnded(MeterImport in) {
        return in instanceof MeterImport.Skipped skipped
                && skipped.collision != null
                && !claims.containsKey(skipped.collision);
    }

    private boolean accepts(Meter.Id id) {
        for (Predicate<Meter.Id> exclude : excludes) {
            if (exclude.test(id)) {
                return false;
            }
        }
        if (includes.isEmpty()) {
            return true;
        }
        for (Predicate<Meter.Id> include : includes) {
            if (include.test(id)) {
                return true;
            }
        }
        return false;
    }

    private void forgetRemovedMeters() {
        for (Iterator<MeterImport> it = imports.values().iterator(); it.hasNext(); ) {
            MeterImport in = it.next();
            if (in.lastPass != pass) {
                it.remove();
                release(in);
            }
        }
    }

    private void release(MeterImport in) {
        if (in.base != null) {
            claims.remove(in.base, in.meter.getId());
        }
    }

    @Override
    public String toString() {
        return "MicrometerSource[" + registry.getClass().getSimpleName() + ", " + includes.size() + " include(s), "
                + excludes.size() + " exclude(s)]";
    }

    /**
     * Builder of {@link MicrometerSource}. A meter is read when no exclude matches it and, if any
     * include is given, at least one include matches it. Prefixes match the start of the
     * Micrometer name, as {@code MeterFilter.acceptNameStartsWith} does.
     */
    public static final class Builder {
        private final MeterRegistry registry;
        private final List<Predicate<Meter.Id>> includes = new ArrayList<>();
        private final List<Predicate<Meter.Id>> excludes = new ArrayList<>();

        private Builder(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /** Reads meters whose name starts with {@code prefix} (and others matched by an include). */
        public Builder include(String prefix) {
            requirePrefix("include", prefix);
            return include(id -> id.getName().startsWith(prefix));
        }

        /** Reads meters matching {@code filter} (and others matched by an include). */
        public Builder include(Predicate<Meter.Id> filter) {
            includes.add(Objects.requireNonNull(filter, "include"));
            return this;
        }

        /** Skips meters whose name starts with {@code prefix}. */
        public Builder exclude(String prefix) {
            requirePrefix("exclude", prefix);
            return exclude(id -> id.getName().startsWith(prefix));
        }

        /** Skips meters matching {@code filter}. */
        public Builder exclude(Predicate<Meter.Id> filter) {
            excludes.add(Objects.requireNonNull(filter, "exclude"));
            return this;
        }

        private static void requirePrefix(String field, String prefix) {
            if (prefix == null || prefix.isEmpty()) {
                throw new IllegalArgumentException(field + " prefix must not be empty, got '" + prefix + "'");
            }
        }

        /** Builds the source. */
        public MicrometerSource build() {
            return new MicrometerSource(this);
        }
    }
}

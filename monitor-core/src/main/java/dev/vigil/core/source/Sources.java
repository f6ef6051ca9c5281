package dev.vigil.core.source;

import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Ready-made small sources.
 *
 * <pre>{@code
 * Monitor.builder()
 *     .source(Sources.gauge("app.queue.depth", queue::size))
 *     .source(Sources.counter("app.jobs.done", Unit.PER_SECOND, jobsDone::get));
 * }</pre>
 */
public final class Sources {

    private Sources() {}

    /** A gauge over a supplier; a {@code null} reading is UNKNOWN. */
    public static MetricSource gauge(String name, Supplier<? extends Number> value) {
        return gauge(MetricId.of(name), Unit.NONE, value);
    }

    /** A gauge with a unit over a supplier; a {@code null} reading is UNKNOWN. */
    public static MetricSource gauge(MetricId id, Unit unit, Supplier<? extends Number> value) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(value, "value");
        return new Named(id.toString(), Set.of(id), sink -> {
            Number n = value.get();
            if (n == null) {
                sink.unknown(id, unit);
            } else {
                sink.gauge(id, unit, n.doubleValue());
            }
        });
    }

    /** A counter over a supplier of a cumulative total, recorded as a per-second rate. */
    public static MetricSource counter(String name, Unit rateUnit, Supplier<? extends Number> total) {
        MetricId id = MetricId.of(name);
        Objects.requireNonNull(rateUnit, "rateUnit");
        Objects.requireNonNull(total, "total");
        return new Named(name, Set.of(id), sink -> {
            Number n = total.get();
            if (n == null) {
                sink.unknown(id, rateUnit);
            } else {
                sink.counter(id, rateUnit, n.doubleValue());
            }
        });
    }

    /** Gives {@code source} a name for logs and self-metrics. */
    public static MetricSource named(String name, MetricSource source) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        return new Named(name, null, source);
    }

    /** {@code declared} is {@code null} to ask the delegate. */
    private record Named(String name, @Nullable Set<MetricId> declared, MetricSource delegate) implements MetricSource {
        @Override
        public void sample(SampleSink sink) throws Exception {
            delegate.sample(sink);
        }

        @Override
        public Set<MetricId> declaredSeries() {
            return declared != null ? declared : delegate.declaredSeries();
        }

        @Override
        public String toString() {
            return name;
        }
    }
}

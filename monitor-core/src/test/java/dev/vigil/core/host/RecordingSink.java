package dev.vigil.core.host;

import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.SampleSink;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** A sink that keeps what a source wrote in one call, for tests that call a source directly. */
final class RecordingSink implements SampleSink {

    final Map<MetricId, Double> gauges = new LinkedHashMap<>();
    final Map<MetricId, Double> counters = new LinkedHashMap<>();
    final Map<MetricId, Unit> units = new LinkedHashMap<>();
    final Set<MetricId> unknown = new LinkedHashSet<>();

    @Override
    public void gauge(MetricId id, Unit unit, double value) {
        gauges.put(id, value);
        units.put(id, unit);
    }

    @Override
    public void counter(MetricId id, Unit rateUnit, double total) {
        counters.put(id, total);
        units.put(id, rateUnit);
    }

    @Override
    public void unknown(MetricId id, Unit unit) {
        unknown.add(id);
        units.put(id, unit);
    }

    double gauge(String name, String... tags) {
        Double v = gauges.get(MetricId.of(name, tags));
        return v == null ? Double.NaN : v;
    }
}

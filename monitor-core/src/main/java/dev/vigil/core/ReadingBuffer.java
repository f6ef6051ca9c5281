package dev.vigil.core;

import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.MetricKind;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.SampleSink;
import java.util.Arrays;
import java.util.Objects;

/**
 * The sink one source call writes to. Written by the source's worker thread, read by the
 * sampling thread only after the call completed; writes after {@link #seal()} are ignored, so an
 * abandoned call cannot disturb a later tick.
 */
final class ReadingBuffer implements SampleSink {

    /** Marks a series as UNKNOWN in {@link #kinds}. */
    static final byte UNKNOWN = 2;

    static final byte GAUGE = 0;
    static final byte COUNTER = 1;

    private volatile boolean sealed;
    private MetricId[] ids = new MetricId[16];
    private Unit[] units = new Unit[16];
    private double[] values = new double[16];
    private byte[] kinds = new byte[16];
    private int size;

    @Override
    public void gauge(MetricId id, Unit unit, double value) {
        add(id, unit, value, GAUGE);
    }

    @Override
    public void counter(MetricId id, Unit rateUnit, double total) {
        add(id, rateUnit, total, COUNTER);
    }

    @Override
    public void unknown(MetricId id, Unit unit) {
        add(id, unit, Double.NaN, UNKNOWN);
    }

    private void add(MetricId id, Unit unit, double value, byte kind) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(unit, "unit");
        if (sealed) {
            return;
        }
        if (size == ids.length) {
            int n = size * 2;
            ids = Arrays.copyOf(ids, n);
            units = Arrays.copyOf(units, n);
            values = Arrays.copyOf(values, n);
            kinds = Arrays.copyOf(kinds, n);
        }
        ids[size] = id;
        units[size] = unit;
        values[size] = value;
        kinds[size] = kind;
        size++;
    }

    /** Refuses any further write. */
    void seal() {
        sealed = true;
    }

    void clear() {
        Arrays.fill(ids, 0, size, null);
        size = 0;
        sealed = false;
    }

    int size() {
        return size;
    }

    MetricId id(int i) {
        return ids[i];
    }

    Unit unit(int i) {
        return units[i];
    }

    double value(int i) {
        return values[i];
    }

    byte kind(int i) {
        return kinds[i];
    }

    static MetricKind kindOf(byte kind) {
        return kind == COUNTER ? MetricKind.COUNTER : MetricKind.GAUGE;
    }
}

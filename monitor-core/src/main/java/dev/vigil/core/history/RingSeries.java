package dev.vigil.core.history;

import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One series' raw ring buffer. PLACEHOLDER: raw tier only; consolidated tiers to come. */
final class RingSeries implements SeriesHistory {

    private final MetricId id;
    private final Unit unit;
    private final History owner;
    private final long[] times;
    private final double[] values;
    private int head; // next write position
    private int size;

    RingSeries(MetricId id, Unit unit, HistoryConfig config, Duration interval, History owner) {
        this.id = id;
        this.unit = unit;
        this.owner = owner;
        int cap = config.rawCapacity(interval);
        this.times = new long[cap];
        this.values = new double[cap];
    }

    synchronized void append(long t, double v) {
        if (size > 0 && t <= times[(head - 1 + times.length) % times.length]) {
            return;
        }
        times[head] = t;
        values[head] = v;
        head = (head + 1) % times.length;
        if (size < times.length) {
            size++;
        }
    }

    @Override
    public MetricId id() {
        return id;
    }

    @Override
    public Unit unit() {
        return unit;
    }

    @Override
    public synchronized double latest() {
        return size == 0 ? Double.NaN : values[(head - 1 + values.length) % values.length];
    }

    @Override
    public synchronized long latestTimeMillis() {
        return size == 0 ? Long.MIN_VALUE : times[(head - 1 + times.length) % times.length];
    }

    @Override
    public synchronized int rawSize() {
        return size;
    }

    private synchronized double[] window(Duration window) {
        long now = owner.nowMillis();
        long from = now - window.toMillis();
        double[] out = new double[size];
        int n = 0;
        for (int i = 0; i < size; i++) {
            int idx = (head - size + i + times.length) % times.length;
            if (times[idx] > from && times[idx] <= now) {
                out[n++] = values[idx];
            }
        }
        return Arrays.copyOf(out, n);
    }

    @Override
    public double avg(Duration window) {
        double[] w = window(window);
        return w.length == 0 ? Double.NaN : Arrays.stream(w).sum() / w.length;
    }

    @Override
    public double min(Duration window) {
        double[] w = window(window);
        return w.length == 0 ? Double.NaN : Arrays.stream(w).min().getAsDouble();
    }

    @Override
    public double max(Duration window) {
        double[] w = window(window);
        return w.length == 0 ? Double.NaN : Arrays.stream(w).max().getAsDouble();
    }

    @Override
    public double sum(Duration window) {
        double[] w = window(window);
        return w.length == 0 ? Double.NaN : Arrays.stream(w).sum();
    }

    @Override
    public long count(Duration window) {
        return window(window).length;
    }

    @Override
    public double percentile(double q, Duration window) {
        double[] w = window(window);
        if (w.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(w);
        double rank = q * (w.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return w[lo] + (w[hi] - w[lo]) * (rank - lo);
    }

    @Override
    public double increase(Duration window) {
        throw new UnsupportedOperationException("placeholder");
    }

    @Override
    public double rate(Duration window) {
        throw new UnsupportedOperationException("placeholder");
    }

    @Override
    public double slope(Duration window) {
        throw new UnsupportedOperationException("placeholder");
    }

    @Override
    public double predict(Duration window, Duration ahead) {
        throw new UnsupportedOperationException("placeholder");
    }

    @Override
    public List<Point> range(long fromMillis, long toMillis) {
        return new ArrayList<>();
    }
}

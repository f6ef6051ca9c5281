package dev.vigil.alerts.report;

import dev.vigil.core.history.History;
import dev.vigil.core.history.HistoryConfig;
import dev.vigil.core.history.SeriesHistory;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** A one-series history that answers range() from fixed points and records the bounds asked. */
final class RangeHistory implements History, SeriesHistory {

    private final MetricId id;
    private final List<Point> points;
    long from;
    long to;

    RangeHistory(MetricId id, List<Point> points) {
        this.id = id;
        this.points = points;
    }

    @Override
    public SeriesHistory series(MetricId other) {
        return id.equals(other) ? this : null;
    }

    @Override
    public Collection<MetricId> ids() {
        return List.of(id);
    }

    @Override
    public List<SeriesHistory> byName(String name) {
        return id.name().equals(name) ? List.of(this) : List.of();
    }

    @Override
    public long nowMillis() {
        return to;
    }

    @Override
    public HistoryConfig config() {
        return HistoryConfig.defaults();
    }

    @Override
    public MetricId id() {
        return id;
    }

    @Override
    public Unit unit() {
        return Unit.NONE;
    }

    @Override
    public double latest() {
        return points.get(points.size() - 1).avg();
    }

    @Override
    public long latestTimeMillis() {
        return points.get(points.size() - 1).timeMillis();
    }

    @Override
    public int rawSize() {
        return points.size();
    }

    @Override
    public double avg(Duration window) {
        return Double.NaN;
    }

    @Override
    public double min(Duration window) {
        return Double.NaN;
    }

    @Override
    public double max(Duration window) {
        return Double.NaN;
    }

    @Override
    public double sum(Duration window) {
        return Double.NaN;
    }

    @Override
    public long count(Duration window) {
        return 0;
    }

    @Override
    public double percentile(double q, Duration window) {
        return Double.NaN;
    }

    @Override
    public double increase(Duration window) {
        return Double.NaN;
    }

    @Override
    public double rate(Duration window) {
        return Double.NaN;
    }

    @Override
    public double slope(Duration window) {
        return Double.NaN;
    }

    @Override
    public double predict(Duration window, Duration ahead) {
        return Double.NaN;
    }

    @Override
    public List<Point> range(long fromMillis, long toMillis) {
        this.from = fromMillis;
        this.to = toMillis;
        List<Point> out = new ArrayList<>();
        for (Point p : points) {
            if (p.timeMillis() >= fromMillis && p.timeMillis() <= toMillis) {
                out.add(p);
            }
        }
        return out;
    }
}

package dev.vigil.alerts;

import dev.vigil.core.history.History;
import dev.vigil.core.history.HistoryConfig;
import dev.vigil.core.history.SeriesHistory;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A history whose query answers the test sets by hand (for rate and predict). */
public final class FakeHistory implements History {

    private final Map<MetricId, Series> series = new LinkedHashMap<>();
    public long now = Long.MIN_VALUE;

    public Series add(MetricId id, Unit unit) {
        Series s = new Series(id, unit);
        series.put(id, s);
        return s;
    }

    @Override
    public SeriesHistory series(MetricId id) {
        return series.get(id);
    }

    @Override
    public Collection<MetricId> ids() {
        return series.keySet();
    }

    @Override
    public List<SeriesHistory> byName(String name) {
        List<SeriesHistory> out = new ArrayList<>();
        for (Series s : series.values()) {
            if (s.id.name().equals(name)) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public long nowMillis() {
        return now;
    }

    @Override
    public HistoryConfig config() {
        return HistoryConfig.defaults();
    }

    public static final class Series implements SeriesHistory {
        public final MetricId id;
        public final Unit unit;
        public volatile double latest = Double.NaN;
        public volatile double predicted = Double.NaN;
        public volatile double rate = Double.NaN;
        public volatile boolean failing;
        public volatile Duration lastPredictWindow;
        public volatile Duration lastPredictAhead;
        public volatile List<Point> points = List.of();
        public volatile long lastRangeFrom;
        public volatile long lastRangeTo;

        Series(MetricId id, Unit unit) {
            this.id = id;
            this.unit = unit;
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
        public double latest() {
            if (Double.isNaN(latest) && !points.isEmpty()) {
                return points.get(points.size() - 1).avg();
            }
            return latest;
        }

        @Override
        public long latestTimeMillis() {
            return Long.MIN_VALUE;
        }

        @Override
        public int rawSize() {
            return 0;
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
            return rate;
        }

        @Override
        public double slope(Duration window) {
            return Double.NaN;
        }

        @Override
        public double predict(Duration window, Duration ahead) {
            if (failing) {
                throw new UnsupportedOperationException("fake failure");
            }
            lastPredictWindow = window;
            lastPredictAhead = ahead;
            return predicted;
        }

        @Override
        public List<Point> range(long fromMillis, long toMillis) {
            lastRangeFrom = fromMillis;
            lastRangeTo = toMillis;
            List<Point> out = new ArrayList<>();
            for (Point p : points) {
                if (p.timeMillis() >= fromMillis && p.timeMillis() <= toMillis) {
                    out.add(p);
                }
            }
            return out;
        }
    }
}

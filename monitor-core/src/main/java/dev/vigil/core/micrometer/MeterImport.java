package dev.vigil.core.micrometer;

import dev.vigil.core.internal.FailureLog;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.SampleSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.HistogramSupport;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * How one Micrometer meter becomes Vigil series: the ids are built once, when the meter is first
 * seen, and whatever a reading needs from the previous one (for interval means) is kept here.
 */
abstract class MeterImport {

    /** The meter this import reads; a different instance under the same id means re-registration. */
    final Meter meter;
    /** The series id of the meter's name and tags, before any suffix; claimed against collisions. */
    final @Nullable MetricId base;
    /** The {@link MicrometerSource} pass that last saw the meter. */
    long lastPass;
    /** Whether the last reading threw, so that the failure is logged once. */
    final FailureLog failures = new FailureLog(LoggerFactory.getLogger(MicrometerSource.class));

    MeterImport(Meter meter, @Nullable MetricId base) {
        this.meter = meter;
        this.base = base;
    }

    /** Writes this tick's readings. */
    abstract void sample(SampleSink sink);

    /** The series to mark UNKNOWN when reading the meter throws. */
    MetricId primary() {
        return base;
    }

    /** The import for {@code meter}, whose series ids derive from {@code base}. */
    static MeterImport of(Meter meter, MetricId base) {
        Unit unit = unitOf(meter.getId().getBaseUnit());
        if (meter instanceof TimeGauge g) {
            return new GaugeImport(meter, base, Unit.SECONDS, () -> g.value(TimeUnit.SECONDS));
        } else if (meter instanceof Gauge g) {
            return new GaugeImport(meter, base, unit, g::value);
        } else if (meter instanceof Counter c) {
            return new CounterImport(meter, base, rateUnitOf(unit), c::count);
        } else if (meter instanceof FunctionCounter c) {
            return new CounterImport(meter, base, rateUnitOf(unit), c::count);
        } else if (meter instanceof Timer t) {
            return new DistributionImport(t, base, true, Unit.SECONDS);
        } else if (meter instanceof DistributionSummary s) {
            return new DistributionImport(s, base, false, unit);
        } else if (meter instanceof LongTaskTimer t) {
            return new LongTaskTimerImport(t, base);
        } else if (meter instanceof FunctionTimer t) {
            return new FunctionTimerImport(t, base);
        }
        return new GenericImport(meter, base, unit);
    }

    /** Vigil's unit for a Micrometer base unit; only bytes and seconds have one. */
    static Unit unitOf(String baseUnit) {
        if (baseUnit == null) {
            return Unit.NONE;
        }
        return switch (baseUnit.toLowerCase(Locale.ROOT)) {
            case "bytes" -> Unit.BYTES;
            case "seconds" -> Unit.SECONDS;
            default -> Unit.NONE;
        };
    }

    static Unit rateUnitOf(Unit unit) {
        return switch (unit) {
            case BYTES -> Unit.BYTES_PER_SECOND;
            case SECONDS -> Unit.SECONDS_PER_SECOND;
            default -> Unit.PER_SECOND;
        };
    }

    static MetricId suffixed(MetricId base, String suffix) {
        return MetricId.of(base.name() + "." + suffix, base.tags());
    }

    /** A gauge's value; NaN (Micrometer's "cannot tell", e.g. a collected object) is UNKNOWN. */
    private static final class GaugeImport extends MeterImport {
        private final Unit unit;
        private final DoubleSupplier value;

        GaugeImport(Meter meter, MetricId base, Unit unit, DoubleSupplier value) {
            super(meter, base);
            this.unit = unit;
            this.value = value;
        }

        @Override
        void sample(SampleSink sink) {
            gaugeOrUnknown(sink, base, unit, value.getAsDouble());
        }
    }

    /** A cumulative count, recorded by the monitor as a per-second rate. */
    private static final class CounterImport extends MeterImport {
        private final Unit rateUnit;
        private final DoubleSupplier count;

        CounterImport(Meter meter, MetricId base, Unit rateUnit, DoubleSupplier count) {
            super(meter, base);
            this.rateUnit = rateUnit;
            this.count = count;
        }

        @Override
        void sample(SampleSink sink) {
            double total = count.getAsDouble();
            if (Double.isNaN(total)) {
                sink.unknown(base, rateUnit);
            } else {
                sink.counter(base, rateUnit, total);
            }
        }
    }

    /**
     * The mean over the time since the previous reading: the increase of the total over the
     * increase of the count. The first reading gives the mean since the meter was created; a tick
     * without an event gives no mean (NaN would make it UNKNOWN, which it is not).
     */
    static final class IntervalMean {
        private double lastCount;
        private double lastTotal;

        /** The mean since the previous call, or NaN when nothing was recorded in between. */
        double next(double count, double total) {
            double dc = count - lastCount;
            double dt = total - lastTotal;
            if (dc < 0 || dt < 0) { // the meter was reset: count from zero
                dc = count;
                dt = total;
            }
            lastCount = count;
            lastTotal = total;
            return dc > 0 ? dt / dc : Double.NaN;
        }
    }

    /** The ids of published percentiles, one per {@code phi}, built when a phi is first seen. */
    static final class PercentileIds {
        private final MetricId base;
        private double[] phis = new double[0];
        private MetricId[] ids = new MetricId[0];

        PercentileIds(MetricId base) {
            this.base = suffixed(base, "percentile");
        }

        MetricId of(double phi) {
            for (int i = 0; i < phis.length; i++) {
                if (phis[i] == phi) {
                    return ids[i];
                }
            }
            phis = Arrays.copyOf(phis, phis.length + 1);
            ids = Arrays.copyOf(ids, ids.length + 1);
            phis[phis.length - 1] = phi;
            ids[ids.length - 1] = base.withTag(
                    "phi", BigDecimal.valueOf(phi).stripTrailingZeros().toPlainString());
            return ids[ids.length - 1];
        }

        void sample(SampleSink sink, HistogramSnapshot snapshot, Unit unit, boolean time) {
            for (ValueAtPercentile v : snapshot.percentileValues()) {
                double value = time ? v.value(TimeUnit.SECONDS) : v.value();
                if (Double.isFinite(value)) { // NaN: no value recorded in the window
                    sink.gauge(of(v.percentile()), unit, value);
                }
            }
        }
    }

    /** A timer or a distribution summary: count rate, interval mean, max, published percentiles. */
    private static final class DistributionImport extends MeterImport {
        private final HistogramSupport histogram;
        private final boolean time;
        private final Unit unit;
        private final MetricId count;
        private final MetricId mean;
        private final MetricId max;
        private final PercentileIds percentiles;
        private final IntervalMean intervalMean = new IntervalMean();

        DistributionImport(Meter meter, MetricId base, boolean time, Unit unit) {
            super(meter, base);
            this.histogram = (HistogramSupport) meter;
            this.time = time;
            this.unit = unit;
            this.count = suffixed(base, "count");
            this.mean = suffixed(base, "mean");
            this.max = suffixed(base, "max");
            this.percentiles = new PercentileIds(base);
        }

        @Override
        MetricId primary() {
            return count;
        }

        @Override
        void sample(SampleSink sink) {
            HistogramSnapshot s = histogram.takeSnapshot();
            double total = time ? s.total(TimeUnit.SECONDS) : s.total();
            sink.counter(count, Unit.PER_SECOND, (double) s.count());
            gaugeIfFinite(sink, mean, unit, intervalMean.next((double) s.count(), total));
            gaugeIfFinite(sink, max, unit, time ? s.max(TimeUnit.SECONDS) : s.max());
            percentiles.sample(sink, s, unit, time);
        }
    }

    /** A function timer: count rate and interval mean (it has no max or percentiles). */
    private static final class FunctionTimerImport extends MeterImport {
        private final FunctionTimer timer;
        private final MetricId count;
        private final MetricId mean;
        private final IntervalMean intervalMean = new IntervalMean();

        FunctionTimerImport(FunctionTimer timer, MetricId base) {
            super(timer, base);
            this.timer = timer;
            this.count = suffixed(base, "count");
            this.mean = suffixed(base, "mean");
        }

        @Override
        MetricId primary() {
            return count;
        }

        @Override
        void sample(SampleSink sink) {
            double n = timer.count();
            double total = timer.totalTime(TimeUnit.SECONDS);
            if (Double.isNaN(n) || Double.isNaN(total)) {
                sink.unknown(count, Unit.PER_SECOND);
                return;
            }
            sink.counter(count, Unit.PER_SECOND, n);
            gaugeIfFinite(sink, mean, Unit.SECONDS, intervalMean.next(n, total));
        }
    }

    /**
     * A long task timer describes the tasks running now, so nothing of it is a rate: active
     * tasks, their summed and mean duration so far, the longest, and published percentiles.
     */
    private static final class LongTaskTimerImport extends MeterImport {
        private final LongTaskTimer timer;
        private final MetricId active;
        private final MetricId duration;
        private final MetricId mean;
        private final MetricId max;
        private final PercentileIds percentiles;

        LongTaskTimerImport(LongTaskTimer timer, MetricId base) {
            super(timer, base);
            this.timer = timer;
            this.active = suffixed(base, "active");
            this.duration = suffixed(base, "duration");
            this.mean = suffixed(base, "mean");
            this.max = suffixed(base, "max");
            this.percentiles = new PercentileIds(base);
        }

        @Override
        MetricId primary() {
            return active;
        }

        @Override
        void sample(SampleSink sink) {
            int tasks = timer.activeTasks();
            sink.gauge(active, Unit.NONE, tasks);
            sink.gauge(duration, Unit.SECONDS, timer.duration(TimeUnit.SECONDS));
            if (tasks > 0) {
                gaugeIfFinite(sink, mean, Unit.SECONDS, timer.mean(TimeUnit.SECONDS));
            }
            sink.gauge(max, Unit.SECONDS, timer.max(TimeUnit.SECONDS));
            percentiles.sample(sink, timer.takeSnapshot(), Unit.SECONDS, true);
        }
    }

    /**
     * A custom meter: one series per measurement, named {@code <name>.<statistic>} except for
     * VALUE and UNKNOWN, which keep the meter's name; totals and counts become rates.
     */
    @SuppressWarnings(
            "EnumOrdinal") // the statistic's ordinal indexes a cache of ids read on each tick, allocation-free
    private static final class GenericImport extends MeterImport {
        private final Unit unit;
        private final MetricId[] ids = new MetricId[Statistic.values().length];

        GenericImport(Meter meter, MetricId base, Unit unit) {
            super(meter, base);
            this.unit = unit;
        }

        @Override
        void sample(SampleSink sink) {
            for (Measurement m : meter.measure()) {
                Statistic statistic = m.getStatistic();
                MetricId id = ids[statistic.ordinal()];
                if (id == null) {
                    id = switch (statistic) {
                        case VALUE, UNKNOWN -> base;
                        default -> suffixed(base, MeterNames.name(statistic.getTagValueRepresentation()));
                    };
                    ids[statistic.ordinal()] = id;
                }
                double value = m.getValue();
                switch (statistic) {
                    case COUNT -> counterOrUnknown(sink, id, Unit.PER_SECOND, value);
                    case TOTAL -> counterOrUnknown(sink, id, rateUnitOf(unit), value);
                    case TOTAL_TIME -> counterOrUnknown(sink, id, rateUnitOf(unit), value);
                    case ACTIVE_TASKS -> gaugeOrUnknown(sink, id, Unit.NONE, value);
                    default -> gaugeOrUnknown(sink, id, unit, value);
                }
            }
        }
    }

    static void gaugeIfFinite(SampleSink sink, MetricId id, Unit unit, double value) {
        if (Double.isFinite(value)) {
            sink.gauge(id, unit, value);
        }
    }

    static void gaugeOrUnknown(SampleSink sink, MetricId id, Unit unit, double value) {
        if (Double.isNaN(value)) {
            sink.unknown(id, unit);
        } else {
            sink.gauge(id, unit, value);
        }
    }

    static void counterOrUnknown(SampleSink sink, MetricId id, Unit unit, double value) {
        if (Double.isNaN(value)) {
            sink.unknown(id, unit);
        } else {
            sink.counter(id, unit, value);
        }
    }

    /** Ignores the meter: filtered out, published by Vigil itself, or colliding with another. */
    static final class Skipped extends MeterImport {
        /** The series id another meter holds, so the meter is imported once that one is gone. */
        final MetricId collision;

        Skipped(Meter meter, MetricId collision) {
            super(meter, null);
            this.collision = collision;
        }

        @Override
        void sample(SampleSink sink) {}
    }
}

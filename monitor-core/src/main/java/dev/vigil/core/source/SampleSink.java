package dev.vigil.core.source;

import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;

/**
 * Where a {@link MetricSource} writes one tick's readings. Only valid during the
 * {@link MetricSource#sample} call it was passed to.
 *
 * <p>Non-finite values (NaN, infinities) are not recorded: the series is UNKNOWN for the tick.
 *
 * <pre>{@code
 * sink.gauge(MetricId.of("disk.free", "mount", "/"), Unit.BYTES, store.getUsableSpace());
 * sink.counter(MetricId.of("disk.read.bytes", "device", "sda"), Unit.BYTES_PER_SECOND, readBytesTotal);
 * sink.gauge("app.queue.depth", queue.size());
 * }</pre>
 */
public interface SampleSink {

    /** Records {@code value} for {@code id} as it is. */
    void gauge(MetricId id, Unit unit, double value);

    /**
     * Records a cumulative {@code total}; the monitor stores the per-second rate between this
     * reading and the previous one, in {@code rateUnit} (e.g. {@link Unit#BYTES_PER_SECOND} for a
     * byte counter). The first reading gives no sample; a decrease is taken as a reset.
     */
    void counter(MetricId id, Unit rateUnit, double total);

    /** Marks {@code id} as UNKNOWN for this tick: the reading could not be taken. */
    void unknown(MetricId id, Unit unit);

    /** Shorthand for an untagged gauge without a unit. */
    default void gauge(String name, double value) {
        gauge(MetricId.of(name), Unit.NONE, value);
    }

    /** Shorthand for a gauge with a unit and alternating tag keys and values. */
    default void gauge(String name, Unit unit, double value, String... tags) {
        gauge(MetricId.of(name, tags), unit, value);
    }

    /** Shorthand for a counter with alternating tag keys and values. */
    default void counter(String name, Unit rateUnit, double total, String... tags) {
        counter(MetricId.of(name, tags), rateUnit, total);
    }
}

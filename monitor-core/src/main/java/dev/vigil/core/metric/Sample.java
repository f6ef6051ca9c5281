package dev.vigil.core.metric;

import java.util.Objects;

/**
 * One recorded value of one series at one time.
 *
 * <pre>{@code
 * Sample s = new Sample(MetricId.of("system.cpu.usage"), Unit.RATIO, 1_700_000_000_000L, 0.25);
 * }</pre>
 *
 * @param id the series
 * @param unit the unit of {@code value}
 * @param timeMillis wall time of the tick, in milliseconds since the epoch
 * @param value the value; for counters the per-second rate
 */
public record Sample(MetricId id, Unit unit, long timeMillis, double value) {
    public Sample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(unit, "unit");
    }
}

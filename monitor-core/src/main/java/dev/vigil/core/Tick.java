package dev.vigil.core;

import dev.vigil.core.history.History;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A read-only view of one completed tick, handed to every {@link TickListener}: the samples
 * recorded, the series that were UNKNOWN, and the history including this tick.
 *
 * <pre>{@code
 * TickListener printer = tick -> System.out.println(tick.value(MetricId.of("system.cpu.usage")));
 * }</pre>
 */
public interface Tick {

    /** 1 for the first tick, then increasing by one per tick run (skipped ticks take no number). */
    long sequence();

    /** Wall time of the tick in epoch milliseconds; every sample of the tick carries it. */
    long timeMillis();

    /** Wall time of the tick. */
    default Instant time() {
        return Instant.ofEpochMilli(timeMillis());
    }

    /** The monitor's tick interval. */
    Duration interval();

    /** Every sample recorded this tick (counters already turned into rates). */
    List<Sample> samples();

    /**
     * Every source's status sample this tick, {@value Monitor#SOURCE_UP}{@code {source="<name>"}}:
     * 1 when it answered in time, 0 otherwise (Prometheus' {@code up}). Kept apart from
     * {@link #samples()}, which holds what the sources reported, and not recorded in the history
     * (it would count against its series bound and reach every exporter): rules read its latest value.
     */
    default List<Sample> sourceStatus() {
        return List.of();
    }

    /**
     * Series whose value could not be taken this tick: their source threw or missed its
     * deadline, gave a non-finite value, or marked them unknown (Nagios' UNKNOWN).
     */
    Set<MetricId> unknown();

    /** This tick's value of {@code id}, or {@code NaN} when it has none this tick. */
    double value(MetricId id);

    /** The history, including this tick. */
    History history();
}

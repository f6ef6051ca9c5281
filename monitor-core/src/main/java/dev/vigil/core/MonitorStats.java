package dev.vigil.core;

/**
 * Counters about the monitor itself, read with {@link Monitor#stats()}.
 *
 * @param ticks ticks run
 * @param skippedTicks ticks skipped because the previous one was still running
 * @param sourceFailures calls to a source that threw
 * @param sourceTimeouts calls to a source abandoned at their deadline
 * @param listenerFailures calls to a listener that threw
 * @param invalidValues non-finite values refused
 * @param droppedSeries new series refused because the history was full
 */
public record MonitorStats(
        long ticks,
        long skippedTicks,
        long sourceFailures,
        long sourceTimeouts,
        long listenerFailures,
        long invalidValues,
        long droppedSeries) {}

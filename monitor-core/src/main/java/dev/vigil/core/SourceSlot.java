package dev.vigil.core;

import dev.vigil.core.metric.MetricId;
import dev.vigil.core.source.MetricSource;
import java.time.Duration;
import java.util.concurrent.Future;

/** One registered source and what the sampling thread remembers about it between ticks. */
final class SourceSlot {

    enum State { OK, FAILING, TIMING_OUT }

    final MetricSource source;
    final String name;
    final long deadlineNanos;
    /** Called on the sampling thread itself: the source promised not to block. */
    final boolean inline;
    /** The call still running from an earlier tick, or {@code null}. */
    Future<?> inFlight;
    /** Whether this tick submitted a call (false while an earlier call still hangs). */
    boolean calledThisTick;
    ReadingBuffer buffer = new ReadingBuffer();
    State state = State.OK;
    /**
     * Series the last successful call produced: UNKNOWN when a call fails. Until the source has
     * answered once, the series it declares up front.
     */
    MetricId[] lastSeries;
    /** Its status series, Prometheus' {@code up}: 1 when it answered in time this tick, else 0. */
    final MetricId upId;
    /** Whether it answered in time this tick. */
    boolean up;

    /** Remembers the series of {@code buffer}, allocating only when they differ from last time. */
    void rememberSeries(ReadingBuffer buffer) {
        int n = buffer.size();
        boolean same = n == lastSeries.length;
        for (int i = 0; same && i < n; i++) {
            same = buffer.id(i).equals(lastSeries[i]);
        }
        if (!same) {
            MetricId[] ids = new MetricId[n];
            for (int i = 0; i < n; i++) {
                ids[i] = buffer.id(i);
            }
            lastSeries = ids;
        }
    }

    SourceSlot(MetricSource source, Duration deadline, boolean inline) {
        this.source = source;
        this.name = safeName(source);
        this.deadlineNanos = deadline.toNanos();
        this.inline = inline;
        this.lastSeries = declared(source, name);
        this.upId = MetricId.of(Monitor.SOURCE_UP, "source", name);
    }

    private static MetricId[] declared(MetricSource source, String name) {
        try {
            return source.declaredSeries().toArray(new MetricId[0]);
        } catch (Throwable t) { // user code: a source that cannot say declares nothing
            if (t instanceof VirtualMachineError virtualMachineError && !(t instanceof StackOverflowError)) {
                throw virtualMachineError;
            }
            org.slf4j.LoggerFactory.getLogger(Monitor.class)
                    .warn("Vigil source '{}' could not declare its series", name, t);
            return new MetricId[0];
        }
    }

    private static String safeName(MetricSource source) {
        try {
            String n = source.name();
            return n == null ? source.getClass().getName() : n;
        } catch (RuntimeException e) {
            return source.getClass().getName();
        }
    }
}

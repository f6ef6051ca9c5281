package dev.vigil.core;

import dev.vigil.core.metric.MetricId;
import dev.vigil.core.source.MetricSource;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One registered source and its life across ticks: each tick it is {@link #start started} (a
 * source that may block is submitted to a worker, unless its previous call still hangs), then
 * {@link #complete completed} (an inline source is called there, on the sampling thread; a worker's
 * call is awaited until the source's deadline), and its state moves between answering, failing
 * and timing out, each change logged once. Used by the sampling thread only.
 */
final class SourceSlot {

    // the monitor's logger: these lines have always been the monitor's
    private static final Logger log = LoggerFactory.getLogger(Monitor.class);

    /** Where the source stands, so that a change is logged once, not every tick. */
    enum State {
        OK,
        FAILING,
        TIMING_OUT
    }

    /** What this tick's call came to. */
    enum Outcome {
        /** It returned in time: its readings are in {@link #readings()}. */
        ANSWERED,
        /** It threw. */
        FAILED,
        /** It missed its deadline; it keeps running, and is not called again until it returns. */
        LATE,
        /** It was not called: an earlier call still hangs, the worker refused it, or the wait was interrupted. */
        NOT_CALLED
    }

    final MetricSource source;
    final String name;
    final long deadlineNanos;
    /** Called on the sampling thread itself: the source promised not to block. */
    final boolean inline;
    /** Its status series, Prometheus' {@code up}: 1 when it answered in time this tick, else 0. */
    final MetricId upId;

    /** The call still running from an earlier tick, or {@code null}. */
    private @Nullable Future<?> inFlight;
    /** Whether this tick submitted a call (false while an earlier call still hangs). */
    private boolean calledThisTick;

    private ReadingBuffer buffer = new ReadingBuffer();
    private State state = State.OK;
    /**
     * Series the last successful call produced (the first {@link #lastSeriesCount}): UNKNOWN when
     * a call fails. Until the source has answered once, the series it declares up front.
     */
    private MetricId[] lastSeries;

    private int lastSeriesCount;
    /** Whether it answered in time this tick. */
    private boolean up;

    /**
     * @param taken the names of the sources before this one: a name already taken gets a suffix
     *     ({@code micrometer-2}), so each source's status series ({@code source} label) is its own
     */
    SourceSlot(MetricSource source, Duration deadline, boolean inline, java.util.Set<String> taken) {
        this.source = source;
        this.name = distinct(safeName(source), taken);
        this.deadlineNanos = deadline.toNanos();
        this.inline = inline;
        this.lastSeries = declared(source, name);
        this.lastSeriesCount = lastSeries.length;
        this.upId = MetricId.of(Monitor.SOURCE_UP, "source", name);
    }

    /**
     * Begins a tick: a source on a worker is submitted to {@code workers} now, so that it runs
     * while the others are collected; an inline source waits for {@link #complete}.
     */
    void start(ExecutorService workers) {
        up = false;
        calledThisTick = false;
        if (inline) {
            return;
        }
        if (inFlight != null && !inFlight.isDone()) {
            return; // still hung from an earlier tick: not called again until it returns
        }
        inFlight = null;
        ReadingBuffer target = buffer;
        target.clear();
        try {
            inFlight = workers.submit(() -> {
                source.sample(target);
                return null;
            });
            calledThisTick = true;
        } catch (RuntimeException rejected) {
            inFlight = null;
        }
    }

    /**
     * Ends this tick's call: calls an inline source now, or waits for a worker's call until the
     * deadline counted from {@code tickStartNanos}. A failure or a missed deadline is logged here
     * when it is a change; an answer is taken by {@link #answered()} once its readings are used.
     */
    Outcome complete(long tickStartNanos) {
        if (inline) {
            ReadingBuffer target = buffer;
            target.clear();
            try {
                source.sample(target);
            } catch (Throwable t) {
                return failed(t);
            }
            return Outcome.ANSWERED;
        }
        if (!calledThisTick) {
            return Outcome.NOT_CALLED;
        }
        try {
            long remaining = deadlineNanos - (System.nanoTime() - tickStartNanos);
            inFlight.get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
            inFlight = null;
            return Outcome.ANSWERED;
        } catch (TimeoutException e) {
            late();
            return Outcome.LATE; // inFlight stays set: not called again until this call returns
        } catch (ExecutionException e) {
            inFlight = null;
            return failed(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.NOT_CALLED;
        }
    }

    /** What the source wrote this tick; read it after {@link Outcome#ANSWERED}. */
    ReadingBuffer readings() {
        return buffer;
    }

    /** The readings were used: the source is up, and its series are the ones to mark UNKNOWN should it fail. */
    void answered() {
        rememberSeries(buffer);
        up = true;
        if (state != State.OK) {
            log.info("Vigil source '{}' recovered", name);
            state = State.OK;
        }
    }

    private Outcome failed(Throwable cause) {
        if (state != State.FAILING) {
            log.warn("Vigil source '{}' failed; its series are UNKNOWN until it recovers", name, cause);
            state = State.FAILING;
        }
        return Outcome.FAILED;
    }

    private void late() {
        buffer.seal();
        buffer = new ReadingBuffer(); // the abandoned call keeps writing to the sealed one
        if (state != State.TIMING_OUT) {
            log.warn(
                    "Vigil source '{}' missed its deadline of {} ms; its series are UNKNOWN until it returns",
                    name,
                    TimeUnit.NANOSECONDS.toMillis(deadlineNanos));
            state = State.TIMING_OUT;
        }
    }

    /** Whether it answered in time this tick. */
    boolean isUp() {
        return up;
    }

    /** Adds the series of its last answer (or, before one, those it declares) to {@code unknown}. */
    void markUnknown(Set<MetricId> unknown) {
        for (int i = 0; i < lastSeriesCount; i++) {
            unknown.add(lastSeries[i]);
        }
    }

    /** Remembers the series of {@code readings}, in place: no allocation unless there are more than ever. */
    private void rememberSeries(ReadingBuffer readings) {
        int n = readings.size();
        if (n > lastSeries.length) {
            lastSeries = new MetricId[n];
        }
        for (int i = 0; i < n; i++) {
            lastSeries[i] = readings.id(i);
        }
        for (int i = n; i < lastSeriesCount; i++) {
            lastSeries[i] = null; // a series gone must not be held
        }
        lastSeriesCount = n;
    }

    private static MetricId[] declared(MetricSource source, String name) {
        try {
            return source.declaredSeries().toArray(new MetricId[0]);
        } catch (Throwable t) { // user code: a source that cannot say declares nothing
            if (t instanceof VirtualMachineError virtualMachineError && !(t instanceof StackOverflowError)) {
                throw virtualMachineError;
            }
            log.warn("Vigil source '{}' could not declare its series", name, t);
            return new MetricId[0];
        }
    }

    private static String distinct(String name, java.util.Set<String> taken) {
        String unique = name;
        for (int n = 2; !taken.add(unique); n++) {
            unique = name + "-" + n;
        }
        if (!unique.equals(name)) {
            log.info("Vigil source '{}': another source has that name; this one reports as '{}'", name, unique);
        }
        return unique;
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

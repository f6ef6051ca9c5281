package dev.vigil.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.core.Monitor;
import dev.vigil.core.Tick;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.MetricKind;
import dev.vigil.core.metric.SeriesDescriptor;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.MetricSource;
import dev.vigil.core.source.SampleSink;
import dev.vigil.core.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link MetricSource}, as JUnit 5 tests a source of your own runs by extending
 * this class. From the interface's Javadoc and the monitor's behaviour:
 *
 * <ul>
 *   <li>every series of {@link MetricSource#declaredSeries()} is reported on every call (a value,
 *       a counter total, or UNKNOWN), so a rule on it never reads a silent gap (except those
 *       {@link #mayBeAbsent(MetricId)} allows);
 *   <li>when {@link MetricSource#describe()} lists series, every reported series is one of them,
 *       with the described unit, kind (gauge or counter) and tag keys;
 *   <li>each series is reported at most once a call, and a counter's total never goes backwards
 *       between two calls in a row;
 *   <li>the source writes to the sink only during the call and on the calling thread (the sink is
 *       not valid afterwards), and answers calls that come, one after another, from different
 *       threads (the monitor's workers);
 *   <li>a source whose {@link MetricSource#mayBlock()} is false returns quickly (the monitor calls
 *       it on its sampling thread, under no deadline);
 *   <li>in a real {@link Monitor} it answers in time ({@value Monitor#SOURCE_UP} is 1);
 *   <li>a failure is an {@link Exception} or an UNKNOWN series, never an {@link Error}, and leaves
 *       the source's declared series UNKNOWN (see {@link #brokenSource()});
 *   <li>a source that is {@link AutoCloseable} can be closed twice, and a call after close
 *       returns or throws an exception in bounded time.
 * </ul>
 *
 * <pre>{@code
 * class QueueDepthSourceTest extends MetricSourceCompatibilityKit {
 *     final BlockingQueue<String> queue = new ArrayBlockingQueue<>(10);
 *
 *     protected MetricSource source() { return new QueueDepthSource(queue); }
 *     // optional: the same source facing a failure, e.g. a closed pool or a missing file
 *     protected MetricSource brokenSource() { return new QueueDepthSource(null); }
 * }
 * }</pre>
 */
public abstract class MetricSourceCompatibilityKit {

    /** How many calls the checks over repeated calls make. */
    protected static final int CALLS = 5;

    private final List<AutoCloseable> opened = new ArrayList<>();
    private ExecutorService callers;

    /** A new source, ready to be called (each test takes its own and the kit closes it). */
    protected abstract MetricSource source() throws Exception;

    /**
     * The source facing a failure of what it reads (a closed connection pool, a missing file, a
     * refused port), or {@code null} (the default) to skip the failure checks.
     */
    protected MetricSource brokenSource() throws Exception {
        return null;
    }

    /**
     * The median time a call of a source whose {@code mayBlock()} is false may take. Generous (a
     * busy machine), yet far below what a network round trip or a hung lock takes.
     */
    protected Duration nonBlockingBudget() {
        return Duration.ofMillis(10);
    }

    /**
     * Whether {@code declared}, one of the source's declared series, may be left out of a call
     * (false by default). Reporting it UNKNOWN is better: a rule then reads UNKNOWN rather than a
     * gap. Say true only for what the source documents as absent at times: a ratio without a
     * denominator on this machine (no swap), a rate before its second reading or when no time has
     * passed between two calls.
     */
    protected boolean mayBeAbsent(MetricId declared) {
        return false;
    }

    private Set<MetricId> requiredSeries(MetricSource source) {
        Set<MetricId> required = new LinkedHashSet<>(source.declaredSeries());
        required.removeIf(this::mayBeAbsent);
        return required;
    }

    /** How long one call may take in these tests (not the source's deadline in production). */
    protected Duration callTimeout() {
        return Duration.ofSeconds(10);
    }

    @AfterEach
    void closeSources() throws Exception {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception ignored) {
                // the close checks report a failing close; here the sources only need releasing
            }
        }
        opened.clear();
        if (callers != null) {
            callers.shutdownNow();
            callers = null;
        }
    }

    private MetricSource opened(MetricSource source) {
        assertThat(source).as("source()").isNotNull();
        if (source instanceof AutoCloseable c) {
            opened.add(c);
        }
        return source;
    }

    @Test
    void hasANameAndDescribesItselfWithoutFailing() throws Exception {
        MetricSource source = opened(source());

        assertThat(source.name()).as("name()").isNotBlank().isEqualTo(source.name());
        assertThat(source.describe()).as("describe()").isNotNull().doesNotContainNull();
        assertThat(source.declaredSeries()).as("declaredSeries()").isNotNull().doesNotContainNull();
    }

    @Test
    void reportsEveryDeclaredSeriesOnEveryCall() throws Exception {
        MetricSource source = opened(source());
        Set<MetricId> declared = requiredSeries(source);

        for (int i = 0; i < CALLS; i++) {
            Call call = callOnThisThread(source);
            assertThat(call.reported())
                    .as("series reported on call %d of %s", i + 1, source.name())
                    .containsAll(declared);
        }
    }

    @Test
    void reportsOnlyDescribedSeriesWithTheirUnitKindAndTags() throws Exception {
        MetricSource source = opened(source());
        List<SeriesDescriptor> described = source.describe();
        assumeTrue(!described.isEmpty(), source.name() + " describes no series");
        Map<String, SeriesDescriptor> byName = new HashMap<>();
        for (SeriesDescriptor d : described) {
            byName.put(d.name(), d);
        }

        for (int i = 0; i < 2; i++) {
            for (Reading r : callOnThisThread(source).readings) {
                SeriesDescriptor d = byName.get(r.id.name());
                assertThat(d).as("the descriptor of reported series %s", r.id).isNotNull();
                assertThat(r.unit).as("unit of %s", r.id).isEqualTo(d.unit());
                if (r.kind != null) {
                    assertThat(r.kind).as("kind of %s", r.id).isEqualTo(d.kind());
                }
                assertThat(r.id.tags().keySet()).as("tag keys of %s", r.id).isEqualTo(new HashSet<>(d.tags()));
            }
        }
    }

    @Test
    void reportsEachSeriesAtMostOnceACall() throws Exception {
        MetricSource source = opened(source());

        for (int i = 0; i < 2; i++) {
            List<MetricId> ids =
                    callOnThisThread(source).readings.stream().map(r -> r.id).toList();
            assertThat(ids).as("series reported on call %d", i + 1).doesNotHaveDuplicates();
        }
    }

    @Test
    void countersNeverGoBackwardsBetweenTwoCalls() throws Exception {
        MetricSource source = opened(source());
        Map<MetricId, Double> previous = new HashMap<>();

        for (int i = 0; i < CALLS; i++) {
            Map<MetricId, Double> totals = new HashMap<>();
            for (Reading r : callOnThisThread(source).readings) {
                if (r.kind == MetricKind.COUNTER && Double.isFinite(r.value)) {
                    totals.put(r.id, r.value);
                }
            }
            for (Map.Entry<MetricId, Double> e : totals.entrySet()) {
                Double before = previous.get(e.getKey());
                if (before != null) {
                    assertThat(e.getValue())
                            .as("total of counter %s after %s", e.getKey(), before)
                            .isGreaterThanOrEqualTo(before);
                }
            }
            previous = totals;
        }
    }

    @Test
    void writesOnlyDuringTheCallAndOnTheCallingThread() throws Exception {
        MetricSource source = opened(source());
        List<Call> calls = new ArrayList<>();

        for (int i = 0; i < CALLS; i++) {
            calls.add(callOnThisThread(source));
        }

        for (Call call : calls) {
            assertThat(call.late).as("writes to a sink after its call returned").isEmpty();
            assertThat(call.foreignThreads)
                    .as("threads other than the caller that wrote to the sink")
                    .isEmpty();
        }
    }

    @Test
    void answersCallsFromDifferentThreadsInTurn() throws Exception {
        MetricSource source = opened(source());
        Set<MetricId> declared = requiredSeries(source);

        for (int i = 0; i < 3; i++) {
            Call call = callOnAnotherThread(source);
            assertThat(call.failure)
                    .as("failure of call %d on a new thread", i + 1)
                    .isNull();
            assertThat(call.reported()).containsAll(declared);
        }
    }

    @Test
    void keepsItsPromiseNotToBlockWhenItMakesOne() throws Exception {
        MetricSource source = opened(source());
        assumeTrue(!source.mayBlock(), source.name() + " may block: the monitor calls it on a worker under a deadline");
        for (int i = 0; i < 3; i++) {
            callOnThisThread(source); // warm-up: class loading and first reads
        }
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            long start = System.nanoTime();
            callOnThisThread(source);
            nanos.add(System.nanoTime() - start);
        }
        Collections.sort(nanos);

        assertThat(Duration.ofNanos(nanos.get(nanos.size() / 2)))
                .as("median call of %s, which promises not to block", source.name())
                .isLessThanOrEqualTo(nonBlockingBudget());
    }

    @Test
    void answersInTimeInARealMonitor() throws Exception {
        MetricSource source = opened(source());
        MetricId up = MetricId.of(Monitor.SOURCE_UP, "source", source.name());
        ManualClock clock = ManualClock.create();

        try (Monitor monitor = Monitor.builder()
                .clock(clock)
                .every(Duration.ofSeconds(10))
                .source(source)
                .build()) {
            for (int i = 0; i < 3; i++) {
                clock.advance(Duration.ofSeconds(10));
                Tick tick = monitor.tickNow();
                assertThat(tick.value(up)).as("%s on tick %d", up, i + 1).isEqualTo(1.0);
                Set<MetricId> seen = new HashSet<>(tick.unknown());
                tick.samples().forEach(s -> seen.add(s.id()));
                if (i > 0) { // a counter's first reading gives no sample
                    assertThat(seen).as("series of tick %d", i + 1).containsAll(requiredSeries(source));
                }
            }
        }
    }

    @Test
    void failsWithAnExceptionOrUnknownSeriesNeverAnError() throws Exception {
        MetricSource broken = brokenSource();
        assumeTrue(broken != null, "no brokenSource() given");
        opened(broken);

        Call call = callOnAnotherThread(broken);

        if (call.failure != null) {
            assertThat(call.failure).as("what the broken source threw").isInstanceOf(Exception.class);
        } else {
            assertThat(call.reported()).as("series the broken source reported").containsAll(requiredSeries(broken));
        }
    }

    @Test
    void leavesItsDeclaredSeriesUnknownWhenBroken() throws Exception {
        MetricSource broken = brokenSource();
        assumeTrue(broken != null, "no brokenSource() given");
        opened(broken);
        ManualClock clock = ManualClock.create();

        try (Monitor monitor = Monitor.builder()
                .clock(clock)
                .every(Duration.ofSeconds(10))
                .source(broken)
                .build()) {
            for (int i = 0; i < 2; i++) {
                clock.advance(Duration.ofSeconds(10));
                Tick tick = monitor.tickNow();
                assertThat(tick.unknown())
                        .as("UNKNOWN series of tick %d", i + 1)
                        .containsAll(requiredSeries(broken));
            }
        }
    }

    @Test
    void closesTwiceAndAnswersACallAfterCloseInBoundedTime() throws Exception {
        MetricSource source = opened(source());
        assumeTrue(source instanceof AutoCloseable, source.name() + " is not AutoCloseable");
        AutoCloseable closeable = (AutoCloseable) source;
        callOnThisThread(source);

        closeable.close();
        closeable.close();
        Call after = callOnAnotherThread(source);

        if (after.failure != null) {
            assertThat(after.failure).as("what a call after close threw").isInstanceOf(Exception.class);
        }
    }

    private Call callOnThisThread(MetricSource source) {
        Call call = Call.of(source);
        if (call.failure instanceof Error e) {
            throw e;
        }
        assertThat(call.failure).as("what %s threw", source.name()).isNull();
        return call;
    }

    /** A call on a thread of the kit; a failure is kept in the call, not thrown. */
    private Call callOnAnotherThread(MetricSource source) throws InterruptedException {
        if (callers == null) {
            callers = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "source-kit-caller");
                t.setDaemon(true);
                return t;
            });
        }
        Future<Call> future = callers.submit(() -> Call.of(source));
        try {
            return future.get(callTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return fail(source.name() + " did not return within " + callTimeout());
        } catch (ExecutionException e) {
            throw new AssertionError("the kit's caller failed", e.getCause());
        }
    }

    /** One reading written to the sink; {@code kind} is null for an UNKNOWN series. */
    private record Reading(MetricId id, Unit unit, MetricKind kind, double value) {}

    /** The sink of one call, recording what is written to it, from which thread, and when. */
    private static final class Call implements SampleSink {
        private final Thread caller;
        final List<Reading> readings = new CopyOnWriteArrayList<>();
        final List<Reading> late = new CopyOnWriteArrayList<>();
        final Set<String> foreignThreads = Collections.synchronizedSet(new LinkedHashSet<>());
        volatile boolean returned;
        volatile Throwable failure;

        private Call(Thread caller) {
            this.caller = caller;
        }

        /** Calls {@code source} on this thread; what it throws is kept, not thrown. */
        static Call of(MetricSource source) {
            Call call = new Call(Thread.currentThread());
            try {
                source.sample(call);
            } catch (Throwable t) {
                call.failure = t;
            } finally {
                call.returned = true;
            }
            return call;
        }

        Set<MetricId> reported() {
            Set<MetricId> ids = new LinkedHashSet<>();
            readings.forEach(r -> ids.add(r.id));
            return ids;
        }

        private void write(Reading r) {
            if (returned) {
                late.add(r);
                return;
            }
            if (Thread.currentThread() != caller) {
                foreignThreads.add(Thread.currentThread().getName());
            }
            readings.add(r);
        }

        @Override
        public void gauge(MetricId id, Unit unit, double value) {
            write(new Reading(id, unit, MetricKind.GAUGE, value));
        }

        @Override
        public void counter(MetricId id, Unit rateUnit, double total) {
            write(new Reading(id, rateUnit, MetricKind.COUNTER, total));
        }

        @Override
        public void unknown(MetricId id, Unit unit) {
            write(new Reading(id, unit, null, Double.NaN));
        }
    }
}

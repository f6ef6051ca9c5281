package dev.vigil.alerts;

import dev.vigil.alerts.report.AlertReport;
import dev.vigil.alerts.report.FiringAlert;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.core.Subscription;
import dev.vigil.core.history.History;
import dev.vigil.core.internal.FailureLog;
import dev.vigil.core.internal.Threads;
import dev.vigil.core.metric.MetricId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alert events off the sampling thread. One "events" thread takes every event in order,
 * captures the report of a {@code Fired} event (possibly slow), then hands the event to each
 * listener's own single thread, so a slow or throwing listener delays neither the evaluation nor
 * another listener. A listener that {@linkplain AlertListener#mayBlock() never blocks} is called
 * on the events thread itself: its own thread would be a hop that only adds a wake-up. In
 * synchronous mode (tests) all of it runs on the caller's thread.
 */
final class EventDispatcher {

    /**
     * Events a listener may have waiting before the engine merges them: beyond it only the latest
     * item of each kind per alert is kept (its state, mute state, acknowledgement, flapping), and
     * the merged events are counted; see {@link EventLane}.
     */
    static final int LISTENER_QUEUE = 10_000;

    private static final long DROP_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** An event on its way, with what the report capture needs. */
    record Outgoing(
            AlertEvent event,
            MetricId series,
            History history,
            long nowMillis,
            BiConsumer<String, AlertReport> reportSink) {}

    private final boolean synchronous;
    private final ReportCapture capture;
    private volatile java.util.Map<String, String> externalLabels = java.util.Map.of();
    /** The host's thread factory, or null for daemon threads of our own. */
    private final @Nullable ThreadFactory threadFactory;

    private final long inlineBudgetNanos;
    private final @Nullable EventLane<Outgoing> stage;
    private final CopyOnWriteArrayList<Slot> slots = new CopyOnWriteArrayList<>();
    final AtomicLong listenerFailures = new AtomicLong();
    final AtomicLong droppedEvents = new AtomicLong();
    final AtomicLong reportFailures = new AtomicLong();

    EventDispatcher(boolean synchronous, ReportCapture capture) {
        this(synchronous, capture, null, AlertEngine.INLINE_LISTENER_BUDGET);
    }

    /**
     * @param threadFactory where threads come from; null: daemon threads named {@code vigil-alert-*}
     * @param inlineBudget how long one call of a listener that never blocks may take on the events
     *                     thread before the listener gets a thread of its own
     */
    EventDispatcher(boolean synchronous, ReportCapture capture, ThreadFactory threadFactory, Duration inlineBudget) {
        this.synchronous = synchronous;
        this.capture = capture;
        this.threadFactory = threadFactory;
        this.inlineBudgetNanos = inlineBudget.toNanos();
        this.stage = synchronous
                ? null
                : new EventLane<>(
                        threadFactory,
                        "vigil-alert-events-" + THREADS.incrementAndGet(),
                        LISTENER_QUEUE,
                        OUTGOING,
                        this::deliver);
    }

    private static final int LIFECYCLE = 0;
    private static final int MUTE = 1;
    private static final int ACKNOWLEDGEMENT = 2;
    private static final int FLAPPING = 3;

    /**
     * Keeps each alert's latest state, mute state, acknowledgement and flapping when a consumer falls
     * behind: see {@link EventLane}.
     */
    static final EventLane.Policy<AlertEvent> EVENTS = new EventLane.Policy<>() {
        @Override
        public String fingerprint(AlertEvent event) {
            return event.alert().fingerprint();
        }

        @Override
        public int kind(AlertEvent event) {
            if (event instanceof AlertEvent.Silenced || event instanceof AlertEvent.Unsilenced) {
                return MUTE;
            }
            if (event instanceof AlertEvent.Acknowledged) {
                return ACKNOWLEDGEMENT;
            }
            if (event instanceof AlertEvent.FlappingStarted || event instanceof AlertEvent.FlappingStopped) {
                return FLAPPING;
            }
            return LIFECYCLE;
        }

        @Override
        public int kinds() {
            return 4;
        }

        @Override
        public AlertEvent merge(AlertEvent older, AlertEvent newer) {
            // the consumer never heard the Fired: it must still hear that the alert fires, with its
            // latest severity (and the report the Fired carried)
            if (older instanceof AlertEvent.Fired fired && newer instanceof AlertEvent.SeverityChanged changed) {
                Alert alert = changed.alert().report() == null && fired.alert().report() != null
                        ? changed.alert().withReport(fired.alert().report())
                        : changed.alert();
                return new AlertEvent.Fired(alert, changed.time());
            }
            // UNKNOWN is not paged, and an alert whose data returns still breached goes back to
            // FIRING without a new Fired: an Unknown must never swallow the page it follows, nor
            // the resolution (a receiver told it fires would be told so for good)
            if (newer instanceof AlertEvent.Unknown && !(older instanceof AlertEvent.Unknown)) {
                return older;
            }
            return newer;
        }

        @Override
        public @Nullable AlertEvent current(AlertEvent event, AlertEvent latest) {
            if (event == latest) {
                return event;
            }
            Alert now = latest.alert();
            if (event.alert().report() != null && now.report() == null) {
                now = now.withReport(event.alert().report());
            }
            boolean firing = now.state() == AlertState.FIRING;
            if (event instanceof AlertEvent.Silenced || event instanceof AlertEvent.Unsilenced) {
                // a mute change matters only while the alert fires; then its latest mute state
                // counts. UNKNOWN straight after firing still counts as firing (no resolution
                // since it last fired): the change goes as it was decided.
                if (now.state() == AlertState.UNKNOWN && now.firingSince() != null && now.resolvedAt() == null) {
                    return event;
                }
                if (!firing) {
                    return null;
                }
                return now.silenced() || now.inhibited()
                        ? new AlertEvent.Silenced(now, event.time())
                        : new AlertEvent.Unsilenced(now, event.time());
            }
            if (event instanceof AlertEvent.Acknowledged) {
                return firing && now.acknowledged() ? new AlertEvent.Acknowledged(now, event.time()) : null;
            }
            if (event instanceof AlertEvent.FlappingStarted f) {
                return new AlertEvent.FlappingStarted(now, f.percentStateChange(), f.time());
            }
            if (event instanceof AlertEvent.FlappingStopped f) {
                return new AlertEvent.FlappingStopped(now, f.percentStateChange(), f.time());
            }
            if ((event instanceof AlertEvent.Fired
                            || event instanceof AlertEvent.SeverityChanged
                            || event instanceof AlertEvent.Resolved)
                    && now.state() == AlertState.UNKNOWN) {
                return event; // the page or resolution as decided: UNKNOWN, not paged, must not replace it
            }
            if (event instanceof AlertEvent.Fired) {
                return new AlertEvent.Fired(now, event.time());
            }
            if (event instanceof AlertEvent.SeverityChanged c) {
                return new AlertEvent.SeverityChanged(now, c.previous(), c.time());
            }
            if (event instanceof AlertEvent.Resolved) {
                return new AlertEvent.Resolved(now, event.time());
            }
            if (event instanceof AlertEvent.Restored) {
                return new AlertEvent.Restored(now, event.time());
            }
            return new AlertEvent.Unknown(now, event.time());
        }
    };

    private static final EventLane.Policy<Outgoing> OUTGOING = new EventLane.Policy<>() {
        @Override
        public String fingerprint(Outgoing out) {
            return EVENTS.fingerprint(out.event());
        }

        @Override
        public int kind(Outgoing out) {
            return EVENTS.kind(out.event());
        }

        @Override
        public int kinds() {
            return EVENTS.kinds();
        }

        @Override
        public Outgoing merge(Outgoing older, Outgoing newer) {
            AlertEvent merged = EVENTS.merge(older.event(), newer.event());
            if (merged == older.event()) {
                return older; // kept as it was (a page an Unknown must not swallow), in its place
            }
            return new Outgoing(merged, newer.series(), newer.history(), newer.nowMillis(), newer.reportSink());
        }

        @Override
        public @Nullable Outgoing current(Outgoing out, Outgoing latest) {
            AlertEvent event = EVENTS.current(out.event(), latest.event());
            return event == null
                    ? null
                    : event == out.event()
                            ? out
                            : new Outgoing(event, out.series(), latest.history(), latest.nowMillis(), out.reportSink());
        }
    };

    /**
     * Offers {@code storage} to every listener (before any event), then asks each again whether it
     * may block: one that now keeps a log of its own on disk gets a thread of its own.
     */
    void offerStorage(dev.vigil.core.storage.Storage storage) {
        for (Slot slot : slots) {
            offerStorage(slot.listener, storage);
            slot.askAgainWhetherItMayBlock();
        }
    }

    static void offerStorage(AlertListener listener, dev.vigil.core.storage.Storage storage) {
        try {
            listener.onStorage(storage);
        } catch (Throwable t) {
            log.warn("Vigil alert listener {} failed to take the storage directory {}", listener, storage.root(), t);
        }
    }

    /** The engine's external labels, offered to each listener {@linkplain #add added} from now on. */
    void externalLabels(java.util.Map<String, String> labels) {
        externalLabels = labels;
    }

    /** Adds {@code listener}, first telling it the external labels ({@link AlertListener#onExternalLabels}). */
    Subscription add(AlertListener listener) {
        try {
            listener.onExternalLabels(externalLabels);
        } catch (Throwable t) {
            log.warn("Vigil alert listener {} failed to take the external labels {}", listener, externalLabels, t);
        }
        Slot slot = new Slot(listener);
        slots.add(slot);
        return () -> {
            if (slots.remove(slot)) {
                slot.shutdown();
            }
        };
    }

    void publish(List<Outgoing> events) {
        for (int i = 0; i < events.size(); i++) {
            Outgoing out = events.get(i);
            if (synchronous) {
                deliver(out);
            } else {
                EventLane.Offer offer = stage.offer(out);
                if (offer != EventLane.Offer.QUEUED) {
                    dropped(out.event(), offer, "the engine's event thread");
                }
            }
        }
    }

    private static FiringAlert firing(Alert alert) {
        return new FiringAlert(alert.name(), alert.severity(), alert.labels(), alert.annotations(), alert.value());
    }

    private void deliver(Outgoing out) {
        AlertEvent event = out.event();
        if (event instanceof AlertEvent.Fired fired && fired.alert().report() == null) {
            AlertReport report = null;
            try {
                report = capture.capture(firing(fired.alert()), out.series(), out.history(), out.nowMillis());
            } catch (Throwable t) {
                if (reportFailures.getAndIncrement() == 0) {
                    log.warn(
                            "Vigil could not capture the report of alert {}; delivering it without",
                            fired.alert().name(),
                            t);
                }
            }
            if (report != null) {
                out.reportSink().accept(fired.alert().fingerprint(), report);
                event = new AlertEvent.Fired(fired.alert().withReport(report), fired.time());
            }
        }
        for (Slot slot : slots) {
            slot.offer(event);
        }
    }

    /** The listener's own answer, isolated: one that throws is taken as blocking. */
    private static boolean mayBlock(AlertListener listener) {
        try {
            return listener.mayBlock();
        } catch (Throwable t) {
            log.warn("Vigil alert listener {}: mayBlock() failed, taken as true", listener, t);
            return true;
        }
    }

    private final AtomicLong lastDropLog = new AtomicLong(System.nanoTime() - DROP_LOG_INTERVAL_NANOS);
    private final AtomicLong droppedLogged = new AtomicLong();

    /** Counts every drop; logs at most every 10 s, with the exact count since the last log. */
    private void dropped(AlertEvent event, EventLane.Offer offer, String where) {
        droppedEvents.incrementAndGet();
        long last = lastDropLog.get();
        long now = System.nanoTime();
        if (now - last >= DROP_LOG_INTERVAL_NANOS && lastDropLog.compareAndSet(last, now)) {
            logDrops("the latest: " + event.getClass().getSimpleName() + " of "
                    + event.alert().name() + " at "
                    + where
                    + (offer == EventLane.Offer.COALESCED
                            ? ", merged into a later state of the alert"
                            : offer == EventLane.Offer.CLOSED
                                    ? ", closed"
                                    : ", behind by " + LISTENER_QUEUE + " events"));
        }
    }

    private void logDrops(String detail) {
        long total = droppedEvents.get();
        long since = total - droppedLogged.getAndSet(total);
        if (since > 0) {
            log.warn(
                    "Vigil dropped {} alert events ({} in all; {}). Events that carry an alert's state are "
                            + "merged, never lost: listeners still learn each alert's latest state",
                    since,
                    total,
                    detail);
        }
    }

    /**
     * Gives listeners up to {@code timeout} to take their queued events, then calls every
     * listener's {@code onClose} and waits up to {@code timeout} again for them to return.
     *
     * <p>Events still queued at the first deadline are dropped (and counted), and a listener thread
     * still inside {@code onEvent} is interrupted. {@code onClose} is the listener's own flush (a
     * notifier delivering what it holds): it is never interrupted, and gets a budget of its own,
     * {@code timeout} from when the listeners start closing. Each runs on a thread of its own, in
     * parallel, outside the listener's event queue, so neither a full queue nor a stuck event can
     * keep it from running; one still running at the deadline is logged and left to finish on its
     * daemon thread, so a third-party listener cannot hang the close forever.
     */
    void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (stage != null) {
            stage.shutdown();
            drainOrDrop(stage, deadline);
        }
        List<Slot> closing = List.copyOf(slots);
        slots.clear();
        for (Slot slot : closing) {
            slot.shutdown();
        }
        for (Slot slot : closing) {
            EventLane<AlertEvent> lane = slot.lane;
            if (lane != null) {
                drainOrDrop(lane, deadline);
            }
        }
        logDrops("at close");
        List<Thread> closers = new ArrayList<>(closing.size());
        for (Slot slot : closing) {
            if (synchronous) {
                slot.closeListener();
            } else {
                closers.add(Threads.start(
                        threadFactory, "vigil-alert-close-" + THREADS.incrementAndGet(), slot::closeListener));
            }
        }
        awaitClosers(closers, closing, timeout);
    }

    private void awaitClosers(List<Thread> closers, List<Slot> closing, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (int i = 0; i < closers.size(); i++) {
                Thread t = closers.get(i);
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    TimeUnit.NANOSECONDS.timedJoin(t, left);
                }
                if (t.isAlive()) {
                    log.warn(
                            "Vigil alert listener {} is still closing after {}; close goes on without it",
                            closing.get(i).listener,
                            timeout);
                }
            }
        } catch (InterruptedException e) {
            // the caller wants out: the listeners go on closing on their own threads
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the deadline for the queue to empty; then drops what is left and interrupts. */
    private void drainOrDrop(EventLane<?> lane, long deadlineNanos) {
        try {
            if (lane.awaitTermination(deadlineNanos - System.nanoTime())) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = lane.abandon();
        if (left > 0) {
            droppedEvents.addAndGet(left);
            log.warn("Vigil dropped {} alert events still queued at close", left);
        }
        try {
            // the interrupted event, if any, should end quickly; onClose must not overlap it
            lane.awaitTermination(TimeUnit.SECONDS.toNanos(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Slot {
        final AlertListener listener;
        /**
         * The listener's own thread and queue; null while it is called on the events thread (a
         * listener that never blocks) or on the caller's (synchronous mode). Set once, by the
         * events thread, when an inline call overran its budget, or by the thread offering a storage
         * directory (before any event) when the listener then says it may block.
         */
        volatile @Nullable EventLane<AlertEvent> lane;

        private boolean shutdown; // guarded by this
        final FailureLog failures = new FailureLog(log);

        Slot(AlertListener listener) {
            this.listener = listener;
            this.lane = synchronous || !mayBlock(listener) ? null : newLane();
        }

        private EventLane<AlertEvent> newLane() {
            return new EventLane<>(
                    threadFactory,
                    "vigil-alert-listener-" + THREADS.incrementAndGet(),
                    LISTENER_QUEUE,
                    EVENTS,
                    this::call);
        }

        void offer(AlertEvent event) {
            EventLane<AlertEvent> own = lane;
            if (own == null) {
                long start = System.nanoTime();
                call(event);
                if (!synchronous && System.nanoTime() - start > inlineBudgetNanos) {
                    overran(System.nanoTime() - start);
                }
                return;
            }
            EventLane.Offer offer = own.offer(event);
            if (offer != EventLane.Offer.QUEUED) {
                dropped(event, offer, "listener " + listener);
            }
        }

        /** After the storage offer: a listener called on the events thread that now may block gets its own. */
        void askAgainWhetherItMayBlock() {
            if (!synchronous && lane == null && mayBlock(listener)) {
                moveToOwnThread();
            }
        }

        /** A listener that promised not to block took too long: it gets a thread of its own. */
        private void overran(long tookNanos) {
            if (!moveToOwnThread()) {
                return;
            }
            log.warn(
                    "Vigil alert listener {} says it never blocks but one call took {} ms (budget {} ms); it gets a "
                            + "thread of its own from now on",
                    listener,
                    TimeUnit.NANOSECONDS.toMillis(tookNanos),
                    TimeUnit.NANOSECONDS.toMillis(inlineBudgetNanos));
        }

        /** Gives the listener a thread and queue of its own; false when it has one or is shut down. */
        private boolean moveToOwnThread() {
            synchronized (this) {
                if (shutdown || lane != null) {
                    return false;
                }
            }
            // made outside the lock: the thread may come from the host's factory (only the events
            // thread, or the thread offering the storage before any event, gets here: one lane)
            EventLane<AlertEvent> own = newLane();
            synchronized (this) {
                if (shutdown || lane != null) {
                    own.shutdown();
                    return false;
                }
                lane = own;
            }
            return true;
        }

        /** Takes no more events; a lane of its own ends once it delivered what it holds. */
        synchronized void shutdown() {
            shutdown = true;
            if (lane != null) {
                lane.shutdown();
            }
        }

        void call(AlertEvent event) {
            try {
                listener.onEvent(event);
                failures.succeeded("Vigil alert listener {} recovered", listener);
            } catch (Throwable t) {
                listenerFailures.incrementAndGet();
                failures.failed("Vigil alert listener {} failed; it keeps receiving events", listener, t);
            }
        }

        void closeListener() {
            try {
                listener.onClose();
            } catch (Throwable t) {
                log.warn("Vigil alert listener {} failed on close", listener, t);
            }
        }
    }
}

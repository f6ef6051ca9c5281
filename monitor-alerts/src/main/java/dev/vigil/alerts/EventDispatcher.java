package dev.vigil.alerts;

import dev.vigil.alerts.report.AlertReport;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.core.Subscription;
import dev.vigil.core.history.History;
import dev.vigil.core.metric.MetricId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alert events off the sampling thread. One "events" thread takes every event in order,
 * captures the report of a {@code Fired} event (possibly slow), then hands the event to each
 * listener's own single thread, so a slow or throwing listener delays neither the evaluation nor
 * another listener. In synchronous mode (tests) all of it runs on the caller's thread.
 */
final class EventDispatcher {

    /** Events a listener may have waiting before new ones are dropped (and counted). */
    static final int LISTENER_QUEUE = 10_000;

    private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** An event on its way, with what the report capture needs. */
    record Outgoing(AlertEvent event, MetricId series, History history, long nowMillis,
                    BiConsumer<String, AlertReport> reportSink) {
    }

    private final boolean synchronous;
    private final ReportCapture capture;
    private final ExecutorService stage;
    private final CopyOnWriteArrayList<Slot> slots = new CopyOnWriteArrayList<>();
    final AtomicLong listenerFailures = new AtomicLong();
    final AtomicLong droppedEvents = new AtomicLong();
    final AtomicLong reportFailures = new AtomicLong();

    EventDispatcher(boolean synchronous, ReportCapture capture) {
        this.synchronous = synchronous;
        this.capture = capture;
        this.stage = synchronous ? null : singleThread("vigil-alert-events");
    }

    private static ThreadPoolExecutor singleThread(String name) {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(LISTENER_QUEUE),
                r -> {
                    Thread t = new Thread(r, name + "-" + THREADS.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    Subscription add(AlertListener listener) {
        Slot slot = new Slot(listener, synchronous ? null : singleThread("vigil-alert-listener"));
        slots.add(slot);
        return () -> {
            if (slots.remove(slot) && slot.executor != null) {
                slot.executor.shutdown();
            }
        };
    }

    void publish(List<Outgoing> events) {
        for (int i = 0; i < events.size(); i++) {
            Outgoing out = events.get(i);
            if (synchronous) {
                deliver(out);
            } else {
                try {
                    stage.execute(() -> deliver(out));
                } catch (RejectedExecutionException e) {
                    dropped(out.event(), "the event queue is full or closed");
                }
            }
        }
    }

    private void deliver(Outgoing out) {
        AlertEvent event = out.event();
        if (event instanceof AlertEvent.Fired fired && fired.alert().report() == null) {
            AlertReport report = null;
            try {
                report = capture.capture(fired.alert(), out.series(), out.history(), out.nowMillis());
            } catch (Throwable t) {
                if (reportFailures.getAndIncrement() == 0) {
                    log.warn("Vigil could not capture the report of alert {}; delivering it without", fired.alert().name(), t);
                }
            }
            if (report != null) {
                out.reportSink().accept(fired.alert().fingerprint(), report);
                event = new AlertEvent.Fired(Snapshots.withReport(fired.alert(), report), fired.time());
            }
        }
        for (Slot slot : slots) {
            slot.offer(event);
        }
    }

    private void dropped(AlertEvent event, String why) {
        if (droppedEvents.getAndIncrement() % 1000 == 0) {
            log.warn("Vigil dropped alert event {} for {}: {}", event.getClass().getSimpleName(),
                    event.alert().name(), why);
        }
    }

    /** Waits up to {@code timeout} for queued events, tells every listener onClose, stops threads. */
    void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (stage != null) {
            stage.shutdown();
            await(stage, deadline);
        }
        for (Slot slot : slots) {
            if (slot.executor == null) {
                slot.closeListener();
            } else {
                try {
                    slot.executor.execute(slot::closeListener);
                } catch (RejectedExecutionException ignored) {
                    // already shut down by its subscription
                }
                slot.executor.shutdown();
            }
        }
        for (Slot slot : slots) {
            if (slot.executor != null) {
                await(slot.executor, deadline);
            }
        }
        slots.clear();
    }

    private static void await(ExecutorService executor, long deadlineNanos) {
        try {
            if (!executor.awaitTermination(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }

    private final class Slot {
        final AlertListener listener;
        final ThreadPoolExecutor executor;
        boolean failing;

        Slot(AlertListener listener, ThreadPoolExecutor executor) {
            this.listener = listener;
            this.executor = executor;
        }

        void offer(AlertEvent event) {
            if (executor == null) {
                call(event);
                return;
            }
            try {
                executor.execute(() -> call(event));
            } catch (RejectedExecutionException e) {
                dropped(event, "listener " + listener + " is too slow (" + LISTENER_QUEUE + " events waiting)");
            }
        }

        void call(AlertEvent event) {
            try {
                listener.onEvent(event);
                if (failing) {
                    failing = false;
                    log.info("Vigil alert listener {} recovered", listener);
                }
            } catch (Throwable t) {
                listenerFailures.incrementAndGet();
                if (!failing) {
                    failing = true;
                    log.warn("Vigil alert listener {} failed; it keeps receiving events", listener, t);
                }
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

package dev.vigil.notify;

import dev.vigil.core.internal.LogThrottle;
import dev.vigil.core.internal.Threads;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands undelivered notifications to the user's failure callback, never under a Vigil lock.
 * A receiver's worker reports its own failures {@linkplain #inline inline} (it holds no lock, and
 * a slow callback there delays only that receiver). Reports that arise while routing (a queue
 * drop, a group that cannot be rendered) are made under the dispatcher's lock: they are
 * {@linkplain #deferred deferred} to one daemon thread, {@code vigil-notify-callbacks}, so a slow
 * callback can delay no route and no other receiver. That thread stops when idle and is started
 * again on demand; its queue is bounded, and what overflows it is counted and logged.
 */
final class FailureReports {

    private static final Logger log = LoggerFactory.getLogger(FailureReports.class);
    /** Reports waiting for the callback thread; a storm's drops fit, a stuck callback is bounded. */
    static final int CAPACITY = 200_000;

    private static final long IDLE_MILLIS = 5_000;
    private static final Duration OVERFLOW_LOG_INTERVAL = Duration.ofSeconds(10);

    /** The callback when the application gives none: nothing to hand over, so nothing is queued. */
    static final Consumer<DeliveryFailure> NONE = f -> {};

    private final Consumer<DeliveryFailure> callback;
    private final ThreadFactory threadFactory;
    private final LinkedBlockingQueue<DeliveryFailure> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final LogThrottle overflowLines = new LogThrottle(OVERFLOW_LOG_INTERVAL);
    private @Nullable Thread thread; // guarded by this
    private int unfinished; // queued or in the callback; guarded by this

    FailureReports(Consumer<DeliveryFailure> callback) {
        this(callback, null);
    }

    /** {@code threadFactory} null: the callback thread is a daemon of Vigil's own. */
    FailureReports(Consumer<DeliveryFailure> callback, ThreadFactory threadFactory) {
        this.callback = callback;
        this.threadFactory = threadFactory;
    }

    /** Calls the callback now, on this thread, which must hold no Vigil lock. */
    void inline(DeliveryFailure failure) {
        if (callback != NONE) {
            call(failure);
        }
    }

    /** Queues {@code failure} for the callback thread; never blocks. */
    void deferred(DeliveryFailure failure) {
        if (callback == NONE) {
            return;
        }
        synchronized (this) {
            if (!queue.offer(failure)) {
                overflowed(failure);
                return;
            }
            unfinished++;
            if (thread == null) {
                thread = Threads.start(threadFactory, "vigil-notify-callbacks", this::run);
            }
        }
    }

    private void overflowed(DeliveryFailure failure) {
        long count = overflowLines.occurred();
        if (count > 0) {
            log.warn(
                    "failure callback too slow: {} report(s) not handed to it, latest {} for receiver {}",
                    count,
                    failure.kind(),
                    failure.receiver());
        }
    }

    private void run() {
        while (true) {
            DeliveryFailure next;
            try {
                next = queue.poll(IDLE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                next = null;
            }
            if (next == null) {
                synchronized (this) {
                    // deferred() queues under this lock: an empty queue here means no report is missed.
                    if (queue.isEmpty()) {
                        thread = null;
                        return;
                    }
                }
                continue;
            }
            call(next);
            synchronized (this) {
                unfinished--;
                notifyAll();
            }
        }
    }

    private void call(DeliveryFailure failure) {
        try {
            callback.accept(failure);
        } catch (Throwable t) {
            log.warn("failure callback threw {}", t.getClass().getName());
        }
    }

    /** Waits until every deferred report was handed over, at most until {@code deadlineNanos}. */
    void await(long deadlineNanos) {
        boolean interrupted = false;
        synchronized (this) {
            while (unfinished > 0) {
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, remaining);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}

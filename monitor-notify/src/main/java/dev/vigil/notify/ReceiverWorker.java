package dev.vigil.notify;

import dev.vigil.core.internal.LogThrottle;
import dev.vigil.core.internal.Threads;
import dev.vigil.core.time.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One receiver's bounded queue and the single thread that empties it: attempts run on a
 * separate thread so a hanging notifier is cut at its timeout, retries wait on this worker only,
 * so a slow receiver never delays another one nor the caller of {@link #submit}.
 *
 * <p>When the receiver is idle, {@link #kick()} (called outside every Vigil lock right after
 * routing) starts the first attempt of the notification just queued at once, and the worker takes
 * it over where it would have started it: the notifier is then called one thread wake-up after
 * routing instead of two, with the same timeout, retries, order and accounting.
 */
final class ReceiverWorker {

    private static final Logger log = LoggerFactory.getLogger(ReceiverWorker.class);
    private static final Duration DROP_LOG_INTERVAL = Duration.ofSeconds(10);
    /** How long a worker cut at the close timeout gets to report its notification and stop. */
    static final long CUT_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long an idle worker waits for work before looking again (close() wakes it at once). */
    static final long IDLE_WAIT_MILLIS = 60_000;
    /** Attempt threads per receiver: the current attempt and one timed out but not yet returned. */
    static final int MAX_ATTEMPT_THREADS = 2;

    private final Notifier notifier;
    private final String name;
    private final NotificationQueue queue;
    private final RetryPolicy policy;
    private final Clock clock;
    private final Sleeper sleeper;
    private final FailureReports reports;
    private final ExecutorService attempts;
    private final Semaphore attemptSlots = new Semaphore(MAX_ATTEMPT_THREADS);
    private final Thread thread;
    private final Counter sent;
    private final Counter failed;
    private final Counter retried;
    private final Counter dropped;
    private final Timer latency;
    // A storm drops thousands per second; one line per interval keeps the log readable.
    private final LogThrottle dropLines = new LogThrottle(DROP_LOG_INTERVAL);
    /** A first attempt {@link #kick()} started, for the worker to take over. */
    private final java.util.concurrent.atomic.AtomicReference<Started> headStart =
            new java.util.concurrent.atomic.AtomicReference<>();

    private volatile boolean closing;
    private volatile boolean stopped;
    private volatile boolean timeoutWarned;
    /** The notifier's timeout as last asked, so that kick() calls no notifier code of its own. */
    private volatile Duration knownTimeout;
    // Accepted and not yet finished (queued or in delivery): what close() and pending() wait for.
    private final java.util.concurrent.atomic.AtomicInteger outstanding =
            new java.util.concurrent.atomic.AtomicInteger();

    ReceiverWorker(
            Notifier notifier,
            int capacity,
            RetryPolicy policy,
            Clock clock,
            Sleeper sleeper,
            MeterRegistry registry,
            Consumer<DeliveryFailure> onFailure) {
        this(notifier, capacity, Long.MAX_VALUE, policy, clock, sleeper, registry, new FailureReports(onFailure), null);
    }

    /** {@code threadFactory} null: the worker and attempt threads are daemons of Vigil's own. */
    ReceiverWorker(
            Notifier notifier,
            int capacity,
            long maxBytes,
            RetryPolicy policy,
            Clock clock,
            Sleeper sleeper,
            MeterRegistry registry,
            FailureReports reports,
            ThreadFactory threadFactory) {
        this.notifier = notifier;
        this.name = notifier.name();
        this.queue = new NotificationQueue(capacity, maxBytes);
        this.policy = policy;
        this.clock = clock;
        this.sleeper = sleeper;
        this.reports = reports;
        this.sent = Counter.builder("vigil.notify.sent")
                .tag("receiver", name)
                .description("notifications delivered")
                .register(registry);
        this.failed = Counter.builder("vigil.notify.failed")
                .tag("receiver", name)
                .description("notifications given up after a permanent failure or exhausted retries")
                .register(registry);
        this.retried = Counter.builder("vigil.notify.retried")
                .tag("receiver", name)
                .description("delivery attempts retried")
                .register(registry);
        this.dropped = Counter.builder("vigil.notify.dropped")
                .tag("receiver", name)
                .description("notifications dropped from a full queue or at close")
                .register(registry);
        this.latency = Timer.builder("vigil.notify.latency")
                .tag("receiver", name)
                .description("time from the first attempt to the final outcome")
                .register(registry);
        Gauge.builder("vigil.notify.queue.depth", queue, NotificationQueue::size)
                .tag("receiver", name)
                .description("notifications waiting")
                .register(registry);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                MAX_ATTEMPT_THREADS,
                MAX_ATTEMPT_THREADS,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                Threads.factory(threadFactory, "vigil-notify-attempt-" + name));
        pool.allowCoreThreadTimeOut(true);
        this.attempts = pool;
        this.knownTimeout = timeout();
        this.thread = Threads.start(threadFactory, "vigil-notify-" + name, this::run);
    }

    String name() {
        return name;
    }

    Notifier notifier() {
        return notifier;
    }

    /**
     * Queues {@code n} without blocking; a full queue gives up its oldest lowest-severity entry.
     * Called under the dispatcher's lock: what it reports goes to the callback thread.
     */
    void submit(Notification n) {
        if (closing) {
            reports.deferred(new DeliveryFailure(name, n, DeliveryFailure.Kind.CLOSED, "submitted after close", 0));
            dropped.increment();
            return;
        }
        // a queued state of the group that n tells anew is not delivered first (and never instead)
        int superseded = queue.removeSuperseded(n);
        outstanding.addAndGet(1 - superseded);
        List<Notification> givenUps = queue.offer(n);
        for (int i = 0; i < givenUps.size(); i++) {
            Notification givenUp = givenUps.get(i);
            outstanding.decrementAndGet();
            dropped.increment();
            logDrop(givenUp);
            reports.deferred(new DeliveryFailure(name, givenUp, DeliveryFailure.Kind.DROPPED, queueFull(), 0));
        }
    }

    private String queueFull() {
        return queue.maxBytes() == Long.MAX_VALUE
                ? "queue full (capacity " + queue.capacity() + ")"
                : "queue full (capacity " + queue.capacity() + " notifications, " + queue.maxBytes() + " bytes)";
    }

    int queued() {
        return outstanding.get();
    }

    private void logDrop(Notification givenUp) {
        long count = dropLines.occurred();
        if (count > 0) {
            log.warn(
                    "receiver {}: {}, dropped {} notification(s), latest for group {}",
                    name,
                    queueFull(),
                    count,
                    Dispatcher.safeKey(givenUp.groupKey()));
        }
    }

    /** An attempt under way: its notification, its future, whether it began, its timeout and start. */
    private record Started(
            Notification notification,
            Future<DeliveryResult> future,
            AtomicBoolean began,
            long timeoutNanos,
            long startedNanos) {}

    /**
     * If the receiver is idle and the one notification queued is the one just submitted, starts its
     * first attempt now, on this thread, and wakes the worker to take it over. Call it outside
     * every lock of Vigil's: it may start an attempt thread (from the host's factory).
     * Returns whether it started an attempt.
     */
    boolean kick() {
        if (closing || outstanding.get() != 1 || headStart.get() != null) {
            return false;
        }
        // one queued and one outstanding, under the queue's lock: the worker delivers nothing else
        Notification n = queue.pollIfOnly(() -> outstanding.get() == 1);
        if (n == null) {
            return false; // the worker took it first
        }
        Started s;
        try {
            s = start(n, knownTimeout);
        } catch (InterruptedException closed) {
            s = null;
        }
        // no attempt slot free (or closed): the worker makes the first attempt as usual
        headStart.set(s != null ? s : new Started(n, null, null, 0, 0));
        queue.wake();
        if (stopped) {
            // the worker ended (close) before it could see it: reported here, once
            Started orphan = headStart.getAndSet(null);
            if (orphan != null) {
                finishOrphan(orphan);
            }
        }
        return s != null;
    }

    private void run() {
        try {
            work();
        } finally {
            stopped = true;
            Started orphan = headStart.getAndSet(null);
            if (orphan != null) {
                finishOrphan(orphan);
            }
        }
    }

    private void work() {
        // A notification taken from the queue while kick() was starting an older one: delivered
        // after that one, so that a receiver gets its notifications in order, one at a time.
        Notification carried = null;
        while (!(closing && queue.size() == 0 && headStart.get() == null && carried == null)) {
            Started started = headStart.getAndSet(null);
            Notification current = started == null ? null : started.notification();
            if (current == null && carried != null) {
                current = carried;
                carried = null;
            }
            if (current == null) {
                try {
                    // Long: beginClose() releases the queue, so this wait costs an idle receiver nothing.
                    current = queue.poll(IDLE_WAIT_MILLIS);
                } catch (InterruptedException e) {
                    // Only close() interrupts; what is still queued is reported by awaitClose.
                    return;
                }
                if (current == null) {
                    continue;
                }
                Started raced = headStart.getAndSet(null);
                if (raced != null) {
                    carried = current;
                    started = raced;
                    current = raced.notification();
                }
            }
            try {
                deliver(current, started == null || started.future() == null ? null : started);
            } catch (InterruptedException e) {
                // Only close() interrupts: the notifications in hand are reported, not lost.
                dropped.increment();
                fail(current, DeliveryFailure.Kind.CLOSED, "delivery cut by close()", 0);
                if (carried != null) {
                    dropped.increment();
                    outstanding.decrementAndGet();
                    fail(carried, DeliveryFailure.Kind.CLOSED, "delivery cut by close()", 0);
                }
                return;
            } catch (Throwable t) {
                // A broken sleeper, clock or policy must cost this notification, not the receiver.
                failed.increment();
                log.warn(
                        "receiver {}: delivery for group {} failed unexpectedly: {}",
                        name,
                        current.groupKey(),
                        t.getClass().getName());
                fail(
                        current,
                        DeliveryFailure.Kind.PERMANENT,
                        "delivery failed: " + t.getClass().getName(),
                        0);
            } finally {
                outstanding.decrementAndGet();
            }
        }
    }

    private void deliver(Notification n, Started first) throws InterruptedException {
        long start = clock.monotonicNanos();
        long budgetNanos = policy.budget().toNanos();
        int attempt = 0;
        while (true) {
            attempt++;
            DeliveryResult result = attempt == 1 && first != null ? await(first) : attempt(n);
            if (result instanceof DeliveryResult.Delivered) {
                sent.increment();
                latency.record(clock.monotonicNanos() - start, TimeUnit.NANOSECONDS);
                return;
            }
            if (result instanceof DeliveryResult.PermanentFailure p) {
                finishFailed(n, DeliveryFailure.Kind.PERMANENT, p.reason(), attempt, start);
                return;
            }
            DeliveryResult.Retry r = (DeliveryResult.Retry) result;
            if (attempt >= policy.maxAttempts()) {
                finishFailed(
                        n,
                        DeliveryFailure.Kind.RETRIES_EXHAUSTED,
                        r.reason() + " (after " + attempt + " attempts)",
                        attempt,
                        start);
                return;
            }
            int failedAttempts = attempt;
            Duration asked = r.retryAfter();
            Duration wait = asked == null
                    ? policy.backoff(failedAttempts, ThreadLocalRandom.current())
                    : asked.compareTo(RetryPolicy.MAX_RETRY_AFTER) > 0 ? RetryPolicy.MAX_RETRY_AFTER : asked;
            long elapsed = clock.monotonicNanos() - start;
            if (elapsed + wait.toNanos() > budgetNanos) {
                finishFailed(
                        n,
                        DeliveryFailure.Kind.RETRIES_EXHAUSTED,
                        r.reason() + " (retry budget " + policy.budget() + " exhausted after " + attempt + " attempts)",
                        attempt,
                        start);
                return;
            }
            retried.increment();
            log.debug(
                    "receiver {}: attempt {} for group {} failed ({}), retrying in {}",
                    name,
                    attempt,
                    n.groupKey(),
                    r.reason(),
                    wait);
            sleeper.sleep(wait);
        }
    }

    private DeliveryResult attempt(Notification n) throws InterruptedException {
        Started s = start(n, timeout());
        if (s == null) {
            return DeliveryResult.retry("previous attempt still running (timed out, not yet returned)");
        }
        return await(s);
    }

    /**
     * Starts an attempt on an attempt thread; null when both attempt slots are taken.
     *
     * @throws InterruptedException when the attempt threads are shut down (close)
     */
    private Started start(Notification n, Duration timeout) throws InterruptedException {
        // A timed-out attempt stuck in uninterruptible I/O keeps its thread: with both slots
        // taken, this attempt fails (and is retried later) instead of piling up threads.
        if (!attemptSlots.tryAcquire()) {
            return null;
        }
        long startedNanos = System.nanoTime();
        AtomicBoolean began = new AtomicBoolean();
        Future<DeliveryResult> future;
        try {
            future = attempts.submit(() -> {
                if (!began.compareAndSet(false, true)) {
                    return null;
                }
                try {
                    return notifier.deliver(n);
                } finally {
                    attemptSlots.release();
                }
            });
        } catch (RejectedExecutionException e) {
            attemptSlots.release();
            throw new InterruptedException("closed");
        }
        return new Started(n, future, began, timeout.toNanos(), startedNanos);
    }

    /** Waits for an attempt until its timeout, counted from when it started. */
    private DeliveryResult await(Started s) throws InterruptedException {
        Future<DeliveryResult> future = s.future();
        AtomicBoolean began = s.began();
        try {
            long left = s.timeoutNanos() - (System.nanoTime() - s.startedNanos());
            DeliveryResult result = future.get(Math.max(0, left), TimeUnit.NANOSECONDS);
            return result == null ? DeliveryResult.retry("notifier returned null") : result;
        } catch (TimeoutException e) {
            giveUp(future, began);
            return DeliveryResult.retry("timed out after " + Duration.ofNanos(s.timeoutNanos()));
        } catch (ExecutionException e) {
            // The exception's message may quote a URL or a key: only its type is reported.
            return DeliveryResult.retry(
                    "notifier threw " + e.getCause().getClass().getName());
        } catch (InterruptedException e) {
            giveUp(future, began);
            throw e;
        }
    }

    /** Cancels an attempt; one that never began frees its slot here, a running one when it returns. */
    private void giveUp(Future<DeliveryResult> future, AtomicBoolean began) {
        future.cancel(true);
        if (began.compareAndSet(false, true)) {
            attemptSlots.release();
        }
    }

    /** The notifier's timeout, or the default when it gives none that can be used. */
    private Duration timeout() {
        try {
            Duration timeout = notifier.timeout();
            if (timeout != null && !timeout.isNegative() && !timeout.isZero()) {
                knownTimeout = timeout;
                return timeout;
            }
            warnTimeout(String.valueOf(timeout));
        } catch (Throwable t) {
            warnTimeout("a thrown " + t.getClass().getName());
        }
        knownTimeout = Notifier.DEFAULT_TIMEOUT;
        return Notifier.DEFAULT_TIMEOUT;
    }

    private void warnTimeout(String what) {
        if (!timeoutWarned) {
            timeoutWarned = true;
            log.warn("receiver {}: timeout() gave {}, using {}", name, what, Notifier.DEFAULT_TIMEOUT);
        }
    }

    private void finishFailed(Notification n, DeliveryFailure.Kind kind, String reason, int attempts, long start) {
        failed.increment();
        latency.record(clock.monotonicNanos() - start, TimeUnit.NANOSECONDS);
        log.warn("receiver {}: notification for group {} not delivered: {}", name, n.groupKey(), reason);
        fail(n, kind, reason, attempts);
    }

    private void fail(Notification n, DeliveryFailure.Kind kind, String reason, int attempts) {
        report(new DeliveryFailure(name, n, kind, reason, attempts));
    }

    private void report(DeliveryFailure failure) {
        reports.inline(failure);
    }

    /**
     * A notification for this receiver that could not be made (its group failed to render):
     * counted as failed and reported, under the dispatcher's lock, so through the callback thread.
     */
    void failedBeforeQueueing(Notification standIn, String reason) {
        failed.increment();
        reports.deferred(new DeliveryFailure(name, standIn, DeliveryFailure.Kind.PERMANENT, reason, 0));
    }

    private void finishOrphan(Started orphan) {
        DeliveryResult result = null;
        if (orphan.future() != null
                && orphan.future().isDone()
                && !orphan.future().isCancelled()) {
            try {
                result = orphan.future().get();
            } catch (Exception e) {
                result = null;
            }
        } else if (orphan.future() != null) {
            giveUp(orphan.future(), orphan.began());
        }
        outstanding.decrementAndGet();
        if (result instanceof DeliveryResult.Delivered) {
            sent.increment();
        } else {
            dropped.increment();
            fail(orphan.notification(), DeliveryFailure.Kind.CLOSED, "still in its first attempt at close()", 0);
        }
    }

    /** Waits for the failure reports handed to the callback thread, until {@code deadlineNanos}. */
    void awaitReports(long deadlineNanos) {
        reports.await(deadlineNanos);
    }

    /**
     * Stops taking work and lets the worker empty the queue until {@code deadlineNanos}
     * (System.nanoTime); what is left then is reported as CLOSED.
     */
    void beginClose() {
        closing = true;
        queue.release();
    }

    void awaitClose(long deadlineNanos) {
        boolean interrupted = join(deadlineNanos);
        cut();
        interrupted |= join(System.nanoTime() + CUT_GRACE_NANOS);
        finishClose();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits for the worker to finish until {@code deadlineNanos}. An interrupt of the caller does
     * not cut the wait short (close() honours its own timeout); it is returned, to be restored.
     */
    boolean join(long deadlineNanos) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        return interrupted;
    }

    /** Interrupts the worker if it still runs, so it reports the notification in hand and stops. */
    void cut() {
        if (thread.isAlive()) {
            thread.interrupt();
        }
    }

    /**
     * Stops the attempt threads and reports what is still queued as CLOSED. Called after the
     * worker stopped (or did not within the grace period, stuck in a callback): the queue hands
     * each notification either to the worker or to this drain, so each is reported once.
     */
    void finishClose() {
        Started orphan = headStart.getAndSet(null);
        if (orphan != null) {
            // kicked while the worker was stopping: its first attempt may have delivered it
            finishOrphan(orphan);
        }
        attempts.shutdownNow();
        for (Notification left : queue.drain()) {
            outstanding.decrementAndGet();
            dropped.increment();
            fail(left, DeliveryFailure.Kind.CLOSED, "still queued when close() timed out", 0);
        }
    }
}

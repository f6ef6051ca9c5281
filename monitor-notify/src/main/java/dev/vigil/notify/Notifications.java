package dev.vigil.notify;

import dev.vigil.alerts.AlertEvent;
import dev.vigil.alerts.AlertListener;
import dev.vigil.core.internal.Require;
import dev.vigil.core.internal.Threads;
import dev.vigil.core.time.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes alert events to receivers the way Alertmanager does (routing tree, grouping, group
 * wait / interval, repeat, resolved notifications, escalation) and delivers them reliably: one
 * bounded queue and one worker per receiver, retries with backoff within a budget, drops counted
 * and reported. Register it as the alert engine's listener; {@link #close()} flushes.
 *
 * <p>Alerts no child route matches go to the {@linkplain Builder#defaultReceivers default
 * receivers}; a route without receivers of its own uses its parent's. A firing alert that
 * reaches no receiver at all is counted ({@code vigil.notify.unrouted}) and logged once. Unless set, the root groups by {@code alertname} with
 * {@link Timings#embeddedDefaults()} and sends resolved notifications. Silenced, inhibited and
 * flapping alerts are not notified (a flapping alert is announced when it starts and stops);
 * acknowledged ones are not repeated; none of that applies to a route that
 * {@linkplain Route#synchronizeState() synchronises state} (Alertmanager). Self-metrics, tagged {@code receiver}:
 * {@code vigil.notify.sent}, {@code .failed}, {@code .retried}, {@code .dropped},
 * {@code .queue.depth}, {@code .latency}; untagged, {@code vigil.notify.unrouted}. No delivery
 * problem is thrown into the caller of {@link #onEvent}, {@link #poll} or {@link #close}.
 *
 * <pre>{@code
 * try (Notifications delivery = Notifications.builder()
 *         .route(Route.where("severity", "critical").to(PagerDutyNotifier.of(routingKey)))
 *         .route(Route.all().to(SlackNotifier.of(webhookUrl)))
 *         .build()) {
 *     engine.addListener(delivery);
 * }
 * }</pre>
 */
public final class Notifications implements AlertListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Notifications.class);

    private final Dispatcher dispatcher;
    private final FailureReports reports;
    private final List<ReceiverWorker> workers;
    private final Clock clock;
    private final Duration closeTimeout;
    private final Duration flushEvery;
    private final @Nullable Thread flusher;
    private final ReentrantLock wakeLock = new ReentrantLock();
    private final Condition wakeUp = wakeLock.newCondition();
    private boolean signalled; // guarded by wakeLock
    // The clock millis the flush thread sleeps until; Long.MAX_VALUE while it is awake, so every
    // event with a timer signals then and the wait it is about to start is skipped (no lost wake-up).
    private volatile long plannedWakeMillis = Long.MAX_VALUE;
    private final AtomicLong flushWakeups = new AtomicLong();
    private final Object closeLock = new Object();
    private volatile boolean closed;
    /** The notification log in the state directory, or {@code null} (memory only, or not yet given one). */
    private volatile @Nullable NotificationLog nflog;

    private final Duration stateFsyncInterval;
    /** The host's thread factory, or {@code null} for Vigil's own daemon threads. */
    private final @Nullable ThreadFactory threadFactory;

    private Notifications(Builder b) {
        this.clock = b.clock;
        this.stateFsyncInterval = b.stateFsyncInterval;
        this.threadFactory = b.threadFactory;
        this.closeTimeout = b.closeTimeout;
        IdentityHashMap<Notifier, ReceiverWorker> bound = new IdentityHashMap<>();
        Set<String> names = new HashSet<>();
        this.workers = new ArrayList<>();
        this.reports = new FailureReports(b.onFailure, b.threadFactory);
        Set<Notifier> disabled = Collections.newSetFromMap(new IdentityHashMap<>());
        Consumer<Notifier> bind = notifier -> {
            String reason = disabledReason(notifier);
            if (reason != null) {
                if (disabled.add(notifier)) {
                    log.warn("receiver {} is disabled and left out of every route: {}", notifier.name(), reason);
                }
                return;
            }
            bound.computeIfAbsent(notifier, n -> {
                Notifier named = unique(n, names);
                // the notification log (docs/alert-state.md) records what each receiver acknowledged
                ReceiverWorker w = new ReceiverWorker(
                        NotificationLog.recording(named, () -> nflog),
                        b.queueCapacity,
                        b.queueMaxBytes,
                        b.retryPolicy,
                        b.clock,
                        b.sleeper,
                        b.registry,
                        reports,
                        b.threadFactory);
                workers.add(w);
                return w;
            });
        };
        Route root = Route.all()
                .groupBy(b.groupBy.toArray(String[]::new))
                .timings(b.timings)
                .sendResolved(b.sendResolved)
                .repeatWhileAcknowledged(false)
                .to(b.defaultReceivers.toArray(Notifier[]::new));
        for (Route r : b.routes) {
            root = root.child(r);
        }
        this.dispatcher = new Dispatcher(
                resolve(root, "{}", null, bound, bind),
                clock,
                Counter.builder("vigil.notify.unrouted")
                        .description("firing alerts that reached no receiver")
                        .register(b.registry),
                reports);
        if (b.stateDirectory != null) {
            keepLogIn(b.stateDirectory);
        }
        this.flushEvery = b.flushEvery;
        if (b.flushEvery.isZero()) {
            this.flusher = null;
        } else {
            this.flusher = Threads.start(b.threadFactory, "vigil-notify-flush", this::flushLoop);
        }
    }

    /** Opens the notification log in {@code directory} and rebuilds the groups from it. */
    private void keepLogIn(java.nio.file.Path directory) {
        NotificationLog opened = NotificationLog.open(directory, stateFsyncInterval, threadFactory);
        try {
            opened.restore(dispatcher, clock.now());
        } catch (RuntimeException e) {
            // the workers run and the log stays locked by this instance: start without the
            // restored groups rather than fail (delivery is at-least-once; nothing is lost)
            log.warn("notification log in {} could not be restored; starting without it: {}", directory, e.toString());
        }
        nflog = opened;
    }

    /**
     * Called by an alert engine that keeps its state in a storage directory: notifications built
     * without a state directory of their own keep their log in its {@code notify} directory, so one
     * {@code storage(...)} call (on the monitor, or on the engine) wires all three. Ignored once
     * an event was heard or the notifications are closed.
     */
    @Override
    public void onStorage(dev.vigil.core.storage.Storage storage) {
        synchronized (closeLock) {
            if (closed || nflog != null || heardAny) {
                return;
            }
            keepLogIn(storage.directory(NotificationLog.COMPONENT));
        }
    }

    private volatile boolean heardAny;

    /**
     * The flush thread sleeps until the dispatcher's next timer, at most {@code flushEvery} of
     * real time, or until an event brings that timer forward: no periodic wake-ups when idle,
     * and a due group is flushed within a wake-up's latency rather than a polling period.
     */
    private void flushLoop() {
        long next = Long.MAX_VALUE;
        try {
            next = dispatcher.nextDeadlineMillis(clock.now());
        } catch (Throwable t) {
            log.warn("notification timer computation failed: {}", t.toString());
        }
        while (awaitDeadline(next)) {
            flushWakeups.incrementAndGet();
            next = pollForNextDeadline();
        }
    }

    /** Waits until {@code deadlineMillis} on the clock, the real-time cap, or a signal; false once closed. */
    private boolean awaitDeadline(long deadlineMillis) {
        long capNanos = saturatedNanos(flushEvery);
        long start = System.nanoTime();
        wakeLock.lock();
        try {
            long capMillis = capNanos / 1_000_000L;
            long now = clock.wallMillis();
            plannedWakeMillis =
                    Math.min(deadlineMillis, now > Long.MAX_VALUE - capMillis ? Long.MAX_VALUE : now + capMillis);
            while (!signalled && !closed) {
                long byCap = capNanos - (System.nanoTime() - start);
                long byClockMillis = deadlineMillis - clock.wallMillis();
                long byClock =
                        byClockMillis > Long.MAX_VALUE / 1_000_000L ? Long.MAX_VALUE : byClockMillis * 1_000_000L;
                long remaining = Math.min(byCap, byClock);
                if (remaining <= 0) {
                    break;
                }
                wakeUp.awaitNanos(remaining);
            }
            signalled = false;
            plannedWakeMillis = Long.MAX_VALUE;
            return !closed;
        } catch (InterruptedException e) {
            // Nobody but close() has a reason to interrupt this thread; stop either way.
            return false;
        } finally {
            wakeLock.unlock();
        }
    }

    private long pollForNextDeadline() {
        try {
            return dispatcher.flushDue(clock.now());
        } catch (Throwable t) {
            log.warn("notification flush failed: {}", t.toString());
            return Long.MAX_VALUE; // retried after flushEvery
        }
    }

    private void signalFlusher() {
        wakeLock.lock();
        try {
            signalled = true;
            wakeUp.signal();
        } finally {
            wakeLock.unlock();
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** Whether the built-in flush thread runs; for tests. */
    boolean flushThreadAlive() {
        return flusher != null && flusher.isAlive();
    }

    /** How often the flush thread woke up and polled; for tests. */
    long flushWakeups() {
        return flushWakeups.get();
    }

    /** A notifier's own answer, isolated: one that throws is taken as able to deliver. */
    private static @Nullable String disabledReason(Notifier n) {
        try {
            return n.disabledReason();
        } catch (Throwable t) {
            log.warn("receiver {}: disabledReason() failed, taken as enabled: {}", n.name(), t.toString());
            return null;
        }
    }

    /** A notifier named as another one already is gets a suffix, so metrics and logs stay apart. */
    private static Notifier unique(Notifier n, Set<String> names) {
        String name = n.name();
        String candidate = name;
        for (int i = 2; !names.add(candidate); i++) {
            candidate = name + "-" + i;
        }
        if (candidate.equals(name)) {
            return n;
        }
        String renamed = candidate;
        return new Notifier() {
            @Override
            public DeliveryResult deliver(Notification notification) {
                return n.deliver(notification);
            }

            @Override
            public String name() {
                return renamed;
            }

            @Override
            public Duration timeout() {
                return n.timeout();
            }
        };
    }

    private static Dispatcher.Node resolve(
            Route route,
            String key,
            Dispatcher.@Nullable Node parent,
            IdentityHashMap<Notifier, ReceiverWorker> bound,
            Consumer<Notifier> bind) {
        route.receivers().forEach(bind);
        route.escalation().forEach(s -> s.receivers().forEach(bind));
        // Receivers that cannot deliver (an absent secret) were not bound: they are left out here.
        RouteSettings settings = route.settings(parent == null ? null : parent.settings());
        // As in Alertmanager, a route without a receiver uses its parent's (up to the default
        // receivers): a forgotten .to(...), or receivers left out because they cannot deliver (an
        // absent secret), must not swallow the alerts it matches.
        List<ReceiverWorker> receivers = route.receivers().stream()
                .map(bound::get)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
        if (receivers.isEmpty() && parent != null) {
            receivers = parent.receivers();
        }
        List<Dispatcher.Step> steps = new ArrayList<>();
        for (EscalationStep s : route.escalation()) {
            steps.add(new Dispatcher.Step(
                    s.after(),
                    s.receivers().stream()
                            .map(bound::get)
                            .filter(Objects::nonNull)
                            .distinct()
                            .toList()));
        }
        List<Dispatcher.Node> children = new ArrayList<>();
        Dispatcher.Node self =
                new Dispatcher.Node(key, route, receivers, settings, steps, children, route.synchronizesState());
        Set<String> childKeys = new HashSet<>();
        for (Route child : route.children()) {
            // Alertmanager's route key, so group keys (and PagerDuty dedup keys) are its own; two
            // siblings with the same matchers, one group in Alertmanager 0.25, stay apart here.
            String childKey = key + "/" + AlertmanagerIdentity.matchers(child.matchers());
            for (int i = 2; !childKeys.add(childKey); i++) {
                childKey = key + "/" + AlertmanagerIdentity.matchers(child.matchers()) + "#" + i;
            }
            children.add(resolve(child, childKey, self, bound, bind));
        }
        return self;
    }

    /** A builder with the documented defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Routes {@code event}; never blocks on a receiver. */
    @Override
    public void onEvent(AlertEvent event) {
        Objects.requireNonNull(event, "event");
        if (closed) {
            log.debug("event after close ignored for alert {}", event.alert().name());
            return;
        }
        heardAny = true;
        long deadline;
        try {
            NotificationLog told = nflog;
            if (event instanceof AlertEvent.Restored restored) {
                deadline = reconcile(restored, told);
            } else {
                if (told != null) {
                    told.heard(event);
                }
                deadline = dispatcher.accept(event);
            }
            // out of the dispatcher's lock: a notification it queued for an idle receiver starts now
            for (int i = 0; i < workers.size(); i++) {
                workers.get(i).kick();
            }
        } catch (Throwable t) {
            // The dispatcher isolates each alert and group; this is the last line, so that a
            // delivery problem never becomes the host's exception.
            log.warn(
                    "notification routing failed for an event: {}", t.getClass().getName());
            return;
        }
        // Only when the event brings the next timer forward (a new group, or one due now): events
        // for groups that are already waiting cost no lock and no wake-up.
        if (flusher != null && deadline < plannedWakeMillis) {
            signalFlusher();
        }
    }

    /**
     * False without a notification log: routing only updates memory
     * and queues to the receivers' own workers (a slow notifier delays nothing here), so the engine
     * calls this listener on its event thread, one hand-off less between the tick and the notifier.
     * With a notification log (a state directory, or a storage the monitor offers, after which the
     * engine asks again) each event is first written to the log, which can wait on the disk, so the
     * engine gives this listener a thread of its own. The engine also moves a listener whose call
     * overruns {@code AlertEngine.INLINE_LISTENER_BUDGET} to a thread of its own.
     */
    @Override
    public boolean mayBlock() {
        return nflog != null;
    }

    /**
     * Brings the groups in line with an alert the engine restored at its start, as the log left
     * them: a firing alert some receiver was not told of (a kill between the engine's journal and
     * this log) is sent now, one every receiver was told of is not sent again before its repeat
     * interval (its acknowledgement, restored by the engine, holds the repeat back), and one the
     * engine no longer has firing is resolved to every receiver told it fired.
     */
    private long reconcile(AlertEvent.Restored restored, @Nullable NotificationLog told) {
        dev.vigil.alerts.Alert alert = restored.alert();
        AlertEvent as;
        if (alert.state() == dev.vigil.alerts.AlertState.FIRING) {
            as = new AlertEvent.Fired(alert, restored.time());
        } else if (alert.state() == dev.vigil.alerts.AlertState.UNKNOWN) {
            return Long.MAX_VALUE; // receivers keep what they were told until the data returns
        } else {
            as = new AlertEvent.Resolved(
                    Dispatcher.resolvedCopy(alert, alert.resolvedAt() != null ? alert.resolvedAt() : restored.time()),
                    restored.time());
        }
        if (told != null) {
            told.heard(as);
        }
        return dispatcher.accept(as);
    }

    /**
     * Takes the engine's external labels as this instance's {@linkplain Notification#scope()
     * scope}: its notifications' {@code dedupKey()} then differs from another instance's of the
     * same group, so the hosts of a fleet never share a PagerDuty incident or an Opsgenie alert.
     * With several engines, the last one registered sets it.
     */
    @Override
    public void onExternalLabels(java.util.Map<String, String> labels) {
        dispatcher.scope(labels);
    }

    /** The engine closed: flush and stop. */
    @Override
    public void onClose() {
        close();
    }

    /**
     * Flushes the groups whose timers are due at the clock's current time. The built-in flush
     * thread does this when the next timer is due; with {@code flushEvery(Duration.ZERO)} (tests
     * with a manual clock) call it after advancing the clock.
     */
    public void poll() {
        try {
            dispatcher.flush(clock.now(), false);
        } catch (Throwable t) {
            log.warn("notification flush failed: {}", t.getClass().getName());
        }
    }

    /** Notifications queued or in delivery, over all receivers. */
    public int pending() {
        return workers.stream().mapToInt(ReceiverWorker::queued).sum();
    }

    /** The receivers' names, in the order they were first configured. */
    public List<String> receivers() {
        return workers.stream().map(ReceiverWorker::name).toList();
    }

    /**
     * Sends every group that has something to say now (even within its group wait), then lets
     * the workers deliver what is queued for up to {@code closeTimeout}; anything still queued is
     * reported to the failure callback as {@link DeliveryFailure.Kind#CLOSED}. Idempotent.
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        boolean interrupted = stopFlusher();
        try {
            dispatcher.flush(clock.now(), true);
        } catch (Throwable t) {
            log.warn("final notification flush failed: {}", t.toString());
        }
        long deadline = System.nanoTime() + closeTimeout.toNanos();
        workers.forEach(ReceiverWorker::beginClose);
        // All workers share one deadline and one grace period, so close() takes closeTimeout
        // plus at most a second, however many receivers there are. An interrupt of this thread
        // does not shorten either: queues are reported CLOSED only once their worker stopped.
        for (ReceiverWorker w : workers) {
            interrupted |= w.join(deadline);
        }
        workers.forEach(ReceiverWorker::cut);
        long grace = System.nanoTime() + ReceiverWorker.CUT_GRACE_NANOS;
        for (ReceiverWorker w : workers) {
            interrupted |= w.join(grace);
        }
        workers.forEach(ReceiverWorker::finishClose);
        reports.await(System.nanoTime() + ReceiverWorker.CUT_GRACE_NANOS);
        NotificationLog toClose = nflog;
        if (toClose != null) {
            toClose.close();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Wakes the flush thread to see {@code closed} and waits briefly for it; true if interrupted. */
    private boolean stopFlusher() {
        if (flusher == null || flusher == Thread.currentThread()) {
            return false;
        }
        signalFlusher();
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (flusher.isAlive() && System.nanoTime() < deadline) {
            try {
                flusher.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        return interrupted;
    }

    /**
     * Configures {@link Notifications}. Every setter validates its argument.
     *
     * <pre>{@code
     * Notifications.builder()
     *     .route(Route.all().to(LogNotifier.create()))
     *     .retryPolicy(RetryPolicy.DEFAULT.withMaxAttempts(5))
     *     .meterRegistry(registry)
     *     .build();
     * }</pre>
     */
    public static final class Builder {
        /** Notifications each receiver's queue holds before dropping. */
        public static final int DEFAULT_QUEUE_CAPACITY = 1000;
        /** Estimated bytes each receiver's queue holds before dropping: 64 MiB. */
        public static final long DEFAULT_QUEUE_MAX_BYTES = 64L * 1024 * 1024;
        /** The longest the flush thread sleeps when no timer is due sooner. */
        public static final Duration DEFAULT_FLUSH_EVERY = Duration.ofSeconds(60);
        /** How long {@code close()} lets the queues drain. */
        public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

        private final List<Route> routes = new ArrayList<>();
        private java.nio.file.@Nullable Path stateDirectory;
        private Duration stateFsyncInterval = Duration.ofSeconds(1);
        private final List<Notifier> defaultReceivers = new ArrayList<>();
        private List<String> groupBy = List.of("alertname");
        private Timings timings = Timings.embeddedDefaults();
        private boolean sendResolved = true;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private long queueMaxBytes = DEFAULT_QUEUE_MAX_BYTES;
        private Clock clock = Clock.system();
        private Sleeper sleeper = Sleeper.system();
        private @Nullable MeterRegistry registry;
        private Consumer<DeliveryFailure> onFailure = FailureReports.NONE;
        private Duration flushEvery = DEFAULT_FLUSH_EVERY;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private ThreadFactory threadFactory;

        private Builder() {}

        /** Adds a top-level route, tried after those added before it. */
        public Builder route(Route route) {
            routes.add(Objects.requireNonNull(route, "route"));
            return this;
        }

        /** Receivers for alerts that no route matches. */
        public Builder defaultReceivers(Notifier... receivers) {
            for (Notifier n : receivers) {
                defaultReceivers.add(Objects.requireNonNull(n, "defaultReceivers"));
            }
            return this;
        }

        /** The root's groupBy, inherited by routes that set none (default {@code alertname}). */
        public Builder groupBy(String... labels) {
            Route.all().groupBy(labels);
            this.groupBy = List.of(labels);
            return this;
        }

        /** The root's timings, inherited by routes that set none (default embedded). */
        public Builder timings(Timings timings) {
            this.timings = Objects.requireNonNull(timings, "timings");
            return this;
        }

        /** The root's sendResolved (default true). */
        public Builder sendResolved(boolean sendResolved) {
            this.sendResolved = sendResolved;
            return this;
        }

        /** How failed deliveries are retried. */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        /** Each receiver's queue capacity (default 1000). */
        public Builder queueCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("queueCapacity must be >= 1: " + capacity);
            }
            this.queueCapacity = capacity;
            return this;
        }

        /**
         * The estimated bytes each receiver's queue holds (default 64 MiB): past it, as past
         * {@link #queueCapacity}, the oldest notification of the lowest severity is dropped. The
         * estimate counts a notification's rendered text and title, and its list of alerts.
         */
        public Builder queueMaxBytes(long maxBytes) {
            if (maxBytes < 1024) {
                throw new IllegalArgumentException("queueMaxBytes must be >= 1024: " + maxBytes);
            }
            this.queueMaxBytes = maxBytes;
            return this;
        }

        /** The time source for group timers and retry budgets. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How workers wait between retries (tests: advance a manual clock). */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** Where self-metrics go ({@code vigil.notify.*}, tagged by receiver); default: nowhere. */
        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "meterRegistry");
            return this;
        }

        /**
         * Called for every notification that was not delivered, never under a Vigil lock: on the
         * receiver's worker thread for its delivery failures, and on the thread
         * {@code vigil-notify-callbacks} for queue drops and groups that could not be rendered or
         * routed, so a slow callback delays no route. Keep it quick; a throw is logged and ignored.
         */
        public Builder onFailure(Consumer<DeliveryFailure> callback) {
            this.onFailure = Objects.requireNonNull(callback, "onFailure");
            return this;
        }

        /**
         * The longest the built-in flush thread sleeps between two {@link #poll()}s (default 60 s).
         * It wakes when the next group timer (group wait, group interval, repeat, escalation) is
         * due on the clock, or at once when an event makes a group due, so this is only a safety
         * net, and the real-time period at which a non-system clock is looked at. Zero: no flush
         * thread, the caller polls (tests with a {@code ManualClock}).
         */
        public Builder flushEvery(Duration period) {
            Require.nonNegative("flushEvery", period);
            this.flushEvery = period;
            return this;
        }

        /** How long {@code close()} waits for queues to drain (default 10 s). */
        public Builder closeTimeout(Duration timeout) {
            Require.nonNegative("closeTimeout", timeout);
            this.closeTimeout = timeout;
            return this;
        }

        private static boolean hasReceiver(Route route) {
            return !route.receivers().isEmpty()
                    || route.escalation().stream().anyMatch(s -> !s.receivers().isEmpty())
                    || route.children().stream().anyMatch(Builder::hasReceiver);
        }

        /**
         * Keeps the notification log in {@code directory} (files {@code nflog.*}, locked against a
         * second process): after a restart a firing alert already notified is not notified again
         * before its repeat interval, and one that resolved is resolved to every receiver told it
         * fired. Give it the engine's state directory; see docs/alert-state.md. Default: memory only.
         *
         * <pre>{@code
         * Notifications.builder().stateDirectory(Path.of("vigil-data")).defaultReceivers(pagerDuty).build();
         * }</pre>
         */
        public Builder stateDirectory(java.nio.file.Path directory) {
            this.stateDirectory = Objects.requireNonNull(directory, "stateDirectory");
            return this;
        }

        /**
         * Keeps the notification log in {@code storage}'s {@code notify} directory. Not needed when
         * the notifications listen to an engine that keeps its state in a storage (given to the
         * engine, or to the monitor the engine listens to): they take that one. Default: memory only.
         *
         * <pre>{@code
         * Notifications.builder().storage(storage).defaultReceivers(pagerDuty).build();
         * }</pre>
         */
        public Builder storage(dev.vigil.core.storage.Storage storage) {
            return stateDirectory(Objects.requireNonNull(storage, "storage").directory(NotificationLog.COMPONENT));
        }

        /**
         * How often the notification log is forced to disk (default 1 s; {@link Duration#ZERO}: at
         * every write). Each entry reaches the operating system as its delivery is acknowledged and
         * survives the process being killed; this bounds what a power loss can take.
         */
        public Builder stateFsyncInterval(Duration interval) {
            Require.nonNegative("stateFsyncInterval", interval);
            this.stateFsyncInterval = interval;
            return this;
        }

        /**
         * Starts every thread the notifications need (each receiver's worker and attempt threads,
         * the flush thread, the failure callback thread, the notification log's fsync thread) from
         * the host's factory, so the application can name, group and account them, as Micrometer's
         * {@code PushMeterRegistry.start(ThreadFactory)}. The factory's names and daemon flag are
         * used as they come. Default: daemon threads named {@code vigil-notify-*} and
         * {@code vigil-state-fsync-nflog}.
         *
         * <pre>{@code
         * ThreadGroup vigil = new ThreadGroup("vigil");
         * Notifications.builder().threadFactory(task -> new Thread(vigil, task, "app-notify"))
         * }</pre>
         */
        public Builder threadFactory(ThreadFactory factory) {
            this.threadFactory = Objects.requireNonNull(factory, "threadFactory");
            return this;
        }

        /** Builds and starts the workers (and the flush thread unless {@code flushEvery} is zero). */
        public Notifications build() {
            if (defaultReceivers.isEmpty() && routes.stream().noneMatch(Builder::hasReceiver)) {
                throw new IllegalStateException("routes: no receiver anywhere in the routing tree (" + routes.size()
                        + " route(s), none with a receiver, and no defaultReceivers)");
            }
            if (registry == null) {
                registry = new SimpleMeterRegistry();
            }
            return new Notifications(this);
        }
    }
}

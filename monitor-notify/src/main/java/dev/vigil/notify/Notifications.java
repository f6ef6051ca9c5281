package dev.vigil.notify;

import dev.vigil.alerts.AlertEvent;
import dev.vigil.alerts.AlertListener;
import dev.vigil.core.time.Clock;
import dev.vigil.notify.route.EscalationStep;
import dev.vigil.notify.route.Route;
import dev.vigil.notify.route.Timings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.HashSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes alert events to receivers the way Alertmanager does (routing tree, grouping, group
 * wait / interval, repeat, resolved notifications, escalation) and delivers them reliably: one
 * bounded queue and one worker per receiver, retries with backoff within a budget, drops counted
 * and reported. Register it as the alert engine's listener; {@link #close()} flushes.
 *
 * <p>Alerts no child route matches go to the {@linkplain Builder#defaultReceivers default
 * receivers}. Unless set, the root groups by {@code alertname} with
 * {@link Timings#embeddedDefaults()} and sends resolved notifications. Silenced, inhibited and
 * flapping alerts are not notified (a flapping alert is announced when it starts and stops);
 * acknowledged ones are not repeated. Self-metrics, tagged {@code receiver}:
 * {@code vigil.notify.sent}, {@code .failed}, {@code .retried}, {@code .dropped},
 * {@code .queue.depth}, {@code .latency}.
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
    private final List<ReceiverWorker> workers;
    private final Clock clock;
    private final Duration closeTimeout;
    private final ScheduledExecutorService scheduler;
    private final Object closeLock = new Object();
    private volatile boolean closed;

    private Notifications(Builder b) {
        this.clock = b.clock;
        this.closeTimeout = b.closeTimeout;
        Map<Notifier, ReceiverWorker> bound = new IdentityHashMap<>();
        Set<String> names = new HashSet<>();
        this.workers = new ArrayList<>();
        Consumer<Notifier> bind = notifier -> bound.computeIfAbsent(notifier, n -> {
            ReceiverWorker w = new ReceiverWorker(unique(n, names), b.queueCapacity, b.retryPolicy, b.clock, b.sleeper,
                    b.registry, b.onFailure);
            workers.add(w);
            return w;
        });
        Route root = Route.all().groupBy(b.groupBy.toArray(String[]::new)).timings(b.timings)
                .sendResolved(b.sendResolved).repeatWhileAcknowledged(false).to(b.defaultReceivers.toArray(Notifier[]::new));
        for (Route r : b.routes) {
            root = root.child(r);
        }
        this.dispatcher = new Dispatcher(resolve(root, "{}", null, bound, bind), clock);
        if (b.flushEvery.isZero()) {
            this.scheduler = null;
        } else {
            this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "vigil-notify-flush");
                t.setDaemon(true);
                return t;
            });
            long period = b.flushEvery.toMillis();
            scheduler.scheduleWithFixedDelay(this::pollSafely, period, period, TimeUnit.MILLISECONDS);
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

    private static Dispatcher.Node resolve(Route route, String key, Dispatcher.Node parent,
                                           Map<Notifier, ReceiverWorker> bound, Consumer<Notifier> bind) {
        route.receivers().forEach(bind);
        route.escalation().forEach(s -> s.receivers().forEach(bind));
        List<String> groupBy = route.groupByLabels().orElseGet(() -> parent.groupBy());
        Timings inherited = parent == null ? null : parent.timings();
        Timings timings = new Timings(
                route.groupWaitSetting().orElseGet(() -> inherited.groupWait()),
                route.groupIntervalSetting().orElseGet(() -> inherited.groupInterval()),
                route.repeatIntervalSetting().orElseGet(() -> inherited.repeatInterval()));
        boolean sendResolved = route.sendResolvedSetting().orElseGet(() -> parent.sendResolved());
        boolean repeatAcked = route.repeatWhileAcknowledgedSetting().orElseGet(() -> parent.repeatWhileAcknowledged());
        List<ReceiverWorker> receivers = route.receivers().stream().map(bound::get).distinct().toList();
        List<Dispatcher.Step> steps = new ArrayList<>();
        for (EscalationStep s : route.escalation()) {
            steps.add(new Dispatcher.Step(s.after(), s.receivers().stream().map(bound::get).distinct().toList()));
        }
        List<Dispatcher.Node> children = new ArrayList<>();
        Dispatcher.Node self = new Dispatcher.Node(key, route, receivers, groupBy, timings, sendResolved, repeatAcked,
                steps, children);
        Set<String> childKeys = new HashSet<>();
        for (Route child : route.children()) {
            String childKey = key + "/" + child;
            for (int i = 2; !childKeys.add(childKey); i++) {
                childKey = key + "/" + child + "#" + i;
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
        dispatcher.accept(event);
    }

    /** The engine closed: flush and stop. */
    @Override
    public void onClose() {
        close();
    }

    /**
     * Flushes the groups whose timers are due at the clock's current time. The built-in scheduler
     * calls this every {@code flushEvery}; with {@code flushEvery(Duration.ZERO)} (tests with a
     * manual clock) call it after advancing the clock.
     */
    public void poll() {
        dispatcher.flush(clock.now(), false);
    }

    private void pollSafely() {
        try {
            poll();
        } catch (Throwable t) {
            log.warn("notification flush failed: {}", t.toString());
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
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
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
        boolean interrupted = false;
        for (ReceiverWorker w : workers) {
            interrupted |= w.join(deadline);
        }
        workers.forEach(ReceiverWorker::cut);
        long grace = System.nanoTime() + ReceiverWorker.CUT_GRACE_NANOS;
        for (ReceiverWorker w : workers) {
            interrupted |= w.join(grace);
        }
        workers.forEach(ReceiverWorker::finishClose);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
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
        /** How often group timers are checked. */
        public static final Duration DEFAULT_FLUSH_EVERY = Duration.ofSeconds(1);
        /** How long {@code close()} lets the queues drain. */
        public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

        private final List<Route> routes = new ArrayList<>();
        private final List<Notifier> defaultReceivers = new ArrayList<>();
        private List<String> groupBy = List.of("alertname");
        private Timings timings = Timings.embeddedDefaults();
        private boolean sendResolved = true;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private Clock clock = Clock.system();
        private Sleeper sleeper = Sleeper.system();
        private MeterRegistry registry;
        private Consumer<DeliveryFailure> onFailure = f -> { };
        private Duration flushEvery = DEFAULT_FLUSH_EVERY;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;

        private Builder() {
        }

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
         * Called for every notification that was not delivered: on the receiver's worker thread, or
         * for a queue drop on the thread that queued. Keep it quick; a throw is logged and ignored.
         */
        public Builder onFailure(Consumer<DeliveryFailure> callback) {
            this.onFailure = Objects.requireNonNull(callback, "onFailure");
            return this;
        }

        /** How often the built-in scheduler calls {@link #poll()}; zero: no scheduler thread. */
        public Builder flushEvery(Duration period) {
            Objects.requireNonNull(period, "flushEvery");
            if (period.isNegative()) {
                throw new IllegalArgumentException("flushEvery must not be negative: " + period);
            }
            this.flushEvery = period;
            return this;
        }

        /** How long {@code close()} waits for queues to drain (default 10 s). */
        public Builder closeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "closeTimeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("closeTimeout must not be negative: " + timeout);
            }
            this.closeTimeout = timeout;
            return this;
        }

        /** Builds and starts the workers (and the scheduler unless {@code flushEvery} is zero). */
        public Notifications build() {
            if (routes.isEmpty() && defaultReceivers.isEmpty()) {
                throw new IllegalStateException("routes: none configured and no defaultReceivers");
            }
            if (registry == null) {
                registry = new SimpleMeterRegistry();
            }
            return new Notifications(this);
        }
    }
}

package dev.vigil.test;

import static org.awaitility.Awaitility.await;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.Monitor;
import dev.vigil.core.Tick;
import dev.vigil.core.source.MetricSource;
import dev.vigil.core.time.ManualClock;
import dev.vigil.notify.Notifications;
import dev.vigil.notify.Route;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A monitor, an alert engine and (when given routes) notifications on one {@link ManualClock}:
 * the clock is wired into the three builders in one place, and {@link #tick()} moves it by the
 * interval, runs a tick, runs the notification group timers and waits until every delivery has
 * finished. Nothing runs by itself: no sampling thread, no flush thread, the engine's listeners
 * called on the ticking thread, retries waited for by advancing the clock. Nothing reads the
 * machine either: the engine captures no reports and its {@code instance} label is
 * {@value #DEFAULT_INSTANCE}.
 *
 * <pre>{@code
 * AtomicInteger depth = new AtomicInteger();
 * RecordingNotifier pager = new RecordingNotifier("pager");
 * try (TestVigil vigil = TestVigil.builder()
 *         .source(sink -> sink.gauge("app.queue.depth", depth.get()))
 *         .rule(Rule.threshold("queue-backlog").metric("app.queue.depth").critAbove(90)
 *                 .forDuration(Duration.ofSeconds(30)))
 *         .route(Route.all().groupWait(Duration.ZERO).to(pager))
 *         .start()) {
 *     depth.set(95);
 *     vigil.ticks(4);                                   // 40 s above 90: fires
 *     assertThat(pager.received()).hasSize(1);
 * }
 * }</pre>
 *
 * <p>Each component can still be configured in full ({@link Builder#monitor}, {@link Builder#alerts},
 * {@link Builder#notifications}); the kit applies its clock and test settings first, so a
 * setting given there wins, except the clock.
 */
public final class TestVigil implements AutoCloseable {

    /** The interval of a kit built without {@link Builder#every}: the monitor's default. */
    public static final Duration DEFAULT_INTERVAL = Monitor.DEFAULT_INTERVAL;
    /** The clock's start when no other is given. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");
    /**
     * The engine's {@code instance} label unless {@link Builder#alerts} sets other external labels:
     * the same on every machine, where the engine's default is the host name.
     */
    public static final String DEFAULT_INSTANCE = "test";
    /** How long {@link #settle()} waits for deliveries; far above what a loopback delivery takes. */
    public static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);

    private final ManualClock clock;
    private final Duration interval;
    private final Notifications notifications;
    private final AlertEngine engine;
    private final Monitor monitor;

    private TestVigil(Builder b) {
        this.clock = ManualClock.at(b.start);
        this.interval = b.interval;
        Notifications n = null;
        AlertEngine e = null;
        try {
            if (!b.routes.isEmpty() || b.notificationsConfig != null) {
                Notifications.Builder nb = Notifications.builder()
                        .flushEvery(Duration.ZERO)
                        .sleeper(clock::advance)
                        .closeTimeout(Duration.ofSeconds(5));
                b.routes.forEach(nb::route);
                if (b.notificationsConfig != null) {
                    b.notificationsConfig.accept(nb);
                }
                n = nb.clock(clock).build();
            }
            AlertEngine.Builder eb = AlertEngine.builder()
                    .synchronousListeners()
                    .reports(ReportCapture.none())
                    .externalLabels(Map.of("instance", DEFAULT_INSTANCE));
            b.rules.forEach(eb::rule);
            if (n != null) {
                eb.listener(n);
            }
            if (b.alertsConfig != null) {
                b.alertsConfig.accept(eb);
            }
            e = eb.clock(clock).build();
            Monitor.Builder mb = Monitor.builder().every(interval);
            b.sources.forEach(mb::source);
            mb.listener(e);
            if (b.monitorConfig != null) {
                b.monitorConfig.accept(mb);
            }
            this.monitor = mb.clock(clock).build();
        } catch (RuntimeException | Error failure) {
            if (e != null) {
                e.close();
            }
            if (n != null) {
                n.close();
            }
            throw failure;
        }
        this.engine = e;
        this.notifications = n;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The one clock of the monitor, the engine and the notifications. */
    public ManualClock clock() {
        return clock;
    }

    /** The clock's wall time. */
    public Instant now() {
        return clock.now();
    }

    /** The tick interval. */
    public Duration interval() {
        return interval;
    }

    /** The monitor; drive it through {@link #tick()} rather than {@link Monitor#tickNow()}, so the clock moves. */
    public Monitor monitor() {
        return monitor;
    }

    /** The alert engine. */
    public AlertEngine engine() {
        return engine;
    }

    /** The engine's active alerts (pending, firing, and resolved ones still remembered). */
    public List<Alert> activeAlerts() {
        return engine.activeAlerts();
    }

    /**
     * The notifications.
     *
     * @throws IllegalStateException when the kit was built without routes
     */
    public Notifications notifications() {
        if (notifications == null) {
            throw new IllegalStateException("notifications: this TestVigil was built without a route");
        }
        return notifications;
    }

    /**
     * A tick feed on this kit's clock whose hand-made ticks go to the engine (instead of the
     * monitor's sources), each followed by the notification timers and deliveries, as {@link #tick()}.
     */
    public TickFeed feed() {
        return TickFeed.on(clock, interval).attach(t -> {
            engine.onTick(t);
            flushAndSettle();
        });
    }

    /**
     * Moves the clock by the interval, runs one tick of the monitor (the engine evaluates it on this
     * thread), runs the notification group timers and waits until every delivery has finished.
     */
    public Tick tick() {
        clock.advance(interval);
        Tick t = monitor.tickNow();
        flushAndSettle();
        return t;
    }

    /** {@code n} ticks, one interval apart. */
    public TestVigil ticks(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative: " + n);
        }
        for (int i = 0; i < n; i++) {
            tick();
        }
        return this;
    }

    /** Ticks until {@code duration} has passed (rounded up to whole intervals). */
    public TestVigil ticksFor(Duration duration) {
        long n = (duration.toNanos() + interval.toNanos() - 1) / interval.toNanos();
        return ticks(Math.toIntExact(n));
    }

    /**
     * Moves the clock without a tick (group wait, group interval and repeat timers come due), runs
     * the due timers and waits for the deliveries.
     */
    public TestVigil advance(Duration amount) {
        clock.advance(amount);
        flushAndSettle();
        return this;
    }

    /** Waits (bounded by {@link #SETTLE_TIMEOUT}) until no notification is queued or in delivery. */
    public TestVigil settle() {
        // most ticks change nothing: no waiting machinery for them
        if (notifications != null && notifications.pending() > 0) {
            await().pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(2))
                    .atMost(SETTLE_TIMEOUT)
                    .until(() -> notifications.pending() == 0);
        }
        return this;
    }

    private void flushAndSettle() {
        if (notifications != null) {
            notifications.poll();
            settle();
        }
    }

    /** Closes the monitor, the engine, then the notifications (which flush what is left). */
    @Override
    public void close() {
        try {
            monitor.close();
        } finally {
            try {
                engine.close();
            } finally {
                if (notifications != null) {
                    notifications.close();
                }
            }
        }
    }

    /** Builds a {@link TestVigil}; every setting is optional. */
    public static final class Builder {
        private Instant start = DEFAULT_START;
        private Duration interval = DEFAULT_INTERVAL;
        private final List<MetricSource> sources = new ArrayList<>();
        private final List<Rule> rules = new ArrayList<>();
        private final List<Route> routes = new ArrayList<>();
        private Consumer<Monitor.Builder> monitorConfig;
        private Consumer<AlertEngine.Builder> alertsConfig;
        private Consumer<Notifications.Builder> notificationsConfig;

        private Builder() {}

        /** Where the clock starts (default {@link #DEFAULT_START}). */
        public Builder startingAt(Instant start) {
            this.start = Objects.requireNonNull(start, "start");
            return this;
        }

        /** The tick interval (default 10 s). */
        public Builder every(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("interval must be positive: " + interval);
            }
            this.interval = interval;
            return this;
        }

        /** Adds a source to the monitor. */
        public Builder source(MetricSource source) {
            sources.add(Objects.requireNonNull(source, "source"));
            return this;
        }

        /** Adds a rule to the engine. */
        public Builder rule(Rule rule) {
            rules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /** Builds and adds a rule to the engine. */
        public Builder rule(Rule.Builder rule) {
            return rule(Objects.requireNonNull(rule, "rule").build());
        }

        /** Adds a notification route; with at least one, the engine's alerts go to notifications. */
        public Builder route(Route route) {
            routes.add(Objects.requireNonNull(route, "route"));
            return this;
        }

        /** Further monitor settings (history, storage, source deadlines, listeners). */
        public Builder monitor(Consumer<Monitor.Builder> config) {
            this.monitorConfig = Objects.requireNonNull(config, "monitor");
            return this;
        }

        /** Further engine settings (silences, inhibition, reports, external labels). */
        public Builder alerts(Consumer<AlertEngine.Builder> config) {
            this.alertsConfig = Objects.requireNonNull(config, "alerts");
            return this;
        }

        /** Further notification settings (timings, retry policy, failure callback); builds notifications even without {@link #route}. */
        public Builder notifications(Consumer<Notifications.Builder> config) {
            this.notificationsConfig = Objects.requireNonNull(config, "notifications");
            return this;
        }

        /** Builds the three components on one manual clock. Nothing ticks until {@link TestVigil#tick()}. */
        public TestVigil start() {
            return new TestVigil(this);
        }
    }
}

package dev.vigil.alerts;

import dev.vigil.alerts.report.AlertReport;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.report.StandardReportCapture;
import dev.vigil.alerts.rule.FlapDetection;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.alerts.silence.InhibitRule;
import dev.vigil.alerts.silence.MaintenanceWindow;
import dev.vigil.alerts.silence.Silence;
import dev.vigil.core.Subscription;
import dev.vigil.core.Tick;
import dev.vigil.core.TickListener;
import dev.vigil.core.history.History;
import dev.vigil.core.internal.Require;
import dev.vigil.core.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates alerting rules on every tick of a {@code Monitor} and tells its listeners what
 * happened to the alerts: fired, severity changed, resolved, unknown, flapping, acknowledged,
 * silenced.
 *
 * <p>Evaluation runs on the sampling thread and is cheap: per-series state lives in mutable objects
 * found once per series, and a pass in which no alert changes state allocates nothing (a recurring
 * maintenance window does its time-zone arithmetic only when it opens or closes). The tick's time
 * is "now" for evaluation, so a monitor driven by a manual clock drives the engine too. Events go
 * to each listener on a thread of its own; the point-in-time report of a {@code Fired} event is
 * captured on the engine's event thread before delivery, never on the sampling thread.
 *
 * <p>The application's threads never wait on evaluation: reads ({@link #activeAlerts()},
 * {@link #alerts()}, {@link #alert(String)}, {@link #health()}) are served from the state published
 * after each evaluation, and writes (acknowledgements, silences, maintenance windows) are applied at
 * once when no evaluation runs, else by the running evaluation as it ends.
 *
 * <p>Mutes: silences and maintenance windows set {@link Alert#silenced()}, inhibition rules set
 * {@link Alert#inhibited()} (a firing critical inhibits warnings of the same series by default).
 * Muted alerts still change state; {@code Silenced}/{@code Unsilenced} events tell when a firing
 * alert becomes muted or unmuted, whatever the cause.
 *
 * <pre>{@code
 * AlertEngine alerts = AlertEngine.builder()
 *         .rule(Rule.threshold("disk-almost-full").metric("disk.usage")
 *                 .warnAbove(0.80).critAbove(0.90).forDuration(Duration.ofMinutes(2)))
 *         .rules(RulePacks.host())
 *         .listener(event -> log.info("{}", event))
 *         .build();
 * monitor.addListener(alerts);
 * }</pre>
 */
public final class AlertEngine implements TickListener, AutoCloseable {

    /** How long a series may go unheard of before the engine forgets it and its quiet alerts. */
    public static final Duration DEFAULT_FORGET_AFTER = Duration.ofHours(1);
    /**
     * The longest one call of a listener that {@linkplain AlertListener#mayBlock() never blocks}
     * may take on the engine's event thread before the listener is moved to a thread of its own.
     */
    public static final Duration INLINE_LISTENER_BUDGET = Duration.ofMillis(100);
    /** How long {@link #close()} gives listeners to take their queued events, and then to close. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** How many series the engine tracks at most (only series whose metric some rule watches count). */
    public static final int DEFAULT_MAX_SERIES = 100_000;
    /** How many silences may be in force or scheduled at once. */
    public static final int DEFAULT_MAX_SILENCES = 10_000;
    /** How often the alert state journal is fsynced: what a power loss can take. */
    public static final Duration DEFAULT_STATE_FSYNC_INTERVAL = Duration.ofSeconds(1);
    /** The longest downtime after which a PENDING alert resumes its {@code for} (Prometheus' outage tolerance). */
    public static final Duration DEFAULT_RESTORE_TOLERANCE = Duration.ofHours(1);

    /** The rules in force; replaced whole, under the evaluation lock, by {@link #replaceRules}. */
    private volatile RuleSet ruleSet;
    /** A replacement waiting for the next evaluation, or {@code null}. */
    private volatile @Nullable RuleSet nextRuleSet;

    private final @Nullable FlapDetection defaultFlapDetection;
    private final Clock clock;
    private final EventDispatcher dispatcher;
    private final Duration closeTimeout;
    private final Muting muting;
    private final SeriesBook book;
    private final Outbox outbox = new Outbox();
    private final DurableState durable;
    /** One instance: a method reference made per call would allocate on every pass. */
    private final java.util.function.BiConsumer<String, AlertReport> reportSink = this::storeReport;

    /** Held while evaluating or applying writes; never while calling a listener. */
    private final ReentrantLock evaluation = new ReentrantLock();

    private final Writes commands = new Writes();

    private final Object lifecycle = new Object();
    private volatile PublishedAlerts published = PublishedAlerts.EMPTY;
    private volatile boolean closed;
    private final AtomicLong evaluations = new AtomicLong();
    private final AtomicLong evaluationFailures = new AtomicLong();
    // under the evaluation lock
    private @Nullable History lastHistory;
    private long lastEvaluation = AlertInstance.NONE;
    private boolean watching;
    private int publishedVersion = -1;
    private AlertInstance[] active = new AlertInstance[64];

    private AlertEngine(Builder b, RuleSet rules) {
        this.ruleSet = rules;
        this.defaultFlapDetection = b.flapDetection;
        this.clock = b.clock;
        this.dispatcher = new EventDispatcher(
                b.synchronous,
                b.reports != null
                        ? b.reports
                        : StandardReportCapture.builder().clock(b.clock).build(),
                b.threadFactory,
                INLINE_LISTENER_BUDGET);
        this.muting = new Muting(b.inhibitRules, b.windows, b.maxSilences);
        this.book = new SeriesBook(b.forgetAfter.toMillis(), b.maxSeries, b.externalLabels);
        this.closeTimeout = b.closeTimeout;
        this.durable = new DurableState(
                dir -> AlertStateStore.open(
                        dir, b.stateFsyncInterval, b.restoreTolerance, muting, clock.wallMillis(), b.threadFactory),
                b.stateDirectory,
                b.storage);
        dispatcher.externalLabels(b.externalLabels.labels()); // offered to each listener as it is added
        for (AlertListener l : b.listeners) {
            dispatcher.add(l);
        }
        if (b.storage != null) {
            dispatcher.offerStorage(b.storage);
        }
    }

    /**
     * Called by a monitor that keeps a storage directory: an engine given no state directory of its
     * own keeps its state in the storage's {@code alerts} directory, and offers the storage to its
     * listeners (the notifications keep their log in {@code notify}). Ignored once the engine has
     * evaluated: state restored after the first evaluation would contradict what listeners heard.
     */
    @Override
    public void onStorage(dev.vigil.core.storage.Storage given) {
        boolean adopted;
        evaluation.lock();
        try {
            adopted = !closed && lastEvaluation == AlertInstance.NONE && durable.adopt(given);
        } finally {
            evaluation.unlock();
        }
        if (adopted) {
            dispatcher.offerStorage(given);
        }
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The rules, in the order given; after {@link #replaceRules}, the replacement. */
    public List<Rule> rules() {
        RuleSet next = nextRuleSet;
        return next != null ? next.rules() : ruleSet.rules();
    }

    /**
     * Replaces the rule set; it applies at the next evaluation. Alerts of a rule that is
     * unchanged ({@link Rule#equals}: same name, labels and settings) keep their state and are not
     * notified again; alerts of a removed rule resolve (a firing one is notified as resolved). A
     * changed rule that keeps its name and labels takes its alerts' state over, as Prometheus does
     * on a reload: only its own alerts are evaluated anew, under the changed settings, so one that
     * still breaches is neither resolved nor paged again, and one that no longer breaches resolves.
     * A rule whose labels change is removed and added. Rule files use this to reload.
     *
     * <pre>{@code
     * engine.replaceRules(List.of(Rule.threshold("heap-high").metric("jvm.memory.heap.after.gc.usage")
     *         .warnAbove(0.9).build()));
     * }</pre>
     *
     * @throws IllegalArgumentException when two rules share a name
     */
    public void replaceRules(Collection<Rule> replacement) {
        List<Rule> list = new ArrayList<>(replacement.size());
        for (Rule r : replacement) {
            Objects.requireNonNull(r, "rule");
            list.add(
                    r.flapDetection() != null || defaultFlapDetection == null
                            ? r
                            : r.toBuilder().flapDetection(defaultFlapDetection).build());
        }
        nextRuleSet = new RuleSet(list); // checks the names
    }

    /**
     * Registers a listener; it receives the following events on a thread of its own.
     *
     * @return a subscription whose {@code close()} removes the listener
     * @throws IllegalStateException when the engine is closed
     */
    public Subscription addListener(AlertListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("alert engine is closed");
            }
            dev.vigil.core.storage.Storage kept = durable.storage();
            if (kept != null) {
                EventDispatcher.offerStorage(listener, kept);
            }
            return dispatcher.add(listener);
        }
    }

    @Override
    public void onTick(Tick tick) {
        evaluation.lock();
        try {
            if (closed) {
                return;
            }
            long now = tick.timeMillis();
            History history = tick.history();
            RuleSet next = nextRuleSet;
            if (next != null) {
                nextRuleSet = null;
                durable.replaceRules(book, next, now, outbox);
                ruleSet = next;
                watching = false; // new absent-watching rules name series to watch from now
            }
            RuleSet rules = ruleSet;
            lastHistory = history;
            lastEvaluation = now;
            evaluations.incrementAndGet();
            durable.restoreOnce(dispatcher, book, rules, muting, history, now, outbox);
            if (!watching) {
                watching = true;
                book.watchExpectedSeries(now, rules);
            }
            book.see(tick.samples(), now, rules);
            book.see(tick.sourceStatus(), now, rules);
            book.seeUnknown(tick.unknown(), now, rules);
            // one walk over every alert: evaluate, note whether readers must see a change, and
            // gather the active ones, the only ones muting and a second look concern
            AlertInstance[] all = book.instances();
            int n = book.instanceCount();
            if (active.length < n) {
                active = new AlertInstance[all.length];
            }
            int activeCount = 0;
            boolean stale = false;
            commands.clearRan();
            for (int i = 0; i < n; i++) {
                AlertInstance a = all[i];
                if (!a.evaluate(history, now, outbox)) {
                    evaluationFailures.incrementAndGet();
                }
                stale |= !a.publishedIsCurrent();
                if (a.active()) {
                    active[activeCount++] = a;
                }
            }
            // before the events go out: forgetting a flapping alert announces its flapping's end
            book.forgetStale(now, outbox, durable);
            commands.apply(book, outbox);
            muting.update(active, activeCount, now, outbox);
            flushEvents(history, now, now);
            if (commands.apply(book, outbox)) { // written while the events went out (synchronous listeners)
                muting.update(active, activeCount, now, outbox);
                flushEvents(history, now, now);
            }
            stale |= commands.ran();
            for (int i = 0; i < activeCount && !stale; i++) {
                stale = !active[i].publishedIsCurrent(); // mute flags
            }
            Arrays.fill(active, 0, activeCount, null);
            durable.record(book, now);
            if (stale || book.version() != publishedVersion) {
                publish();
            }
        } finally {
            evaluation.unlock();
        }
        applyWrites();
    }

    private void submit(Writes.Command command) {
        commands.add(command);
        applyWrites();
    }

    /**
     * Applies queued writes now if no evaluation runs; otherwise the running one applies them as it
     * ends (and calls this again after unlocking, so a write queued just then is not left waiting).
     */
    private void applyWrites() {
        while (!commands.isEmpty() && !evaluation.isHeldByCurrentThread() && evaluation.tryLock()) {
            try {
                if (closed) {
                    commands.clear();
                    return;
                }
                long now = Math.max(clock.wallMillis(), lastEvaluation);
                if (commands.apply(book, outbox)) { // a write asks for the mutes to be worked out again
                    muting.update(book.instances(), book.instanceCount(), now, outbox);
                }
                if (lastHistory != null) {
                    flushEvents(lastHistory, now, lastEvaluation);
                } else {
                    outbox.clear();
                }
                publish();
            } finally {
                evaluation.unlock();
            }
        }
    }

    /** Journals what changed, then hands the pass's events to the listeners (never the reverse). */
    private void flushEvents(History history, long now, long evaluatedAt) {
        durable.record(book, evaluatedAt);
        outbox.flush(dispatcher, history, now, reportSink);
    }

    private void storeReport(String fingerprint, AlertReport report) {
        submit(new Writes.Command.StoreReport(fingerprint, report));
    }

    /** Publishes what readers see, when something changed. */
    private void publish() {
        PublishedAlerts next = PublishedAlerts.of(book, publishedVersion);
        if (next != null) {
            publishedVersion = book.version();
            published = next;
        }
    }

    /**
     * Alerts that are PENDING, FIRING or UNKNOWN as of the latest evaluation, with state,
     * since-when, value and labels. Never waits on a running evaluation.
     */
    public List<Alert> activeAlerts() {
        return published.active();
    }

    /**
     * Every alert instance the engine holds, including inactive and resolved ones, as of the latest
     * evaluation (an inactive alert's value is the one of its last change of state).
     */
    public List<Alert> alerts() {
        return published.all();
    }

    /** The alert with this fingerprint, or {@code null} when the engine holds none. */
    public @Nullable Alert alert(String fingerprint) {
        return published.byFingerprint().get(fingerprint);
    }

    /**
     * The application's overall state: CRITICAL when a critical alert fires, else WARNING when a
     * warning fires, else UNKNOWN when an alert is UNKNOWN, else OK. An alert that was firing when
     * it went UNKNOWN counts at its last firing severity, as notifiers still treat it as firing.
     * Muted alerts count: health says how things are, not who is told. Never waits on a running
     * evaluation.
     */
    public Health health() {
        return published.health();
    }

    /**
     * Acknowledges a firing alert: it is not repeated by notifiers until its severity changes or it
     * resolves, which clears the acknowledgement. Emits {@code Acknowledged}.
     *
     * @return the acknowledged alert, or {@code null} when nothing was acknowledged; use
     *         {@link #tryAcknowledge(String, String, String)} to learn why (not firing, not found,
     *         engine closed)
     * @throws IllegalArgumentException when {@code by} is blank
     */
    public @Nullable Alert acknowledge(String fingerprint, String by, String note) {
        return tryAcknowledge(fingerprint, by, note).acknowledged();
    }

    /** Acknowledges {@code alert}; see {@link #acknowledge(String, String, String)}. */
    public @Nullable Alert acknowledge(Alert alert, String by, String note) {
        return acknowledge(alert.fingerprint(), by, note);
    }

    /**
     * Acknowledges a firing alert as {@link #acknowledge(String, String, String)} does, and says
     * why when it cannot: the alert is not firing, no alert has this fingerprint, or the engine is
     * closed. Decided on the published state, so it never waits on a running evaluation; an alert
     * that stops firing or changes severity before the acknowledgement is applied (a new problem,
     * which clears an acknowledgement anyway) simply is not acknowledged.
     *
     * @throws IllegalArgumentException when {@code by} is blank
     */
    public AcknowledgeOutcome tryAcknowledge(String fingerprint, String by, String note) {
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (by == null || by.isBlank()) {
            throw new IllegalArgumentException("acknowledgement 'by' must not be blank, got '" + by + "'");
        }
        if (closed) {
            return new AcknowledgeOutcome.EngineClosed();
        }
        Alert.Acknowledgement ack = new Alert.Acknowledgement(by, Instant.ofEpochMilli(clock.wallMillis()), note);
        return published.acknowledge(
                fingerprint, ack, decidedOn -> submit(Writes.Command.Acknowledge.of(ack, decidedOn)));
    }

    /**
     * Adds a silence; it applies at once (or as the running evaluation ends) and expires by itself
     * at its end.
     *
     * @return its id, for {@link #expireSilence(String)}
     * @throws IllegalStateException when {@link Builder#maxSilences(int)} silences are in force or
     *         scheduled
     */
    public String silence(Silence silence) {
        Objects.requireNonNull(silence, "silence");
        String id = muting.add(silence, clock.wallMillis()); // and journaled, with a state directory
        submit(new Writes.Command.Remute());
        return id;
    }

    /**
     * Ends a silence now.
     *
     * @return whether a silence with this id was in force or scheduled
     */
    public boolean expireSilence(String id) {
        boolean removed = muting.expireSilence(id);
        if (removed) {
            submit(new Writes.Command.Remute());
        }
        return removed;
    }

    /** Silences not yet expired, by id. */
    public Map<String, Silence> silences() {
        return muting.silences(clock.wallMillis());
    }

    /**
     * Adds a maintenance window; it applies at once.
     *
     * @return a subscription whose {@code close()} removes it
     */
    public Subscription addMaintenanceWindow(MaintenanceWindow window) {
        Objects.requireNonNull(window, "window");
        String key = muting.keepWindow(window);
        submit(new Writes.Command.Remute());
        return () -> {
            if (muting.dropWindow(window, key)) {
                submit(new Writes.Command.Remute());
            }
        };
    }

    /** Called by the monitor when it closes: closes the engine. */
    @Override
    public void onClose() {
        close();
    }

    /**
     * Stops evaluating, gives listeners up to {@link Builder#closeTimeout(Duration)} to take their
     * queued events (the rest are dropped and counted), then calls every listener's {@code onClose}
     * and waits up to the close timeout again for them to return, without interrupting them (one
     * still running then is logged and left to finish on its own daemon thread: a third-party
     * listener cannot hang the close). Stops the engine's threads. Idempotent.
     *
     * <p>It runs no evaluation of its own: it has no new samples, and evaluating without them would
     * read as every series gone silent (the monitor's last tick, if any, is the last evaluation).
     * Every event already decided is delivered, including those of a tick that a fatal error cut
     * short.
     */
    @Override
    public void close() {
        evaluation.lock();
        try {
            synchronized (lifecycle) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            commands.apply(book, outbox);
            if (!outbox.isEmpty()) { // journaled first, as every pass: an acknowledgement made at close survives too
                flushEvents(lastHistory, lastEvaluation, lastEvaluation);
            }
        } finally {
            evaluation.unlock();
        }
        dispatcher.close(closeTimeout);
        durable.close();
    }

    /** Counters about the engine itself. Never waits on a running evaluation. */
    public Stats stats() {
        return new Stats(
                evaluations.get(),
                published.all().size(),
                dispatcher.listenerFailures.get(),
                dispatcher.droppedEvents.get(),
                dispatcher.reportFailures.get(),
                evaluationFailures.get());
    }

    /**
     * Counters about the engine.
     *
     * <pre>{@code
     * if (engine.stats().droppedEvents() > 0) { log.warn("a listener is too slow"); }
     * }</pre>
     *
     * @param evaluations ticks evaluated
     * @param alerts alert instances held (one per rule and matching series)
     * @param listenerFailures listener calls that threw
     * @param droppedEvents events a listener did not receive as they were because it fell behind:
     *                      merged into the alert's later event of the same kind (state, mute state,
     *                      acknowledgement, flapping), or dropped at close; an alert's latest state
     *                      and mute state are never lost
     * @param reportFailures report captures that threw
     * @param evaluationFailures evaluations of an alert whose query threw (an exception or an error
     *                           from user code), each making that alert UNKNOWN
     */
    public record Stats(
            long evaluations,
            int alerts,
            long listenerFailures,
            long droppedEvents,
            long reportFailures,
            long evaluationFailures) {}

    @Override
    public String toString() {
        return "AlertEngine[" + ruleSet.size() + " rules]";
    }

    /** Builds an {@link AlertEngine}. */
    public static final class Builder {
        private final List<Rule> rules = new ArrayList<>();
        private final List<AlertListener> listeners = new ArrayList<>();
        private final List<InhibitRule> inhibitRules =
                new ArrayList<>(List.of(InhibitRule.CRITICAL_INHIBITS_WARNING_OF_SAME_SERIES));
        private final List<MaintenanceWindow> windows = new ArrayList<>();
        private Clock clock = Clock.system();
        private boolean synchronous;
        private @Nullable ThreadFactory threadFactory;
        private @Nullable ReportCapture reports;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private @Nullable FlapDetection flapDetection;
        private Duration forgetAfter = DEFAULT_FORGET_AFTER;
        private int maxSeries = DEFAULT_MAX_SERIES;
        private int maxSilences = DEFAULT_MAX_SILENCES;
        private ExternalLabels externalLabels = ExternalLabels.hostInstance();
        private java.nio.file.@Nullable Path stateDirectory;
        private dev.vigil.core.storage.@Nullable Storage storage;
        private Duration stateFsyncInterval = DEFAULT_STATE_FSYNC_INTERVAL;
        private Duration restoreTolerance = DEFAULT_RESTORE_TOLERANCE;

        private Builder() {}

        /**
         * Keeps the alert state in {@code directory} (files {@code alerts.*}, locked against a
         * second process), so a restart neither fires again what was firing nor forgets what is
         * pending, silenced or acknowledged; see docs/alert-state.md. Default: memory only.
         *
         * <pre>{@code
         * AlertEngine.builder().stateDirectory(Path.of("vigil-data")).rules(RulePacks.host()).build();
         * }</pre>
         */
        public Builder stateDirectory(java.nio.file.Path directory) {
            this.stateDirectory = Objects.requireNonNull(directory, "stateDirectory");
            this.storage = null;
            return this;
        }

        /**
         * Keeps the alert state in {@code storage}'s {@code alerts} directory, and offers the storage
         * to the listeners ({@link AlertListener#onStorage}), so notifications built without a state
         * directory keep their log in its {@code notify} directory. Not needed when the engine
         * listens to a monitor built with a storage: it takes the monitor's. The caller closes the
         * storage after the engine. Default: memory only.
         *
         * <pre>{@code
         * AlertEngine.builder().storage(storage).rules(RulePacks.host()).listener(notifications).build();
         * }</pre>
         */
        public Builder storage(dev.vigil.core.storage.Storage storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            this.stateDirectory = storage.directory(AlertStateStore.COMPONENT);
            return this;
        }

        /**
         * How often the state journal is forced to disk (default 1 s; {@link Duration#ZERO}: at every
         * write). Every change reaches the operating system at once and survives the process being
         * killed; this bounds what a power loss or kernel crash can take.
         */
        public Builder stateFsyncInterval(Duration interval) {
            this.stateFsyncInterval = Require.nonNegative("stateFsyncInterval", interval);
            return this;
        }

        /**
         * The longest downtime after which a PENDING alert resumes its {@code for} (default 1 h, as
         * Prometheus' outage tolerance); after a longer one it starts over. FIRING alerts are always
         * restored.
         */
        public Builder restoreTolerance(Duration tolerance) {
            this.restoreTolerance = Require.nonNegative("restoreTolerance", tolerance);
            return this;
        }

        /** Adds a rule. */
        public Builder rule(Rule rule) {
            rules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /** Builds and adds a rule. */
        public Builder rule(Rule.Builder rule) {
            return rule(Objects.requireNonNull(rule, "rule").build());
        }

        /** Adds rules, e.g. {@code RulePacks.host()}. */
        public Builder rules(Collection<Rule> more) {
            for (Rule r : more) {
                rule(r);
            }
            return this;
        }

        /**
         * Labels added to every alert, saying which instance of the application raised it, as
         * Prometheus' {@code external_labels} (default {@link ExternalLabels#hostInstance()}:
         * {@code instance} = the host name). An alert's own label of the same name wins.
         *
         * <pre>{@code
         * builder.externalLabels(ExternalLabels.hostInstance().with("service", "checkout"))
         * }</pre>
         */
        public Builder externalLabels(ExternalLabels labels) {
            this.externalLabels = Objects.requireNonNull(labels, "externalLabels");
            return this;
        }

        /**
         * Exactly these external labels: {@code externalLabels(Map.of("instance", "web-1", "env", "prod"))}.
         * A map without {@code instance} adds no instance label. See {@link ExternalLabels}.
         */
        public Builder externalLabels(Map<String, String> labels) {
            return externalLabels(ExternalLabels.of(labels));
        }

        /** Adds a listener (one thread of its own). */
        public Builder listener(AlertListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * The clock for acknowledgements and silences made between ticks (evaluation uses each
         * tick's time). Pass the monitor's clock; defaults to the system clock.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * FOR TESTS: delivers events on the thread that evaluates (or acknowledges, or silences),
         * before that call returns, instead of one thread per listener. A slow listener then delays
         * evaluation: never use it in production.
         */
        public Builder synchronousListeners() {
            this.synchronous = true;
            return this;
        }

        /**
         * Starts every thread the engine needs (its event thread, one per listener that may block,
         * the threads that close listeners, the state journal's fsync thread) from the host's
         * factory, so the application can name, group and account them, as Micrometer's
         * {@code PushMeterRegistry.start(ThreadFactory)}. The factory's names and daemon flag are
         * used as they come. Default: daemon threads named {@code vigil-alert-*} and
         * {@code vigil-state-fsync-alerts}.
         *
         * <pre>{@code
         * ThreadGroup vigil = new ThreadGroup("vigil");
         * AlertEngine.builder().threadFactory(task -> new Thread(vigil, task, "app-alerts"))
         * }</pre>
         */
        public Builder threadFactory(ThreadFactory factory) {
            this.threadFactory = Objects.requireNonNull(factory, "threadFactory");
            return this;
        }

        /**
         * How to capture the point-in-time report of a firing alert; defaults to
         * {@link StandardReportCapture} with its defaults. {@link ReportCapture#none()} turns it off.
         */
        public Builder reports(ReportCapture capture) {
            this.reports = Objects.requireNonNull(capture, "reports");
            return this;
        }

        /** Adds an inhibition rule (besides the default, unless removed). */
        public Builder inhibit(InhibitRule rule) {
            inhibitRules.add(Objects.requireNonNull(rule, "inhibit rule"));
            return this;
        }

        /** Removes the default "critical inhibits warning of the same series" rule. */
        public Builder noDefaultInhibition() {
            inhibitRules.remove(InhibitRule.CRITICAL_INHIBITS_WARNING_OF_SAME_SERIES);
            return this;
        }

        /** Adds a maintenance window. */
        public Builder maintenanceWindow(MaintenanceWindow window) {
            windows.add(Objects.requireNonNull(window, "maintenance window"));
            return this;
        }

        /**
         * Turns flap detection on for every rule that does not set its own (it is off by default:
         * see {@link Rule.Builder#flapDetection()}).
         */
        public Builder flapDetection(FlapDetection thresholds) {
            this.flapDetection = Objects.requireNonNull(thresholds, "flapDetection");
            return this;
        }

        /**
         * How long a series may go without a sample before the engine forgets it and its INACTIVE or
         * RESOLVED alerts (default 1 h).
         */
        public Builder forgetAfter(Duration duration) {
            this.forgetAfter = Require.positive("forgetAfter", duration);
            return this;
        }

        /**
         * How many series the engine tracks at most (default 100,000). Only series whose metric
         * some rule watches are tracked, each costing about 200 bytes besides its alerts; when the
         * bound is reached a warning is logged once and further series are not evaluated until
         * others are forgotten ({@link #forgetAfter(Duration)}).
         */
        public Builder maxSeries(int max) {
            this.maxSeries = Require.positive("maxSeries", max);
            return this;
        }

        /**
         * How many silences may be in force or scheduled at once (default 10,000); beyond it
         * {@link AlertEngine#silence(Silence)} throws, naming the bound. Each silence is checked
         * against every active alert on every tick.
         */
        public Builder maxSilences(int max) {
            this.maxSilences = Require.positive("maxSilences", max);
            return this;
        }

        /**
         * How long close gives listeners to take their queued events (default 5 s), and then again
         * to return from their {@code onClose}; see {@link AlertEngine#close()}.
         */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = Require.nonNegative("closeTimeout", timeout);
            return this;
        }

        /**
         * The engine.
         *
         * @throws IllegalArgumentException when two rules share a name
         */
        public AlertEngine build() {
            if (flapDetection != null) {
                rules.replaceAll(r -> r.flapDetection() != null
                        ? r
                        : r.toBuilder().flapDetection(flapDetection).build());
            }
            return new AlertEngine(this, new RuleSet(rules));
        }
    }
}

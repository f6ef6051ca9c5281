package dev.vigil.examples;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertListener;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.alerts.rule.RulePacks;
import dev.vigil.core.Monitor;
import dev.vigil.core.host.HostMetrics;
import dev.vigil.core.host.ProcessMetrics;
import dev.vigil.core.jvm.JvmMetrics;
import dev.vigil.core.source.Sources;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the examples share: this machine's sources, the demo condition (a burst of CPU work that
 * starts, lasts and ends so that an alert fires and resolves on an idle machine), and the wait
 * for {@code --duration} or Ctrl-C.
 */
final class Demo {

    static final Options.Spec DEMO_AFTER =
            new Options.Spec("--demo-after", "<duration>", "when the demo CPU burst starts (default 5s)");
    static final Options.Spec DEMO_LENGTH =
            new Options.Spec("--demo-length", "<duration>", "how long the demo CPU burst lasts (default 20s)");
    static final Options.Spec NO_DEMO = new Options.Spec("--no-demo", null, "no demo CPU burst, no demo rule");
    static final Options.Spec DEMO_CONDITION = new Options.Spec(
            "--demo-condition",
            "<cpu|schedule>",
            "what the demo rule watches: this JVM's CPU during the burst (default), or a gauge that is 1 while"
                    + " the burst is scheduled, which fires and resolves on time however busy the machine is");
    static final List<Options.Spec> OPTIONS = List.of(DEMO_AFTER, DEMO_LENGTH, NO_DEMO, DEMO_CONDITION);

    /** The demo rule's name: it says what it is in every line, notification and payload. */
    static final String RULE_NAME = "demo-process-cpu-busy";

    /** The demo rule's name under {@code --demo-condition schedule}. */
    static final String SCHEDULED_RULE_NAME = "demo-burst-scheduled";

    /** The gauge the scheduled demo rule watches: 1 while the burst is scheduled, else 0. */
    static final String SCHEDULE_METRIC = "demo.burst.scheduled";

    /** The share of the JVM's processors the burst must keep busy for the demo rule to fire. */
    static final double CPU_THRESHOLD = 0.20;

    private Demo() {}

    /**
     * A monitor of this machine, this process and this JVM, ticking every {@code --interval}; with
     * {@code --demo-condition schedule} also the gauge of the burst's schedule.
     */
    static Monitor.Builder machine(Options options, Burst burst) {
        Monitor.Builder builder = Monitor.builder()
                .every(options.interval())
                .source(HostMetrics.create())
                .source(ProcessMetrics.create())
                .source(JvmMetrics.create());
        // one call: the engine listening to this monitor, and the notifications listening to the
        // engine, keep their state in the same directory
        options.storage().ifPresent(builder::storage);
        if (scheduled(options)) {
            builder.source(Sources.gauge(SCHEDULE_METRIC, () -> burst.scheduledNow() ? 1 : 0));
        }
        return builder;
    }

    /** Whether the demo rule watches the burst's schedule rather than the CPU it burns. */
    static boolean scheduled(Options options) {
        String condition = options.value(DEMO_CONDITION.name(), null).orElse("cpu");
        return switch (condition) {
            case "cpu" -> false;
            case "schedule" -> true;
            default ->
                throw new UsageException(DEMO_CONDITION.name() + " takes cpu or schedule, got '" + condition + "'");
        };
    }

    /** The demo rule's name for these options. */
    static String ruleName(Options options) {
        return scheduled(options) ? SCHEDULED_RULE_NAME : RULE_NAME;
    }

    /** The default packs, plus the demo rule unless {@code --no-demo}. */
    static List<Rule> rules(Options options) {
        List<Rule> rules = new ArrayList<>(RulePacks.all());
        if (!options.flag(NO_DEMO.name())) {
            rules.add(rule(options));
        }
        return rules;
    }

    /**
     * DEMO RULE: this process keeps more than a fifth of its processors busy for three ticks.
     * The packs' own rules wait minutes before firing; this one is short so the demo is quick.
     */
    static Rule rule(Options options) {
        if (scheduled(options)) {
            // Deterministic: the gauge follows the clock, not the CPU the burst manages to win.
            return Rule.threshold(SCHEDULED_RULE_NAME)
                    .metric(SCHEDULE_METRIC)
                    .warnAbove(0.5)
                    .forDuration(options.interval().multipliedBy(3))
                    .label("demo", "true")
                    .summary("DEMO: the demo burst is scheduled now (value {{value}}, threshold {{threshold}})")
                    .build();
        }
        return Rule.threshold(RULE_NAME)
                .metric(RulePacks.PROCESS_CPU)
                .warnAbove(CPU_THRESHOLD)
                .forDuration(options.interval().multipliedBy(3))
                // a busy machine can starve the burst for a moment: that must not resolve the demo
                .keepFiringFor(options.interval().multipliedBy(4))
                .label("demo", "true")
                .summary("DEMO: this JVM keeps {{value}} of its CPUs busy (threshold {{threshold}})")
                .build();
    }

    /**
     * Starts the demo CPU burst on background threads, unless {@code --no-demo}; close stops it.
     * Under {@code --demo-condition schedule} nothing spins: the schedule alone drives the rule.
     */
    static Burst burst(Options options, PrintStream out) {
        Duration after = options.duration(DEMO_AFTER.name()).orElse(Duration.ofSeconds(5));
        Duration length = options.duration(DEMO_LENGTH.name()).orElse(Duration.ofSeconds(20));
        long start = System.nanoTime() + after.toNanos();
        long end = start + length.toNanos();
        if (options.flag(NO_DEMO.name())) {
            return new Burst(start, start, null);
        }
        if (scheduled(options)) {
            out.printf(
                    "demo: burst scheduled in %s for %s (no CPU is burnt)%n",
                    DurationText.format(after), DurationText.format(length));
            return new Burst(start, end, null);
        }
        return new Burst(start, end, CpuBurst.start(start, end, length, out));
    }

    /** The burst's schedule, and the CPU burst itself when there is one. */
    record Burst(long startNanos, long endNanos, CpuBurst cpu) implements AutoCloseable {
        boolean scheduledNow() {
            long now = System.nanoTime();
            return now - startNanos >= 0 && now - endNanos < 0;
        }

        @Override
        public void close() {
            if (cpu != null) {
                cpu.close();
            }
        }
    }

    /**
     * Waits for {@code --duration}, or until Ctrl-C; either way {@code monitor} is closed, which
     * closes the alert engine and flushes the notifications (a RESOLVED is not lost at exit).
     */
    static void await(Options options, Monitor monitor) throws InterruptedException {
        CountDownLatch forever = new CountDownLatch(1);
        Thread hook = new Thread(monitor::close, "vigil-examples-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (options.duration().isPresent()) {
                forever.await(options.duration().get().toMillis(), TimeUnit.MILLISECONDS);
            } else {
                forever.await();
            }
        } finally {
            monitor.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running, nothing to remove.
            }
        }
    }

    /**
     * The quickstart's monitoring (this machine, the packs, the demo rule and burst) with alerts
     * printed as they change and handed to {@code delivery}; runs until {@code --duration} or Ctrl-C.
     */
    static void watch(Options options, PrintStream out, AlertListener delivery) throws Exception {
        AlertEngine alerts = AlertEngine.builder()
                .rules(rules(options))
                .listener(new PrintAlerts(out, false))
                .listener(delivery)
                .build();
        try (Burst burst = burst(options, out)) {
            Monitor monitor = machine(options, burst).listener(alerts).start();
            await(options, monitor);
        }
    }

    /**
     * Threads that spin for a while, then stop: two per processor of this JVM, so that the burst
     * still gets its share of a machine busy with other work.
     */
    static final class CpuBurst implements AutoCloseable {
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean stopped;
        /** Where the work goes, so the JIT cannot drop it as dead code. */
        @SuppressWarnings("UnusedVariable") // written, never read: that write is its purpose
        private volatile double blackhole;

        static CpuBurst start(long start, long end, Duration length, PrintStream out) {
            CpuBurst burst = new CpuBurst();
            int n = 2 * Runtime.getRuntime().availableProcessors();
            for (int i = 0; i < n; i++) {
                boolean announcer = i == 0;
                Thread t = new Thread(
                        () -> burst.spin(start, end, announcer ? out : null, n, length), "vigil-demo-cpu-burst-" + i);
                t.setDaemon(true);
                burst.threads.add(t);
                t.start();
            }
            return burst;
        }

        private void spin(long start, long end, PrintStream out, int threads, Duration length) {
            try {
                TimeUnit.NANOSECONDS.sleep(Math.max(0, start - System.nanoTime()));
            } catch (InterruptedException e) {
                return;
            }
            if (stopped) {
                return;
            }
            if (out != null) {
                out.printf("demo: CPU burst on %d thread(s) for %s%n", threads, DurationText.format(length));
            }
            double sink = 0;
            while (!stopped && System.nanoTime() < end) {
                for (int i = 1; i < 100_000; i++) {
                    sink += Math.sqrt(i);
                }
            }
            blackhole = sink;
            if (out != null && !stopped) {
                out.println("demo: CPU burst over");
            }
        }

        @Override
        public void close() {
            stopped = true;
            threads.forEach(Thread::interrupt);
        }
    }
}

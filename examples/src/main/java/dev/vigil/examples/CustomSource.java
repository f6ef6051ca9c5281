package dev.vigil.examples;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.Monitor;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.micrometer.MicrometerSource;
import dev.vigil.core.source.Sources;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code custom-source}: alerts on the application's own numbers. A job queue is watched with
 * {@link Sources#gauge}; the time each job takes is a Micrometer {@link Timer} the application
 * already has, read with {@link MicrometerSource}. One rule on each. A simulated slowdown makes
 * jobs slow and the queue back up for a while, so both alerts fire and then resolve.
 */
final class CustomSource implements Example {

    static final Options.Spec SLOW_AFTER =
            new Options.Spec("--slow-after", "<duration>", "when the simulated slowdown starts (default 5s)");
    static final Options.Spec SLOW_LENGTH =
            new Options.Spec("--slow-length", "<duration>", "how long the simulated slowdown lasts (default 15s)");

    @Override
    public String name() {
        return "custom-source";
    }

    @Override
    public String summary() {
        return "application metrics: a gauge over a queue and a Micrometer timer, a rule on each";
    }

    @Override
    public List<Options.Spec> options() {
        return List.of(SLOW_AFTER, SLOW_LENGTH);
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        // The host application: a queue of jobs and a Micrometer timer of how long each takes.
        BlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Timer jobs =
                Timer.builder("app.jobs").description("time to run one job").register(registry);

        Duration interval = options.interval();
        AlertEngine alerts = AlertEngine.builder()
                .rule(Rule.threshold("queue-backlog")
                        .metric("app.queue.depth")
                        .warnAbove(50)
                        .critAbove(500)
                        .forDuration(interval.multipliedBy(2))
                        .summary("{{value}} jobs waiting (threshold {{threshold}})"))
                // The timer's mean, in seconds, averaged over a window: a timer's .mean is absent on a
                // tick without calls, and a bare `for` on it starts over at every such tick, so on a
                // quiet timer it would never fire. avg(window) averages the ticks that had calls.
                .rule(Rule.threshold("jobs-slow")
                        .metric("app.jobs.mean")
                        .avg(interval.multipliedBy(4))
                        .warnAbove(0.025)
                        .forDuration(interval.multipliedBy(2))
                        .summary("jobs take {{value}} on average (threshold {{threshold}})"))
                .listener(new PrintAlerts(out, false))
                .build();

        Monitor.Builder builder = Monitor.builder();
        options.storage().ifPresent(builder::storage);
        Monitor monitor = builder.every(interval)
                .source(Sources.gauge("app.queue.depth", queue::size))
                .source(MicrometerSource.of(registry)) // app.jobs.count, .mean, .max
                .listener(tick -> out.printf(
                        "tick %d: app.queue.depth %.0f  app.jobs.mean %.1f ms  app.jobs.count %.0f/s%n",
                        tick.sequence(),
                        tick.value(MetricId.of("app.queue.depth")),
                        tick.value(MetricId.of("app.jobs.mean")) * 1000,
                        tick.value(MetricId.of("app.jobs.count"))))
                .listener(alerts)
                .start();

        App app = new App(
                queue,
                jobs,
                options.duration(SLOW_AFTER.name()).orElse(Duration.ofSeconds(5)),
                options.duration(SLOW_LENGTH.name()).orElse(Duration.ofSeconds(15)),
                out);
        try (app) {
            Demo.await(options, monitor);
        }
        return 0;
    }

    /** The simulated application: 100 jobs a second; a job takes 2 ms, or 40 ms while it is slow. */
    private static final class App implements AutoCloseable {
        private final ScheduledExecutorService threads = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "vigil-examples-app");
            t.setDaemon(true);
            return t;
        });

        @SuppressWarnings(
                "FutureReturnValueIgnored") // the tasks cannot fail (an unbounded queue, println); close() stops them
        App(BlockingQueue<Integer> queue, Timer jobs, Duration slowAfter, Duration slowLength, PrintStream out) {
            long slowFrom = System.nanoTime() + slowAfter.toNanos();
            long slowUntil = slowFrom + slowLength.toNanos();
            threads.scheduleAtFixedRate(() -> queue.add(1), 0, 10, TimeUnit.MILLISECONDS);
            threads.schedule(
                    () -> out.println("app: jobs get slow for " + DurationText.format(slowLength)),
                    slowAfter.toMillis(),
                    TimeUnit.MILLISECONDS);
            threads.schedule(
                    () -> out.println("app: jobs are fast again"),
                    slowAfter.plus(slowLength).toMillis(),
                    TimeUnit.MILLISECONDS);
            threads.execute(() -> {
                try {
                    while (true) {
                        queue.take();
                        long now = System.nanoTime();
                        long millis = now >= slowFrom && now < slowUntil ? 40 : 2;
                        jobs.record(() -> sleep(millis));
                    }
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            threads.shutdownNow();
        }
    }
}

package dev.vigil.benchmarks.notify;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.Monitor;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Notifications;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.Route;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Alert latency end to end, on real threads: a {@link Monitor} ticking every {@code interval}
 * with a source that, every other tick, reports a new series above a threshold rule's level; an
 * {@link AlertEngine} with that rule ({@code for} zero) and the default report capture; and
 * {@link Notifications} with {@code groupWait} zero, grouping by every label so that each
 * crossing is its own group, flushed every {@code flushEvery}. The latency of one crossing runs
 * from the moment the source read the crossing value (the start of the tick) to the moment the
 * notifier is called with it.
 *
 * <p>{@link #measure} times the first crossings the setup sees, which in a fresh JVM is the path
 * while it is loaded, interpreted and compiled; {@link #measureWarm} first runs {@code warmup}
 * crossings through a setup of their own (ticks every 10 ms) and then measures a new setup, as
 * JMH measures after its warm-up iterations: the path as a running application takes it.
 *
 * <pre>{@code
 * AlertLatency.Result r = AlertLatency.measure(Duration.ofMillis(100), 100, Notifications.Builder.DEFAULT_FLUSH_EVERY);
 * AlertLatency.Result warm = AlertLatency.measureWarm(Duration.ofMillis(100), 1000, 100, Duration.ofMillis(10));
 * }</pre>
 */
public final class AlertLatency {

    private AlertLatency() {}

    /**
     * Latencies in milliseconds.
     *
     * @param p50 median
     * @param p99 99th percentile
     * @param max largest
     * @param crossings crossings measured
     * @param interval tick interval
     * @param flushEvery the notifications' flush period
     * @param warmup crossings run through the same path before, not measured
     */
    public record Result(
            double p50, double p99, double max, int crossings, Duration interval, Duration flushEvery, int warmup) {}

    /** Tick interval of the warm-up setup. */
    public static final Duration WARMUP_INTERVAL = Duration.ofMillis(10);

    /**
     * Runs {@code warmup} crossings (unmeasured) through a setup ticking every {@link
     * #WARMUP_INTERVAL}, closes it, then {@link #measure measures} {@code crossings} in a new one.
     */
    public static Result measureWarm(Duration interval, int warmup, int crossings, Duration flushEvery)
            throws Exception {
        if (warmup > 0) {
            measure(WARMUP_INTERVAL, warmup, flushEvery);
        }
        Result r = measure(interval, crossings, flushEvery);
        return new Result(r.p50(), r.p99(), r.max(), r.crossings(), interval, flushEvery, warmup);
    }

    /** Runs until {@code crossings} notifications arrived (or a generous timeout) and returns their latencies. */
    public static Result measure(Duration interval, int crossings, Duration flushEvery) throws Exception {
        Map<String, Long> sampledAt = new ConcurrentHashMap<>();
        Map<String, Long> notifiedAt = new ConcurrentHashMap<>();
        Notifier recording = new Notifier() {
            @Override
            public DeliveryResult deliver(Notification n) {
                long now = System.nanoTime();
                n.alerts().forEach(a -> notifiedAt.putIfAbsent(a.labels().get("crossing"), now));
                return DeliveryResult.delivered();
            }

            @Override
            public String name() {
                return "recording";
            }
        };
        try (Notifications delivery = Notifications.builder()
                        .flushEvery(flushEvery)
                        .route(Route.all()
                                .groupBy(Route.ALL_LABELS)
                                .groupWait(Duration.ZERO)
                                .to(recording))
                        .build();
                AlertEngine engine = AlertEngine.builder()
                        .rule(Rule.threshold("latency").metric("latency.probe").critAbove(1))
                        .listener(delivery)
                        .build()) {
            int[] tick = {0};
            Monitor monitor = Monitor.builder()
                    .every(interval)
                    .source(sink -> {
                        int t = tick[0]++;
                        if (t % 2 == 1 && t / 2 < crossings) {
                            String key = Integer.toString(t / 2);
                            sampledAt.put(key, System.nanoTime());
                            sink.gauge(MetricId.of("latency.probe", "crossing", key), Unit.NONE, 2);
                        }
                    })
                    .listener(engine)
                    .start();
            try {
                long deadline = System.nanoTime() + interval.toNanos() * (2L * crossings + 4) + 10_000_000_000L;
                while (notifiedAt.size() < crossings && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            } finally {
                monitor.close();
            }
        }
        double[] ms = sampledAt.entrySet().stream()
                .filter(e -> notifiedAt.containsKey(e.getKey()))
                .mapToDouble(e -> (notifiedAt.get(e.getKey()) - e.getValue()) / 1e6)
                .sorted()
                .toArray();
        if (ms.length == 0) {
            throw new IllegalStateException("no crossing was notified");
        }
        return new Result(q(ms, 0.5), q(ms, 0.99), ms[ms.length - 1], ms.length, interval, flushEvery, 0);
    }

    /**
     * Measures {@code N} times in one JVM (default 4), each time with both flush periods, and
     * prints each result: the first measurement runs the alert path cold (interpreted, call sites
     * not yet linked), the later ones show it as a long-running application's first alert of the
     * day would run it. A second argument {@code W} puts a warm-up of {@code W} crossings before
     * each measurement ({@link #measureWarm}).
     * {@code java -cp vigil-benchmarks.jar dev.vigil.benchmarks.notify.AlertLatency 4 1000}
     */
    public static void main(String[] args) throws Exception {
        int times = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        for (int i = 1; i <= times; i++) {
            for (Duration flush : new Duration[] {Notifications.Builder.DEFAULT_FLUSH_EVERY, Duration.ofMillis(10)}) {
                Result r = measureWarm(Duration.ofMillis(100), warmup, 100, flush);
                System.out.printf(
                        java.util.Locale.ROOT,
                        "run %d, flush every %d ms: p50 %.3f ms, p99 %.3f ms, max %.3f ms over %d crossings%n",
                        i,
                        flush.toMillis(),
                        r.p50(),
                        r.p99(),
                        r.max(),
                        r.crossings());
            }
        }
    }

    private static double q(double[] sorted, double q) {
        double rank = q * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}

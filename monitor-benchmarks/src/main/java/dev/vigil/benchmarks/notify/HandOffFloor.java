package dev.vigil.benchmarks.notify;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The floor under {@link AlertLatency}: the same four thread hand-offs an alert takes (a source
 * worker whose result the monitor waits for, the monitor handing an event to the event thread
 * through a queue, the event thread starting the notifier's call on an attempt thread) with no
 * work at all between them, every 100 ms, timed from the worker to the attempt thread. What this
 * measures on a machine is the part of the alert latency no change to Vigil's code can remove
 * while it keeps those threads.
 *
 * <pre>{@code
 * java -cp vigil-benchmarks.jar dev.vigil.benchmarks.notify.HandOffFloor 4
 * }</pre>
 */
public final class HandOffFloor {

    private HandOffFloor() {}

    /** Runs {@code N} rounds (default 4) of 100 crossings each and prints each round's figures. */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        for (int r = 1; r <= rounds; r++) {
            double[] ms = round(100);
            System.out.printf(
                    Locale.ROOT,
                    "round %d: p50 %.3f ms, p99 %.3f ms, max %.3f ms over %d crossings%n",
                    r,
                    quantile(ms, 0.5),
                    quantile(ms, 0.99),
                    ms[ms.length - 1],
                    ms.length);
        }
    }

    static double[] round(int crossings) throws Exception {
        ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor();
        ExecutorService worker = Executors.newSingleThreadExecutor();
        ExecutorService attempts = Executors.newSingleThreadExecutor();
        LinkedBlockingQueue<long[]> events = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Long> done = new LinkedBlockingQueue<>();
        Thread eventThread = new Thread(() -> {
            try {
                while (true) {
                    long[] started = events.take();
                    attempts.execute(() -> done.add(System.nanoTime() - started[0]));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        eventThread.start();
        try {
            Future<?> ticking = monitor.scheduleAtFixedRate(
                    () -> {
                        Future<long[]> read = worker.submit(() -> new long[] {System.nanoTime()});
                        try {
                            events.add(read.get());
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    0,
                    100,
                    TimeUnit.MILLISECONDS);
            double[] ms = new double[crossings];
            for (int i = 0; i < crossings; i++) {
                Long nanos = done.poll(10, TimeUnit.SECONDS);
                if (nanos == null) {
                    throw new IllegalStateException("no crossing arrived in 10 s");
                }
                ms[i] = nanos / 1e6;
            }
            ticking.cancel(false);
            Arrays.sort(ms);
            return ms;
        } finally {
            monitor.shutdownNow();
            eventThread.interrupt();
            worker.shutdownNow();
            attempts.shutdownNow();
        }
    }

    private static double quantile(double[] sorted, double q) {
        double rank = q * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}

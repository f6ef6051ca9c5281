package dev.vigil.benchmarks.notify;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEvent;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.core.time.ManualClock;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Notifications;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.Route;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An alert storm through {@link Notifications} on one thread: 10,000 distinct alerts under 100
 * alert names, each firing and resolving in turn, routed by severity to two receivers and grouped
 * by {@code alertname} with the embedded default timings. Time is a manual clock moved 1 ms per
 * event, and the groups are flushed every 1,000 events (one simulated second), on the same
 * thread and inside the measured time, so grouping, flushing and queueing are all counted.
 * The receivers count and return at once: what is measured is Vigil's routing and grouping, not
 * a network. Memory stays bounded by the 10,000 alerts and the receivers' bounded queues.
 *
 * <pre>{@code
 * java -jar vigil-benchmarks.jar --only notify
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AlertStormBenchmark {

    static final int ALERTS = 10_000;
    static final int NAMES = 100;

    private ManualClock clock;
    private Notifications notifications;
    private AlertEvent[] fired;
    private AlertEvent[] resolved;
    private int next;
    private boolean resolving;
    private final AtomicLong delivered = new AtomicLong();

    @Setup
    public void setUp() {
        clock = ManualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
        Notifier counting = new CountingNotifier("counting", delivered);
        Notifier pager = new CountingNotifier("pager", delivered);
        notifications = Notifications.builder()
                .clock(clock)
                .flushEvery(Duration.ZERO)
                .route(Route.where("severity", "critical").to(pager))
                .route(Route.all().to(counting))
                .build();
        fired = new AlertEvent[ALERTS];
        resolved = new AlertEvent[ALERTS];
        Instant t = clock.now();
        for (int i = 0; i < ALERTS; i++) {
            String name = "storm-" + (i % NAMES);
            Severity severity = i % 10 == 0 ? Severity.CRITICAL : Severity.WARNING;
            Map<String, String> labels = Map.of("alertname", name, "severity", severity.label(), "instance", "i" + i);
            Map<String, String> annotations = Map.of("summary", name + " on i" + i);
            String fingerprint = Integer.toHexString(i * 0x9E3779B1);
            fired[i] = new AlertEvent.Fired(
                    Alert.builder(name, fingerprint)
                            .labels(labels)
                            .annotations(annotations)
                            .severity(severity)
                            .value(0.97)
                            .activeSince(t)
                            .firingSince(t)
                            .build(),
                    t);
            resolved[i] = new AlertEvent.Resolved(
                    Alert.builder(name, fingerprint)
                            .labels(labels)
                            .annotations(annotations)
                            .state(AlertState.RESOLVED)
                            .severity(severity)
                            .value(0.5)
                            .activeSince(t)
                            .firingSince(t)
                            .resolvedAt(t)
                            .build(),
                    t);
        }
    }

    @Benchmark
    public int routeAndGroup() {
        AlertEvent event = resolving ? resolved[next] : fired[next];
        notifications.onEvent(event);
        clock.advanceMillis(1);
        if (++next == ALERTS) {
            next = 0;
            resolving = !resolving;
        }
        if (next % 1000 == 0) {
            notifications.poll();
        }
        return next;
    }

    /** A receiver that counts what it is given and returns at once. */
    private record CountingNotifier(String name, AtomicLong delivered) implements Notifier {
        @Override
        public DeliveryResult deliver(Notification notification) {
            delivered.incrementAndGet();
            return DeliveryResult.delivered();
        }
    }

    @TearDown
    public void tearDown() {
        if (delivered.get() == 0 && clock.now().isAfter(Instant.parse("2026-01-01T00:01:00Z"))) {
            throw new IllegalStateException("a minute of storm delivered nothing: the benchmark measures no flush");
        }
        notifications.close();
    }
}

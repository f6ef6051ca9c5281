package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.Monitor;
import dev.vigil.core.history.HistoryConfig;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: an application names, groups and accounts Vigil's threads through its own
 * {@link ThreadFactory}; and {@link Notifications} without a state directory runs on the engine's
 * event thread instead of a thread of its own.
 */
class HostThreadsTest {

    /** Threads the JVM or the test tools may start at any time; none of them is Vigil's. */
    private static final List<String> NOT_VIGIL = List.of(
            "awaitility", "Attach Listener", "Common-Cleaner", "process reaper", "ForkJoinPool", "surefire", "junit");

    static final class HostFactory implements ThreadFactory {
        final ThreadGroup group = new ThreadGroup("host-vigil");
        final Set<Thread> made = ConcurrentHashMap.newKeySet();
        final AtomicInteger n = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread t = new Thread(group, task, "host-vigil-" + n.incrementAndGet());
            t.setDaemon(true);
            made.add(t);
            return t;
        }
    }

    static Set<Thread> startedSince(Set<Thread> before) {
        Set<Thread> now = ConcurrentHashMap.newKeySet();
        now.addAll(Thread.getAllStackTraces().keySet());
        now.removeAll(before);
        now.removeIf(t -> NOT_VIGIL.stream().anyMatch(t.getName()::startsWith));
        return now;
    }

    @Test
    void everyThreadVigilStartsComesFromTheHostsFactory(@TempDir Path dir) {
        HostFactory host = new HostFactory();
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
        Notifier recording = new Notifier() {
            @Override
            public DeliveryResult deliver(Notification notification) {
                ranOn.add(Thread.currentThread());
                return DeliveryResult.delivered();
            }

            @Override
            public String name() {
                return "recording";
            }
        };
        AtomicInteger delivered = new AtomicInteger();
        Monitor monitor = null;
        try (Notifications delivery = Notifications.builder()
                        .threadFactory(host)
                        .stateDirectory(dir.resolve("notify"))
                        .route(Route.all().groupWait(Duration.ZERO).to(recording, new Notifier() {
                            @Override
                            public DeliveryResult deliver(Notification notification) {
                                delivered.incrementAndGet();
                                return DeliveryResult.permanentFailure("refused, so that the failure callback runs");
                            }

                            @Override
                            public String name() {
                                return "refusing";
                            }
                        }))
                        .onFailure(failure -> ranOn.add(Thread.currentThread()))
                        .build();
                AlertEngine engine = AlertEngine.builder()
                        .threadFactory(host)
                        .stateDirectory(dir.resolve("alerts"))
                        .rule(Rule.threshold("load-high").metric("app.load").critAbove(1))
                        .listener(delivery)
                        .listener(event -> ranOn.add(Thread.currentThread()))
                        .build()) {
            monitor = Monitor.builder()
                    .threadFactory(host)
                    .storage(dir.resolve("history"))
                    .history(HistoryConfig.builder()
                            .checkpointEvery(Duration.ofSeconds(1))
                            .build())
                    .every(Duration.ofMillis(50))
                    .source(sink -> {
                        ranOn.add(Thread.currentThread());
                        sink.gauge(MetricId.of("app.load"), Unit.NONE, 2);
                    })
                    .listener(tick -> ranOn.add(Thread.currentThread()))
                    .listener(engine)
                    .start();
            Monitor ticking = monitor;
            // past a history checkpoint, so that the history's writer thread has started too
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> delivered.get() > 0 && ticking.stats().ticks() > 40);
            // the source's worker, the ticking thread, the listener's, the notifier's attempt, the
            // failure callback on the refusing receiver's worker
            await().atMost(Duration.ofSeconds(60)).until(() -> ranOn.size() >= 5);
            Set<Thread> started = startedSince(before);
            assertThat(started).isNotEmpty().allMatch(host.made::contains, "made by the host's factory");
            assertThat(ranOn).allMatch(host.made::contains, "made by the host's factory");
            ticking.close(); // first, so that its last tick reaches an open engine
        } finally {
            if (monitor != null) {
                monitor.close();
            }
        }
        // the threads that close listeners come from it as well
        assertThat(startedSince(before)).allMatch(host.made::contains, "made by the host's factory");
    }

    @Test
    void withoutAStateDirectoryNotificationsRunOnTheEnginesEventThread(@TempDir Path dir) {
        RecordingNotifier notifier = new RecordingNotifier("recording");
        try (Notifications inMemory =
                        Notifications.builder().defaultReceivers(notifier).build();
                Notifications logged = Notifications.builder()
                        .defaultReceivers(notifier)
                        .stateDirectory(dir)
                        .build()) {
            assertThat(inMemory.mayBlock()).isFalse();
            assertThat(logged.mayBlock())
                    .as("the notification log can wait on the disk")
                    .isTrue();

            Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
            try (AlertEngine engine = AlertEngine.builder()
                            .listener(inMemory)
                            .rule(Rule.threshold("load-high").metric("app.load").critAbove(1))
                            .build();
                    Monitor monitor = Monitor.builder()
                            .every(Duration.ofMillis(50))
                            .source(sink -> sink.gauge(MetricId.of("app.load"), Unit.NONE, 2))
                            .listener(engine)
                            .start()) {
                assertThat(monitor.isClosed()).isFalse();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> !notifier.received().isEmpty());
                assertThat(startedSince(before))
                        .extracting(Thread::getName)
                        .anyMatch(name -> name.startsWith("vigil-alert-events-"))
                        .noneMatch(name -> name.startsWith("vigil-alert-listener-"));
            }
        }
    }
}

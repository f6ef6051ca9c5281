package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.metric.MetricId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19: a listener that never blocks runs on the engine's event thread, and still in isolation. */
class InlineListenerTest {

    static final MetricId CPU = MetricId.of("system.cpu.usage");
    AlertEngine engine;
    EventDispatcher dispatcher;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
        if (dispatcher != null) {
            dispatcher.close(Duration.ofSeconds(5));
        }
    }

    AlertEngine.Builder builder() {
        return AlertEngine.builder()
                .reports(ReportCapture.none())
                .rule(Rule.threshold("cpu-high").metric("system.cpu.usage").warnAbove(0.8));
    }

    /** Records each event and the thread it came on; says it never blocks unless told otherwise. */
    static class ThreadRecording implements AlertListener {
        final List<AlertEvent> events = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final boolean mayBlock;

        ThreadRecording(boolean mayBlock) {
            this.mayBlock = mayBlock;
        }

        @Override
        public void onEvent(AlertEvent event) {
            threads.add(Thread.currentThread().getName());
            events.add(event);
        }

        @Override
        public boolean mayBlock() {
            return mayBlock;
        }
    }

    @Test
    void aListenerThatNeverBlocksIsCalledInOrderOnTheEnginesEventThreadAndGetsNoThreadOfItsOwn() {
        ThreadRecording inline = new ThreadRecording(false);
        ThreadRecording own = new ThreadRecording(true);
        engine = builder().listener(inline).listener(own).build();
        TickFeed feed = new TickFeed(engine);
        for (int i = 0; i < 50; i++) {
            feed.tick(CPU, i % 2 == 0 ? 0.9 : 0.1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> inline.events.size() == 50 && own.events.size() == 50);
        for (int i = 0; i < 50; i++) {
            assertThat(inline.events.get(i))
                    .isInstanceOf(i % 2 == 0 ? AlertEvent.Fired.class : AlertEvent.Resolved.class);
        }
        assertThat(Set.copyOf(inline.threads)).singleElement().asString().startsWith("vigil-alert-events-");
        assertThat(Set.copyOf(own.threads)).singleElement().asString().startsWith("vigil-alert-listener-");
    }

    @Test
    void aListenerThatNeverBlocksButThrowsIsCountedAndKeepsReceivingEvents() {
        AtomicInteger calls = new AtomicInteger();
        ThreadRecording rec = new ThreadRecording(false);
        AlertListener throwsFirst = new AlertListener() {
            @Override
            public void onEvent(AlertEvent event) {
                if (calls.incrementAndGet() == 1) {
                    throw new AssertionError("a third-party listener's bug");
                }
                rec.onEvent(event);
            }

            @Override
            public boolean mayBlock() {
                return false;
            }
        };
        engine = builder().listener(throwsFirst).build();
        TickFeed feed = new TickFeed(engine);
        feed.tick(CPU, 0.9);
        feed.tick(CPU, 0.1);
        await().atMost(Duration.ofSeconds(30)).until(() -> rec.events.size() == 1);
        assertThat(rec.events.get(0)).isInstanceOf(AlertEvent.Resolved.class);
        assertThat(rec.threads.get(0)).startsWith("vigil-alert-events-");
        assertThat(engine.stats().listenerFailures()).isEqualTo(1);
    }

    @Test
    void aListenerWhoseMayBlockThrowsIsTakenAsBlockingAndGetsAThreadOfItsOwn() {
        ThreadRecording rec = new ThreadRecording(false);
        AlertListener broken = new AlertListener() {
            @Override
            public void onEvent(AlertEvent event) {
                rec.onEvent(event);
            }

            @Override
            public boolean mayBlock() {
                throw new IllegalStateException("a third-party listener's bug");
            }
        };
        engine = builder().listener(broken).build();
        new TickFeed(engine).tick(CPU, 0.9);
        await().atMost(Duration.ofSeconds(30)).until(() -> rec.events.size() == 1);
        assertThat(rec.threads.get(0)).startsWith("vigil-alert-listener-");
    }

    @Test
    void aListenerThatBreaksItsPromiseGetsAThreadOfItsOwnAndMissesNoEvent() {
        // every event the engine decides, taken from an engine that calls its listener in line
        RecordingListener decided = new RecordingListener();
        AlertEngine source = builder().synchronousListeners().listener(decided).build();
        TickFeed feed = new TickFeed(source);
        for (int i = 0; i < 20; i++) {
            feed.tick(CPU, i % 2 == 0 ? 0.9 : 0.1);
        }
        source.close();
        assertThat(decided.events).hasSize(20);
        // a budget of zero: every call overruns it, so the first one moves the listener
        dispatcher = new EventDispatcher(false, ReportCapture.none(), null, Duration.ZERO);
        ThreadRecording rec = new ThreadRecording(false);
        dispatcher.add(rec);
        List<EventDispatcher.Outgoing> out = new ArrayList<>();
        for (AlertEvent e : decided.events) {
            out.add(new EventDispatcher.Outgoing(e, CPU, feed.store, feed.clock.wallMillis(), (f, r) -> {}));
        }
        dispatcher.publish(out);
        await().atMost(Duration.ofSeconds(30)).until(() -> rec.events.size() == 20);
        assertThat(rec.events).containsExactlyElementsOf(decided.events);
        assertThat(rec.threads.get(0)).startsWith("vigil-alert-events-");
        assertThat(Set.copyOf(rec.threads.subList(1, 20)))
                .singleElement()
                .asString()
                .startsWith("vigil-alert-listener-");
        assertThat(dispatcher.droppedEvents).hasValue(0);
    }

    @Test
    void aListenerThatKeepsALogOnDiskOnceOfferedTheMonitorsStorageGetsAThreadOfItsOwn(@TempDir Path dir) {
        // as Notifications: in memory it never blocks; with a log in the storage it may
        ThreadRecording logging = new ThreadRecording(false) {
            volatile boolean hasLog;

            @Override
            public void onStorage(dev.vigil.core.storage.Storage storage) {
                hasLog = true;
            }

            @Override
            public boolean mayBlock() {
                return hasLog;
            }
        };
        engine = builder().listener(logging).build();
        try (dev.vigil.core.storage.Storage storage = dev.vigil.core.storage.Storage.open(dir)) {
            engine.onStorage(storage); // what a monitor with a storage directory does before its first tick
            new TickFeed(engine).tick(CPU, 0.9);
            await().atMost(Duration.ofSeconds(30)).until(() -> logging.events.size() == 1);
            assertThat(logging.threads.get(0)).startsWith("vigil-alert-listener-");
            engine.close();
            engine = null;
        }
    }

    @Test
    void everyThreadTheEngineStartsComesFromTheHostsFactory(@TempDir Path state) {
        Set<Thread> made = ConcurrentHashMap.newKeySet();
        ThreadGroup group = new ThreadGroup("host-alerts");
        AtomicInteger n = new AtomicInteger();
        ThreadFactory host = task -> {
            Thread t = new Thread(group, task, "host-alerts-" + n.incrementAndGet());
            t.setDaemon(true);
            made.add(t);
            return t;
        };
        Set<String> closedOn = ConcurrentHashMap.newKeySet();
        ThreadRecording inline = new ThreadRecording(false);
        ThreadRecording own = new ThreadRecording(true) {
            @Override
            public void onClose() {
                closedOn.add(Thread.currentThread().getName());
            }
        };
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        engine = builder()
                .threadFactory(host)
                .stateDirectory(state)
                .listener(inline)
                .listener(own)
                .build();
        new TickFeed(engine).tick(CPU, 0.9);
        await().atMost(Duration.ofSeconds(30)).until(() -> inline.events.size() == 1 && own.events.size() == 1);
        Set<Thread> started = ConcurrentHashMap.newKeySet();
        started.addAll(Thread.getAllStackTraces().keySet());
        started.removeAll(before);
        engine.close();
        engine = null;
        // the event thread, the listener's thread, the state journal's fsync thread, the closer
        assertThat(made).hasSizeGreaterThanOrEqualTo(4);
        assertThat(inline.threads).allMatch(name -> name.startsWith("host-alerts-"));
        assertThat(own.threads).allMatch(name -> name.startsWith("host-alerts-"));
        assertThat(closedOn).singleElement().asString().startsWith("host-alerts-");
        assertThat(started).noneMatch(t -> t.getName().startsWith("vigil-"));
    }
}

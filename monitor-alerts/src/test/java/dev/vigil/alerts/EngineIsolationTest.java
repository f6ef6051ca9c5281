package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alerts.label.LabelMatcher;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.alerts.silence.Silence;
import dev.vigil.core.metric.MetricId;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Issue 11, items 14 and 15: an engine that cannot be stalled or exhausted. */
class EngineIsolationTest {

    static final MetricId CPU = MetricId.of("system.cpu.usage");

    @Test
    void readsAndWritesDoNotWaitBehindASlowCustomRule() throws Exception {
        CountDownLatch inRule = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean slow = new AtomicBoolean();
        RecordingListener events = new RecordingListener();
        TickFeed feed = new TickFeed();
        AlertEngine engine = AlertEngine.builder()
                .clock(feed.clock)
                .synchronousListeners()
                .reports(ReportCapture.none())
                .listener(events)
                .rule(Rule.threshold("cpu-high").metric("system.cpu.usage").warnAbove(0.8))
                .rule(Rule.custom("slow").metric("system.cpu.usage").when((s, h) -> {
                    if (slow.get()) {
                        inRule.countDown();
                        try {
                            release.await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return false;
                }))
                .build();
        feed.attach(engine);
        feed.tick(CPU, 0.9);
        String fp = engine.activeAlerts().get(0).fingerprint();
        slow.set(true);
        // threads of its own: the common pool may have a single thread on a small machine, which
        // the stuck evaluation would hold
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();
        CompletableFuture<?> tick = CompletableFuture.runAsync(() -> feed.tick(CPU, 0.9), threads);
        assertThat(inRule.await(30, TimeUnit.SECONDS)).isTrue(); // the evaluation is stuck in user code
        try {
            // each of these returns while the evaluation holds the engine
            CompletableFuture<Void> host = CompletableFuture.runAsync(
                    () -> {
                        assertThat(engine.activeAlerts())
                                .extracting(Alert::name)
                                .containsExactly("cpu-high");
                        assertThat(engine.health()).isEqualTo(Health.WARNING);
                        assertThat(engine.alert(fp)).isNotNull();
                        assertThat(engine.stats().alerts()).isEqualTo(2);
                        assertThat(engine.tryAcknowledge(fp, "bob", "on it"))
                                .isInstanceOf(AcknowledgeOutcome.Acknowledged.class);
                        engine.silence(Silence.matching(LabelMatcher.equal("alertname", "cpu-high"))
                                .from(feed.clock.now())
                                .lasting(Duration.ofHours(1))
                                .by("bob")
                                .comment("known")
                                .build());
                        assertThat(engine.silences()).hasSize(1);
                    },
                    threads);
            host.get(30, TimeUnit.SECONDS);
        } finally {
            release.countDown();
        }
        tick.get(30, TimeUnit.SECONDS);
        threads.shutdown();
        // the writes were applied as the evaluation ended
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(events.kinds()).containsExactly("Fired", "Acknowledged", "Silenced"));
        assertThat(engine.activeAlerts()).singleElement().satisfies(a -> {
            assertThat(a.acknowledged()).isTrue();
            assertThat(a.silenced()).isTrue();
        });
    }

    @Test
    void seriesNoRuleWatchesAreNotKeptAndWatchedOnesAreBounded() {
        TickFeed feed = new TickFeed();
        AlertEngine engine = AlertEngine.builder()
                .clock(feed.clock)
                .synchronousListeners()
                .reports(ReportCapture.none())
                .maxSeries(3)
                .rule(Rule.threshold("queue-deep").metric("app.queue.depth").warnAbove(100))
                .build();
        feed.attach(engine);
        Map<MetricId, Double> values = new java.util.HashMap<>();
        for (int i = 0; i < 1_000; i++) {
            values.put(MetricId.of("app.other", "i", Integer.toString(i)), 1.0); // no rule watches these
        }
        for (int i = 0; i < 5; i++) {
            values.put(MetricId.of("app.queue.depth", "queue", "q" + i), 500.0);
        }
        feed.tick(values, Set.of());
        // three tracked (the bound), each with its alert; the 1,000 unwatched series cost nothing
        assertThat(engine.alerts())
                .hasSize(3)
                .allSatisfy(a -> assertThat(a.state()).isEqualTo(AlertState.FIRING));
    }

    @Test
    void silencesAreBoundedAndTheRefusalNamesTheBound() {
        TickFeed feed = new TickFeed();
        AlertEngine engine = AlertEngine.builder()
                .clock(feed.clock)
                .reports(ReportCapture.none())
                .maxSilences(2)
                .rule(Rule.threshold("cpu").metric("system.cpu.usage").warnAbove(0.8))
                .build();
        feed.attach(engine);
        Silence.Builder silence = Silence.matching(LabelMatcher.equal("alertname", "cpu"))
                .from(feed.clock.now())
                .by("ops")
                .comment("x");
        engine.silence(silence.lasting(Duration.ofMinutes(1)).build());
        String second = engine.silence(silence.lasting(Duration.ofHours(1)).build());
        assertThatThrownBy(() ->
                        engine.silence(silence.lasting(Duration.ofHours(2)).build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at most 2")
                .hasMessageContaining("maxSilences");
        feed.skip(Duration.ofMinutes(2)); // the first has ended: it no longer counts
        engine.silence(silence.lasting(Duration.ofHours(2)).build());
        assertThat(engine.expireSilence(second)).isTrue();
        engine.close();
    }
}

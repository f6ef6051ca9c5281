package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.alerts.label.LabelMatcher;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.alerts.silence.Silence;
import dev.vigil.core.metric.MetricId;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11, item 12: a listener far behind never loses a mute change, whether the backlog builds
 * in its own queue or, for a listener that says it never blocks (issue 19), in the engine's.
 */
class MuteUnderBacklogTest {

    static final int ALERTS = 12_000;

    static MetricId series(int i) {
        return MetricId.of("app.queue.depth", "queue", "q" + i);
    }

    @ParameterizedTest(name = "listener says it never blocks: {0}")
    @ValueSource(booleans = {false, true})
    void duringAStormAnExpiredSilenceAndANewOneReachAListenerFarBehind(boolean neverBlocks) {
        CountDownLatch release = new CountDownLatch(1);
        RecordingListener rec = new RecordingListener();
        TickFeed feed = new TickFeed();
        AlertEngine engine = engineWithListenerHeldBy(release, rec, neverBlocks, feed);
        try {
            String first = "q0";
            String last = "q" + (ALERTS - 1);
            engine.silence(Silence.matching(LabelMatcher.equal("queue", first))
                    .from(feed.clock.now())
                    .lasting(Duration.ofSeconds(15))
                    .by("ops")
                    .comment("known")
                    .build());
            Map<MetricId, Double> storm = storm();
            feed.tick(storm, java.util.Set.of()); // 12,000 Fired: the listener's queue overflows
            engine.silence(Silence.matching(LabelMatcher.equal("queue", last))
                    .from(feed.clock.now())
                    .lasting(Duration.ofHours(1))
                    .by("ops")
                    .comment("during the backlog")
                    .build());
            feed.tick(storm, java.util.Set.of()); // 10 s later
            feed.tick(storm, java.util.Set.of()); // 20 s: the first silence has expired
            release.countDown();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> latest(rec, first) != null
                            && latest(rec, last) != null
                            && !latest(rec, first).alert().silenced()
                            && latest(rec, last).alert().silenced());
            assertThat(kinds(rec, first)).endsWith("Unsilenced");
            // paged once; its latest mute state (silenced) reached the listener
            assertThat(kinds(rec, last)).containsOnlyOnce("Fired");
            assertThat(latest(rec, last).alert().silenced()).isTrue();
        } finally {
            release.countDown();
            engine.close();
        }
    }

    @ParameterizedTest(name = "listener says it never blocks: {0}")
    @ValueSource(booleans = {false, true})
    void anUnsilenceHeldInABacklogIsNotLostWhenTheAlertGoesUnknownMeanwhile(boolean neverBlocks) {
        CountDownLatch release = new CountDownLatch(1);
        RecordingListener rec = new RecordingListener();
        TickFeed feed = new TickFeed();
        AlertEngine engine = engineWithListenerHeldBy(release, rec, neverBlocks, feed);
        try {
            String first = "q0";
            engine.silence(Silence.matching(LabelMatcher.equal("queue", first))
                    .from(feed.clock.now())
                    .lasting(Duration.ofSeconds(15))
                    .by("ops")
                    .comment("known")
                    .build());
            Map<MetricId, Double> storm = storm();
            feed.tick(storm, java.util.Set.of()); // fires silenced, among 12,000: a backlog
            feed.tick(storm, java.util.Set.of());
            feed.tick(storm, java.util.Set.of()); // 20 s: the silence has expired: Unsilenced
            Map<MetricId, Double> withoutFirst = new HashMap<>(storm);
            withoutFirst.remove(series(0));
            feed.tick(withoutFirst, java.util.Set.of(series(0))); // then UNKNOWN, still firing for notifiers
            release.countDown();
            // the Unknown is merged into the page it follows (never swallowing it): the listener
            // hears the Fired and the Unsilenced, in the order they were decided
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> kinds(rec, first).containsAll(List.of("Fired", "Unsilenced")));
            // the listener last heard it firing unsilenced: a notifier pages it
            List<String> kinds = kinds(rec, first);
            assertThat(kinds).contains("Unsilenced");
            AlertEvent lastMute = rec.events.stream()
                    .filter(e -> first.equals(e.alert().labels().get("queue")))
                    .filter(e -> e instanceof AlertEvent.Fired || e instanceof AlertEvent.Unsilenced)
                    .reduce((a, b) -> b)
                    .orElseThrow();
            assertThat(lastMute.alert().silenced()).isFalse();
        } finally {
            release.countDown();
            engine.close();
        }
    }

    @ParameterizedTest(name = "listener says it never blocks: {0}")
    @ValueSource(booleans = {false, true})
    void aResolutionHeldInABacklogIsNotSwallowedByTheUnknownAfterIt(boolean neverBlocks) {
        CountDownLatch release = new CountDownLatch(1);
        RecordingListener rec = new RecordingListener();
        TickFeed feed = new TickFeed();
        AlertEngine engine = engineWithListenerHeldBy(release, rec, neverBlocks, feed);
        try {
            String first = "q0";
            engine.silence(Silence.matching(LabelMatcher.equal("queue", first))
                    .from(feed.clock.now())
                    .lasting(Duration.ofSeconds(15))
                    .by("ops")
                    .comment("known")
                    .build());
            Map<MetricId, Double> storm = storm();
            feed.tick(storm, java.util.Set.of()); // fires silenced, among 12,000: a backlog
            feed.tick(storm, java.util.Set.of());
            feed.tick(storm, java.util.Set.of()); // 20 s: the silence has expired: Unsilenced
            Map<MetricId, Double> fine = new HashMap<>(storm);
            fine.put(series(0), 50.0);
            feed.tick(fine, java.util.Set.of()); // resolved
            Map<MetricId, Double> withoutFirst = new HashMap<>(storm);
            withoutFirst.remove(series(0));
            feed.tick(withoutFirst, java.util.Set.of(series(0))); // then UNKNOWN
            release.countDown();
            await().atMost(Duration.ofSeconds(60)).until(() -> kinds(rec, first).contains("Resolved"));
            // the listener ends knowing it resolved; the unsilence of an alert that no longer fires
            // is left out (docs/alerts.md), so nothing pages it in between
            AlertEvent last = latest(rec, first);
            assertThat(last).isInstanceOf(AlertEvent.Resolved.class);
            assertThat(last.alert().state()).isEqualTo(AlertState.RESOLVED);
            assertThat(kinds(rec, first)).doesNotContain("Unsilenced");
        } finally {
            release.countDown();
            engine.close();
        }
    }

    /**
     * An engine on {@code feed} with the queue rule and one listener that waits for {@code release}
     * before recording each event into {@code rec}: its backlog builds in its own queue, or, when it
     * says it never blocks (a broken promise), in the engine's.
     */
    private static AlertEngine engineWithListenerHeldBy(
            CountDownLatch release, RecordingListener rec, boolean neverBlocks, TickFeed feed) {
        AlertListener blocked = new AlertListener() {
            @Override
            public void onEvent(AlertEvent event) {
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                rec.onEvent(event);
            }

            @Override
            public boolean mayBlock() {
                return !neverBlocks;
            }
        };
        AlertEngine engine = AlertEngine.builder()
                .clock(feed.clock)
                .reports(ReportCapture.none())
                .listener(blocked)
                .rule(Rule.threshold("queue-deep").metric("app.queue.depth").critAbove(100))
                .build();
        feed.attach(engine);
        return engine;
    }

    /** Every queue far above the rule's level: {@link #ALERTS} alerts firing at once. */
    private static Map<MetricId, Double> storm() {
        Map<MetricId, Double> storm = new HashMap<>();
        for (int i = 0; i < ALERTS; i++) {
            storm.put(series(i), 500.0);
        }
        return storm;
    }

    private static AlertEvent latest(RecordingListener rec, String queue) {
        AlertEvent found = null;
        for (AlertEvent e : rec.events) {
            if (queue.equals(e.alert().labels().get("queue"))) {
                found = e;
            }
        }
        return found;
    }

    private static List<String> kinds(RecordingListener rec, String queue) {
        return rec.events.stream()
                .filter(e -> queue.equals(e.alert().labels().get("queue")))
                .map(e -> e.getClass().getSimpleName())
                .toList();
    }
}

package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.alerts.rule.RulePacks;
import dev.vigil.core.Monitor;
import dev.vigil.core.Tick;
import dev.vigil.core.history.HistoryConfig;
import dev.vigil.core.metric.Sample;
import dev.vigil.core.micrometer.MicrometerSource;
import dev.vigil.core.source.Sources;
import dev.vigil.core.time.ManualClock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * What reaches the engine when the history is full or two sources share a name: a window rule
 * over a series the history could not keep goes UNKNOWN, never reads as fine, and a hung source
 * is reported down whatever the other sources are called. Both were missed pages before they were
 * fixed.
 */
class DataPathLimitsTest {

    /**
     * The monitor's history holds at most {@code maxSeries} series (default 2,000); beyond it, the
     * monitor logs that new series "are evaluated but not stored". A rule over a window of such a
     * series (here {@code max(1m)}) then reads NaN on every tick: the alert stays INACTIVE and
     * health reads OK while the series breaches, with no UNKNOWN anywhere. Expected: the breach is
     * seen (FIRING), or at worst the alert is UNKNOWN: docs/alerts.md "Missing data never reads OK";
     * the promise "never misses a page"; Monitor's own warning ("evaluated but not stored").
     */
    @Test
    void aWindowRuleOnASeriesTheFullHistoryCouldNotStoreNeverReadsAsFine() {
        ManualClock clock = ManualClock.create();
        RecordingListener events = new RecordingListener();
        AlertEngine engine = AlertEngine.builder()
                .clock(clock)
                .synchronousListeners()
                .reports(ReportCapture.none())
                .externalLabels(ExternalLabels.none())
                .rule(Rule.threshold("queue-deep")
                        .metric("app.queue.depth")
                        .max(Duration.ofMinutes(1))
                        .critAbove(100))
                .listener(events)
                .build();
        try (Monitor monitor = Monitor.builder()
                .clock(clock)
                .every(Duration.ofSeconds(10))
                .history(HistoryConfig.builder().maxSeries(1).build())
                // the first source takes the history's one slot
                .source(Sources.gauge("app.other", () -> 1))
                .source(Sources.gauge("app.queue.depth", () -> 5_000))
                .listener(engine)
                .build()) {
            for (int i = 0; i < 6; i++) {
                monitor.tickNow();
                clock.advance(Duration.ofSeconds(10));
            }
            assertThat(monitor.lastTick().value(dev.vigil.core.metric.MetricId.of("app.queue.depth")))
                    .as("the tick carries the breaching value")
                    .isEqualTo(5_000.0);
            assertThat(engine.alerts())
                    .as("the queue depth of 5,000 breaches max(1m) > 100 on every tick; its alert must not be"
                            + " INACTIVE (read as fine) because the history had no room for the series")
                    .singleElement()
                    .satisfies(a -> assertThat(a.state()).isIn(AlertState.FIRING, AlertState.UNKNOWN));
        }
    }

    /**
     * Two sources with one name: here two {@code MicrometerSource}s (each is named "micrometer"; a
     * {@code ProbeSource} is always "probes"), one per registry. The first hangs in a gauge's
     * function (a lock held elsewhere) and misses its deadline on every tick; the second answers,
     * and reports as "micrometer-2", so each has a status series of its own. Expected: a source that has not answered on 3 ticks in a row pages with {@code source-down}
     * (docs/alerts.md "Missing data"; docs/metrics.md: its status is 0 "when it threw, missed its
     * deadline or still hung"); a dead or hanging source never reads OK.
     */
    @Test
    void aHungSourceIsReportedDownEvenWhenAnotherSourceHasTheSameName() throws Exception {
        ManualClock clock = ManualClock.create();
        CountDownLatch lockHeldElsewhere = new CountDownLatch(1);
        SimpleMeterRegistry stuck = new SimpleMeterRegistry();
        SimpleMeterRegistry healthy = new SimpleMeterRegistry();
        Gauge.builder("app.pool.active", lockHeldElsewhere, latch -> {
                    try {
                        latch.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return 1;
                })
                .register(stuck);
        Gauge.builder("app.cache.size", () -> 42).register(healthy);
        AlertEngine engine = AlertEngine.builder()
                .clock(clock)
                .synchronousListeners()
                .reports(ReportCapture.none())
                .externalLabels(ExternalLabels.none())
                .rules(RulePacks.sources())
                .build();
        try (Monitor monitor = Monitor.builder()
                .clock(clock)
                .every(Duration.ofSeconds(10))
                .source(MicrometerSource.of(stuck), Duration.ofMillis(300))
                .source(MicrometerSource.of(healthy), Duration.ofMillis(300))
                .listener(engine)
                .build()) {
            Tick tick = null;
            for (int i = 0; i < 5; i++) {
                tick = monitor.tickNow();
                clock.advance(Duration.ofSeconds(10));
            }
            assertThat(tick.sourceStatus().stream().map(Sample::value))
                    .as("the tick itself knows one source is down")
                    .contains(0.0);
            assertThat(engine.activeAlerts())
                    .as("the first source has missed its deadline on 5 ticks in a row: source-down must fire,"
                            + " whatever another source of the same name says")
                    .anySatisfy(a -> {
                        assertThat(a.rule()).isEqualTo("source-down");
                        assertThat(a.state()).isEqualTo(AlertState.FIRING);
                    });
        } finally {
            lockHeldElsewhere.countDown();
            stuck.close();
            healthy.close();
        }
    }
}

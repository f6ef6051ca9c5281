package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.FlapDetection;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.Tick;
import dev.vigil.core.history.History;
import dev.vigil.core.history.HistoryConfig;
import dev.vigil.core.history.HistoryStore;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Sample;
import dev.vigil.core.metric.Unit;
import dev.vigil.notify.route.Route;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyncWhileFlappingTest {

    static final MetricId CPU = MetricId.of("cpu");
    final HistoryStore store = new HistoryStore(HistoryConfig.defaults(), Duration.ofSeconds(10));
    long now = 1_700_000_000_000L;
    long seq;

    record T(long sequence, long timeMillis, List<Sample> samples, Set<MetricId> unknown, History history) implements Tick {
        @Override public Duration interval() { return Duration.ofSeconds(10); }
        @Override public double value(MetricId id) { return samples.isEmpty() ? Double.NaN : samples.get(0).value(); }
    }

    void tick(AlertEngine e, Harness h, double v) {
        now += 10_000;
        store.record(CPU, Unit.NONE, now, v);
        store.advanceTo(now);
        e.onTick(new T(++seq, now, List.of(new Sample(CPU, Unit.NONE, now, v)), Set.of(), store));
        h.advance(Duration.ofSeconds(10));
    }

    /** Route.synchronizeState() promises flapping alerts are sent like any other. */
    @Test
    void anAlertThatFiresWhileFlappingIsHeldByTheStateSyncReceiver() {
        RecordingNotifier am = new RecordingNotifier("am");
        try (Harness h = new Harness(b -> b.route(Route.all().synchronizeState().groupInterval(Duration.ofMinutes(1)).to(am)))) {
            AlertEngine engine = AlertEngine.builder()
                    .rule(Rule.threshold("cpu-high").metric("cpu").critAbove(0.9).flapDetection(FlapDetection.DEFAULT).build())
                    .synchronousListeners().reports(ReportCapture.none()).listener(h.notifications).build();
            double[] values = {0.95, 0.10, 0.95, 0.10, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95};
            for (double v : values) {
                tick(engine, h, v);
            }
            assertThat(engine.activeAlerts()).singleElement().satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.FIRING));
            var last = am.received().get(am.received().size() - 1);
            List<String> states = last.alerts().stream().map(a -> a.state().toString()).toList();
            System.out.println("alertmanager last got: " + states + " after " + values.length + " ticks; engine: FIRING");
            assertThat(states).containsExactly("FIRING");
            engine.close();
        }
    }
}

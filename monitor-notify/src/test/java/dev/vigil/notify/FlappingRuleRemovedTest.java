package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertEvent;
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
import dev.vigil.notify.route.Timings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class FlappingRuleRemovedTest {

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

    /** A flapping alert whose rule is removed: its Resolved carries flapping=true and is never sent. */
    @Test
    void removingTheRuleOfAFlappingAlertResolvesItAtTheReceiver() {
        RecordingNotifier receiver = new RecordingNotifier("team");
        List<AlertEvent> events = new CopyOnWriteArrayList<>();
        try (Harness h = new Harness(b -> b.route(Route.all().to(receiver))
                .timings(new Timings(Duration.ZERO, Duration.ofSeconds(10), Duration.ofHours(4))))) {
            AlertEngine engine = AlertEngine.builder()
                    .rule(Rule.threshold("cpu-high").metric("cpu").critAbove(0.9).flapDetection(FlapDetection.DEFAULT).build())
                    .synchronousListeners().reports(ReportCapture.none())
                    .listener(events::add).listener(h.notifications).build();
            tick(engine, h, 0.95); // Fired
            tick(engine, h, 0.10); // Resolved
            tick(engine, h, 0.95); // Fired
            tick(engine, h, 0.10); // flapping starts: this resolution is held back
            engine.replaceRules(List.of());
            tick(engine, h, 0.10); // rule removed
            h.advance(Duration.ofMinutes(10));
            h.advance(Duration.ofMinutes(10));
            List<String> kinds = new ArrayList<>();
            events.forEach(ev -> kinds.add(ev.getClass().getSimpleName() + (ev.alert().flapping() ? "(flapping)" : "")));
            List<String> sent = receiver.received().stream().map(n -> n.title()).toList();
            assertThat(engine.activeAlerts()).isEmpty();
            assertThat(sent.get(sent.size() - 1)).as("last notification after the rule was removed").startsWith("[RESOLVED]");
            engine.close();
        }
    }
}

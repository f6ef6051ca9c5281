package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.metric.MetricId;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FlapDetectionTest {

    static final MetricId CPU = MetricId.of("system.cpu.usage");

    /** Nagios' formula, written out the slow way: 21 states, oldest first. */
    static double bruteForcePercent(List<Integer> recorded) {
        List<Integer> last = new ArrayList<>();
        int missing = FlapHistory.SIZE - recorded.size();
        for (int i = 0; i < missing; i++) {
            last.add(recorded.get(0)); // Nagios starts with the history filled by the first state
        }
        last.addAll(recorded.subList(Math.max(0, recorded.size() - FlapHistory.SIZE), recorded.size()));
        double sum = 0;
        for (int x = 1; x <= 20; x++) {
            if (!last.get(x - 1).equals(last.get(x))) {
                sum += 0.75 + (x - 1) * 0.5 / 19;
            }
        }
        return sum * 100 / 20;
    }

    @Property
    void thePercentStateChangeEqualsABruteForceNagiosComputation(
            @ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 3) Integer> states) {
        FlapHistory h = new FlapHistory();
        for (int s : states) {
            h.record((byte) s);
        }
        assertThat(h.percent()).isCloseTo(bruteForcePercent(states), within(1e-9));
    }

    @Property(tries = 200)
    void theEngineReportsTheBruteForcePercentWhenFlappingStartsAndStops(
            @ForAll @Size(min = 1, max = 80) List<@net.jqwik.api.constraints.DoubleRange(min = 0, max = 1) Double> values) {
        RecordingListener events = new RecordingListener();
        AlertEngine engine = AlertEngine.builder().synchronousListeners().reports(ReportCapture.none())
                .rule(Rule.threshold("cpu").metric("system.cpu.usage").warnAbove(0.5).critAbove(0.8).flapDetection())
                .listener(events).build();
        TickFeed feed = new TickFeed(engine);
        List<Integer> states = new ArrayList<>();
        boolean flapping = false;
        for (double v : values) {
            states.add(v > 0.8 ? 2 : v > 0.5 ? 1 : 0);
            events.clear();
            feed.tick(CPU, v);
            double expected = bruteForcePercent(states);
            boolean starts = !flapping && expected >= 20;
            boolean stops = flapping && expected <= 5;
            for (AlertEvent e : events.events) {
                if (e instanceof AlertEvent.FlappingStarted f) {
                    assertThat(starts).isTrue();
                    assertThat(f.percentStateChange()).isCloseTo(expected, within(1e-9));
                } else if (e instanceof AlertEvent.FlappingStopped f) {
                    assertThat(stops).isTrue();
                    assertThat(f.percentStateChange()).isCloseTo(expected, within(1e-9));
                }
            }
            assertThat(events.of(AlertEvent.FlappingStarted.class)).hasSize(starts ? 1 : 0);
            assertThat(events.of(AlertEvent.FlappingStopped.class)).hasSize(stops ? 1 : 0);
            flapping = (flapping || starts) && !stops;
            assertThat(engine.alerts().get(0).flapping()).isEqualTo(flapping);
        }
    }

    @Test
    void everyPairChangingWeighsTwentyTimesTheMeanWeight() {
        FlapHistory h = new FlapHistory();
        for (int i = 0; i < 21; i++) {
            h.record((byte) (i % 2));
        }
        assertThat(h.percent()).isCloseTo(100.0, within(1e-9));
        FlapHistory newest = new FlapHistory();
        for (int i = 0; i < 20; i++) {
            newest.record((byte) 0);
        }
        newest.record((byte) 2);
        assertThat(newest.percent()).isCloseTo(1.25 * 100 / 20, within(1e-9));
    }

    @Test
    void flappingHoldsBackProblemEventsAndCatchesUpWhenItStops() {
        RecordingListener events = new RecordingListener();
        AlertEngine engine = AlertEngine.builder().synchronousListeners().reports(ReportCapture.none())
                .rule(Rule.threshold("cpu").metric("system.cpu.usage").warnAbove(0.8).flapDetection())
                .listener(events).build();
        TickFeed feed = new TickFeed(engine);
        feed.tick(CPU, 0.1);
        feed.tick(CPU, 0.9);   // 6.25%
        feed.tick(CPU, 0.1);   // 12.4%
        feed.tick(CPU, 0.9);   // 18.4%
        assertThat(events.kinds()).containsExactly("Fired", "Resolved", "Fired");
        feed.tick(CPU, 0.1);   // 24.2%: flapping
        assertThat(events.kinds()).containsExactly("Fired", "Resolved", "Fired", "FlappingStarted");
        AlertEvent.FlappingStarted started = events.of(AlertEvent.FlappingStarted.class).get(0);
        assertThat(started.percentStateChange()).isCloseTo((1.25 + (1.25 - 0.5 / 19) + (1.25 - 1.0 / 19)
                + (1.25 - 1.5 / 19)) * 5, within(1e-9));
        assertThat(started.alert().flapping()).isTrue();
        for (int i = 0; i < 6; i++) {
            feed.tick(CPU, i % 2 == 0 ? 0.9 : 0.1);
        }
        assertThat(events.kinds()).hasSize(4);
        assertThat(engine.alerts().get(0).flapping()).isTrue();
        int ticks = 0;
        while (events.kinds().size() == 4 && ticks++ < 30) {
            feed.tick(CPU, 0.1);
        }
        assertThat(events.kinds()).containsExactly("Fired", "Resolved", "Fired", "FlappingStarted",
                "FlappingStopped", "Resolved");
        assertThat(events.of(AlertEvent.FlappingStopped.class).get(0).percentStateChange()).isLessThanOrEqualTo(5.0);
        assertThat(engine.alerts().get(0).flapping()).isFalse();
    }

    @Test
    void anAlertThatStartedFiringWhileFlappingIsAnnouncedWhenFlappingStops() {
        RecordingListener events = flapAlternating(0.9, 0.1, 0.9, 0.1, 0.9);
        assertThat(events.kinds()).containsExactly("Fired", "Resolved", "Fired", "Resolved", "FlappingStarted");
        steadyUntilStopped(events, 0.9);
        assertThat(events.kinds()).containsExactly("Fired", "Resolved", "Fired", "Resolved", "FlappingStarted",
                "FlappingStopped", "Fired");
    }

    @Test
    void anAlertFiringWhenFlappingStartsAndStillFiringWhenItStopsIsNotAnnouncedTwice() {
        RecordingListener events = flapAlternating(0.1, 0.9, 0.1, 0.9, 0.1);
        assertThat(events.kinds()).containsExactly("Fired", "Resolved", "Fired", "FlappingStarted");
        steadyUntilStopped(events, 0.9);
        assertThat(events.kinds()).containsExactly("Fired", "Resolved", "Fired", "FlappingStarted",
                "FlappingStopped");
    }

    @Test
    void theEngineCanTurnFlapDetectionOnForEveryRuleWithoutItsOwn() {
        AlertEngine engine = AlertEngine.builder().flapDetection(new dev.vigil.alerts.rule.FlapDetection(1, 10))
                .rule(Rule.threshold("a").metric("x").warnAbove(1))
                .rule(Rule.threshold("b").metric("x").warnAbove(1).flapDetection())
                .reports(ReportCapture.none()).build();
        assertThat(engine.rules()).extracting(Rule::flapDetection).containsExactly(
                new dev.vigil.alerts.rule.FlapDetection(1, 10), dev.vigil.alerts.rule.FlapDetection.DEFAULT);
        engine.close();
    }

    private TickFeed flapFeed;

    private RecordingListener flapAlternating(double... values) {
        RecordingListener events = new RecordingListener();
        AlertEngine engine = AlertEngine.builder().synchronousListeners().reports(ReportCapture.none())
                .rule(Rule.threshold("cpu").metric("system.cpu.usage").warnAbove(0.8).flapDetection())
                .listener(events).build();
        flapFeed = new TickFeed(engine);
        for (double v : values) {
            flapFeed.tick(CPU, v);
        }
        return events;
    }

    private void steadyUntilStopped(RecordingListener events, double value) {
        int ticks = 0;
        while (!events.kinds().contains("FlappingStopped") && ticks++ < 40) {
            flapFeed.tick(CPU, value);
        }
    }
}

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

    /**
     * base/flapping.c's percent, written out the slow way: the history is zero-initialised (21 OK
     * states, STATE_OK being 0) and the recorded states shift in, oldest first.
     */
    static double bruteForcePercent(List<Integer> recorded) {
        List<Integer> last = new ArrayList<>();
        for (int i = 0; i < FlapHistory.SIZE; i++) {
            last.add(0);
        }
        last.addAll(recorded);
        last = last.subList(last.size() - FlapHistory.SIZE, last.size());
        double sum = 0;
        for (int x = 1; x <= 20; x++) {
            if (!last.get(x - 1).equals(last.get(x))) {
                sum += 0.75 + (x - 1) * (1.25 - 0.75) / 19;
            }
        }
        return sum * 100 / 20;
    }

    /**
     * Nagios' soft/hard state logic for one service with {@code maxCheckAttempts}, and what
     * check_for_service_flapping records: "only hard states and soft recoveries get recorded". A
     * non-OK result is SOFT until it has been seen on maxCheckAttempts consecutive checks; a result
     * after a HARD non-OK state is HARD; OK after SOFT non-OK is a soft recovery.
     */
    static final class NagiosService {
        final int maxCheckAttempts;
        final List<Integer> recorded = new ArrayList<>();
        int attempt = 1;
        boolean hardProblem;
        int lastState;

        NagiosService(int maxCheckAttempts) {
            this.maxCheckAttempts = maxCheckAttempts;
        }

        /** A check result; returns whether it was recorded for flap detection. */
        boolean check(int state) {
            if (state == 0) { // a hard OK or a soft recovery: recorded either way
                hardProblem = false;
                attempt = 1;
                recorded.add(0);
                lastState = 0;
                return true;
            }
            boolean soft;
            if (hardProblem) {
                soft = false;
            } else {
                attempt = lastState == 0 ? 1 : attempt + 1;
                soft = attempt < maxCheckAttempts;
                hardProblem = !soft;
            }
            lastState = state;
            if (soft) {
                return false;
            }
            recorded.add(state);
            return true;
        }
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
            @ForAll @Size(min = 1, max = 80)
                    List<@net.jqwik.api.constraints.DoubleRange(min = 0, max = 1) Double> values) {
        RecordingListener events = new RecordingListener();
        AlertEngine engine = AlertEngine.builder()
                .synchronousListeners()
                .reports(ReportCapture.none())
                .rule(Rule.threshold("cpu")
                        .metric("system.cpu.usage")
                        .warnAbove(0.5)
                        .critAbove(0.8)
                        .flapDetection())
                .listener(events)
                .build();
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
    void changesWhileFlappingAreAnnouncedMarkedFlappingAndNeverTwiceWhenItStops() {
        RecordingListener events = new RecordingListener();
        AlertEngine engine = AlertEngine.builder()
                .synchronousListeners()
                .reports(ReportCapture.none())
                .rule(Rule.threshold("cpu")
                        .metric("system.cpu.usage")
                        .warnAbove(0.8)
                        .flapDetection())
                .listener(events)
                .build();
        TickFeed feed = new TickFeed(engine);
        feed.tick(CPU, 0.1);
        feed.tick(CPU, 0.9); // 6.25%
        feed.tick(CPU, 0.1); // 12.4%
        feed.tick(CPU, 0.9); // 18.4%
        assertThat(events.kinds()).containsExactly("Fired", "Resolved", "Fired");
        feed.tick(CPU, 0.1); // 24.2%: flapping
        // the change is still announced, marked flapping: notification routes hold it back (Nagios
        // suppresses problem notifications), a state-synchronising receiver learns the state
        assertThat(events.kinds()).containsExactly("Fired", "Resolved", "Fired", "FlappingStarted", "Resolved");
        AlertEvent.FlappingStarted started =
                events.of(AlertEvent.FlappingStarted.class).get(0);
        assertThat(started.percentStateChange())
                .isCloseTo((1.25 + (1.25 - 0.5 / 19) + (1.25 - 1.0 / 19) + (1.25 - 1.5 / 19)) * 5, within(1e-9));
        assertThat(started.alert().flapping()).isTrue();
        assertThat(events.events.get(4).alert().flapping()).isTrue();
        for (int i = 0; i < 6; i++) {
            feed.tick(CPU, i % 2 == 0 ? 0.9 : 0.1);
        }
        assertThat(events.kinds()).hasSize(11).endsWith("Fired", "Resolved", "Fired", "Resolved", "Fired", "Resolved");
        assertThat(events.events.subList(4, 11))
                .allSatisfy(e -> assertThat(e.alert().flapping()).isTrue());
        assertThat(engine.alerts().get(0).flapping()).isTrue();
        int ticks = 0;
        while (events.kinds().size() == 11 && ticks++ < 30) {
            feed.tick(CPU, 0.1);
        }
        // it settled resolved, as listeners already heard: the stop alone, no second Resolved
        assertThat(events.kinds()).hasSize(12).last().isEqualTo("FlappingStopped");
        assertThat(events.of(AlertEvent.FlappingStopped.class).get(0).percentStateChange())
                .isLessThanOrEqualTo(5.0);
        assertThat(engine.alerts().get(0).flapping()).isFalse();
    }

    @Test
    void anAlertForgottenWhileItFlapsAnnouncesThatItsFlappingEnded() {
        RecordingListener events = new RecordingListener();
        AlertEngine engine = AlertEngine.builder()
                .synchronousListeners()
                .reports(ReportCapture.none())
                .forgetAfter(java.time.Duration.ofSeconds(30)) // shorter than 21 ticks: still flapping then
                .rule(Rule.threshold("cpu")
                        .metric("system.cpu.usage")
                        .warnAbove(0.8)
                        .flapDetection())
                .listener(events)
                .build();
        TickFeed feed = new TickFeed(engine);
        for (double v : new double[] {0.1, 0.9, 0.1, 0.9, 0.1}) {
            feed.tick(CPU, v);
        }
        assertThat(events.kinds()).containsExactly("Fired", "Resolved", "Fired", "FlappingStarted", "Resolved");
        MetricId other = MetricId.of("other");
        for (int i = 0; i < 6 && !engine.alerts().isEmpty(); i++) {
            feed.tick(other, 1.0); // the series is gone
        }
        assertThat(engine.alerts()).as("forgotten").isEmpty();
        // the Resolved above was marked flapping, so notification routes held it back: without the
        // stop, a receiver told it fires would be told so for ever
        assertThat(events.kinds()).last().isEqualTo("FlappingStopped");
        AlertEvent stop = events.events.get(events.events.size() - 1);
        assertThat(stop.alert().flapping()).isFalse();
        assertThat(stop.alert().state()).isEqualTo(AlertState.RESOLVED);
        engine.close();
    }

    @Test
    void anAlertThatStartedFiringWhileFlappingIsAnnouncedOnceMarkedFlapping() {
        RecordingListener events = new RecordingListener();
        AlertEngine engine = AlertEngine.builder()
                .synchronousListeners()
                .reports(ReportCapture.none())
                .rule(Rule.threshold("cpu")
                        .metric("system.cpu.usage")
                        .warnAbove(0.5)
                        .critAbove(0.8)
                        .flapDetection())
                .listener(events)
                .build();
        flapFeed = new TickFeed(engine);
        flapFeed.tick(CPU, 0.9); // OK -> CRITICAL: 6.25%
        flapFeed.tick(CPU, 0.6); // -> WARNING: 12.4%
        flapFeed.tick(CPU, 0.1); // -> OK: 18.4%
        flapFeed.tick(CPU, 0.9); // -> CRITICAL: 24.2%, flapping: the Fired is marked flapping
        assertThat(events.kinds()).containsExactly("Fired", "SeverityChanged", "Resolved", "FlappingStarted", "Fired");
        assertThat(events.events.get(4).alert().flapping()).isTrue();
        steadyUntilStopped(events, 0.9);
        assertThat(events.kinds())
                .containsExactly("Fired", "SeverityChanged", "Resolved", "FlappingStarted", "Fired", "FlappingStopped");
    }

    @Test
    void aFirstCheckThatIsCriticalCountsAsAChangeFromTheInitialOkHistory() {
        RecordingListener events = new RecordingListener();
        AlertEngine engine = AlertEngine.builder()
                .synchronousListeners()
                .reports(ReportCapture.none())
                .rule(Rule.threshold("cpu")
                        .metric("system.cpu.usage")
                        .critAbove(0.8)
                        .flapDetection(new dev.vigil.alerts.rule.FlapDetection(1, 6)))
                .listener(events)
                .build();
        TickFeed feed = new TickFeed(engine);
        feed.tick(CPU, 0.9);
        // the 21 zero-initialised OK states then CRITICAL: one change at the newest position
        assertThat(events.of(AlertEvent.FlappingStarted.class))
                .singleElement()
                .satisfies(
                        f -> assertThat(f.percentStateChange()).isCloseTo(bruteForcePercent(List.of(2)), within(1e-9)));
        assertThat(bruteForcePercent(List.of(2))).isCloseTo(6.25, within(1e-12));
    }

    @Property(tries = 200)
    void softStatesUnderForEvaluationsAndUnknownRunsAreRecordedAsFlappingCDoes(
            @ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 3) Integer> results) {
        RecordingListener events = new RecordingListener();
        AlertEngine engine = AlertEngine.builder()
                .synchronousListeners()
                .reports(ReportCapture.none())
                .rule(Rule.threshold("cpu")
                        .metric("system.cpu.usage")
                        .warnAbove(0.5)
                        .critAbove(0.8)
                        .forEvaluations(3)
                        .flapDetection())
                .listener(events)
                .build();
        TickFeed feed = new TickFeed(engine);
        NagiosService nagios = new NagiosService(3);
        boolean flapping = false;
        for (int result : results) {
            events.clear();
            if (result == 3) {
                feed.tickUnknown(CPU);
            } else {
                feed.tick(CPU, result == 2 ? 0.9 : result == 1 ? 0.6 : 0.1);
            }
            if (result == 3) {
                // every UNKNOWN is recorded; a soft run of problems starts over when data returns,
                // a hard (firing) problem stays hard
                nagios.recorded.add(3);
                if (!nagios.hardProblem) {
                    nagios.lastState = 0;
                    nagios.attempt = 1;
                }
            } else if (!nagios.check(result)) {
                assertThat(events.of(AlertEvent.FlappingStarted.class)).isEmpty();
                assertThat(events.of(AlertEvent.FlappingStopped.class)).isEmpty();
                continue;
            }
            double expected = bruteForcePercent(nagios.recorded);
            boolean starts = !flapping && expected >= 20;
            boolean stops = flapping && expected <= 5;
            assertThat(events.of(AlertEvent.FlappingStarted.class))
                    .as("after %s", results)
                    .hasSize(starts ? 1 : 0)
                    .allSatisfy(f -> assertThat(f.percentStateChange()).isCloseTo(expected, within(1e-9)));
            assertThat(events.of(AlertEvent.FlappingStopped.class))
                    .as("after %s", results)
                    .hasSize(stops ? 1 : 0)
                    .allSatisfy(f -> assertThat(f.percentStateChange()).isCloseTo(expected, within(1e-9)));
            flapping = (flapping || starts) && !stops;
        }
    }

    @Test
    void flappingStopsAsSoonAsTheUnknownRunHasFilledTheHistory() {
        RecordingListener events = new RecordingListener();
        AlertEngine engine = AlertEngine.builder()
                .synchronousListeners()
                .reports(ReportCapture.none())
                .rule(Rule.threshold("cpu")
                        .metric("system.cpu.usage")
                        .critAbove(0.8)
                        .flapDetection())
                .listener(events)
                .build();
        TickFeed feed = new TickFeed(engine);
        List<Integer> recorded = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            feed.tick(CPU, i % 2 == 0 ? 0.9 : 0.1);
            recorded.add(i % 2 == 0 ? 2 : 0);
        }
        assertThat(events.kinds()).contains("FlappingStarted");
        int unknowns = 0;
        while (!events.kinds().contains("FlappingStopped") && unknowns < 40) {
            feed.tickUnknown(CPU);
            recorded.add(3);
            unknowns++;
        }
        // flapping.c records each UNKNOWN: the percent falls as the changes age out
        int expected = 0;
        List<Integer> model = new ArrayList<>(recorded.subList(0, 6));
        while (bruteForcePercent(model) > 5) {
            model.add(3);
            expected++;
        }
        assertThat(unknowns).isEqualTo(expected);
    }

    @Test
    void anAlertThatSettlesFiringIsAnnouncedOnceAndNotAgainWhenFlappingStops() {
        RecordingListener events = flapAlternating(0.1, 0.9, 0.1, 0.9, 0.1);
        assertThat(events.kinds()).containsExactly("Fired", "Resolved", "Fired", "FlappingStarted", "Resolved");
        steadyUntilStopped(events, 0.9);
        assertThat(events.kinds())
                .containsExactly(
                        "Fired", "Resolved", "Fired", "FlappingStarted", "Resolved", "Fired", "FlappingStopped");
    }

    @Test
    void theEngineCanTurnFlapDetectionOnForEveryRuleWithoutItsOwn() {
        AlertEngine engine = AlertEngine.builder()
                .flapDetection(new dev.vigil.alerts.rule.FlapDetection(1, 10))
                .rule(Rule.threshold("a").metric("x").warnAbove(1))
                .rule(Rule.threshold("b").metric("x").warnAbove(1).flapDetection())
                .reports(ReportCapture.none())
                .build();
        assertThat(engine.rules())
                .extracting(Rule::flapDetection)
                .containsExactly(
                        new dev.vigil.alerts.rule.FlapDetection(1, 10), dev.vigil.alerts.rule.FlapDetection.DEFAULT);
        engine.close();
    }

    private TickFeed flapFeed;

    private RecordingListener flapAlternating(double... values) {
        RecordingListener events = new RecordingListener();
        AlertEngine engine = AlertEngine.builder()
                .synchronousListeners()
                .reports(ReportCapture.none())
                .rule(Rule.threshold("cpu")
                        .metric("system.cpu.usage")
                        .warnAbove(0.8)
                        .flapDetection())
                .listener(events)
                .build();
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

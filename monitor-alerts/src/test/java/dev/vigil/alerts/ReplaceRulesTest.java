package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.FlapDetection;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.metric.MetricId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link AlertEngine#replaceRules}: the rule set swapped whole, applied at the next evaluation. */
class ReplaceRulesTest {

    static final MetricId CPU = MetricId.of("cpu");

    final RecordingListener events = new RecordingListener();
    final TickFeed feed = new TickFeed();

    AlertEngine engine(Rule... rules) {
        AlertEngine e = AlertEngine.builder()
                .rules(List.of(rules))
                .clock(feed.clock)
                .synchronousListeners()
                .reports(ReportCapture.none())
                .listener(events)
                .build();
        feed.attach(e);
        return e;
    }

    @Test
    void anEqualRuleBuiltAgainKeepsItsAlertAndIsNotNotifiedAgain() {
        Rule high = Rule.threshold("cpu-high").metric("cpu").critAbove(0.9).build();
        try (AlertEngine engine = engine(high)) {
            feed.tick(CPU, 0.95);
            Alert before = engine.activeAlerts().get(0);

            engine.replaceRules(List.of(
                    Rule.threshold("cpu-high").metric("cpu").critAbove(0.9).build()));
            feed.tick(CPU, 0.95);

            assertThat(events.kinds()).containsExactly("Fired");
            assertThat(engine.activeAlerts()).singleElement().satisfies(a -> {
                assertThat(a.fingerprint()).isEqualTo(before.fingerprint());
                assertThat(a.firingSince()).isEqualTo(before.firingSince());
            });
        }
    }

    @Test
    void aRuleNoLongerInTheSetResolvesAtTheNextEvaluation() {
        try (AlertEngine engine =
                engine(Rule.threshold("cpu-high").metric("cpu").critAbove(0.9).build())) {
            feed.tick(CPU, 0.95);

            engine.replaceRules(List.of());
            assertThat(engine.activeAlerts()).hasSize(1); // not before the next evaluation
            assertThat(engine.rules()).isEmpty();
            feed.tick(CPU, 0.95);

            assertThat(events.kinds()).containsExactly("Fired", "Resolved");
            assertThat(engine.alerts()).isEmpty();
            assertThat(engine.stats().alerts()).isZero();
        }
    }

    @Test
    void anInactiveAlertOfARemovedRuleGoesWithoutAnEvent() {
        try (AlertEngine engine =
                engine(Rule.threshold("cpu-high").metric("cpu").critAbove(0.9).build())) {
            feed.tick(CPU, 0.5);

            engine.replaceRules(List.of(
                    Rule.threshold("cpu-low").metric("cpu").warnBelow(0.6).build()));
            feed.tick(CPU, 0.5);

            assertThat(events.events)
                    .extracting(
                            e -> e.getClass().getSimpleName() + " " + e.alert().rule())
                    .containsExactly("Fired cpu-low");
        }
    }

    @Test
    void twoRulesWithOneNameAreRefused() {
        try (AlertEngine engine = engine()) {
            Rule a = Rule.threshold("x").metric("cpu").critAbove(1).build();
            Rule b = Rule.threshold("x").metric("mem").critAbove(1).build();

            assertThatThrownBy(() -> engine.replaceRules(List.of(a, b)))
                    .hasMessage("rule name 'x' is used by two rules; names identify alerts, make them unique");
            assertThat(engine.rules()).isEmpty();
        }
    }

    @Test
    void theEnginesDefaultFlapDetectionAppliesToReplacedRules() {
        try (AlertEngine engine =
                AlertEngine.builder().flapDetection(FlapDetection.DEFAULT).build()) {
            engine.replaceRules(
                    List.of(Rule.threshold("x").metric("cpu").critAbove(1).build()));

            assertThat(engine.rules())
                    .singleElement()
                    .satisfies(r -> assertThat(r.flapDetection()).isEqualTo(FlapDetection.DEFAULT));
        }
    }
}

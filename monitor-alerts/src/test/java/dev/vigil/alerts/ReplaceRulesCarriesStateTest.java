package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.metric.MetricId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplaceRulesCarriesStateTest {

    static final MetricId Q = MetricId.of("queue.depth", "queue", "orders-1");
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

    static Rule silentQueue(String summary) {
        return Rule.threshold("queue-silent")
                .metric("queue.depth")
                .whereMatches("queue", "orders.*")
                .critAbove(1000)
                .absentFor(Duration.ofSeconds(30))
                .annotation("summary", summary)
                .build();
    }

    /** A no-data alert of a non-exact absent rule: editing an annotation resolves it for good. */
    @Test
    void reloadingAnAbsentRuleKeepsItsNoDataAlertFiring() {
        try (AlertEngine engine = engine(silentQueue("queue {{ $labels.queue }} silent"))) {
            feed.tick(Q, 5);
            feed.tick(Q, 5);
            for (int i = 0; i < 5; i++) {
                feed.tick(); // the series stops reporting
            }
            assertThat(events.kinds()).containsExactly("Fired");

            engine.replaceRules(List.of(silentQueue("queue {{ $labels.queue }} has gone silent")));
            for (int i = 0; i < 20; i++) {
                feed.tick(); // still silent: the condition still holds
            }
            assertThat(engine.activeAlerts())
                    .as("no-data alert still firing after reload")
                    .hasSize(1);
        }
    }

    /** An exact absent rule whose annotation changed: Resolved and Fired again in one tick (a second page). */
    @Test
    void reloadingAnExactAbsentRuleDoesNotPageAgain() {
        Rule r1 = Rule.threshold("queue-silent")
                .metric("queue.depth")
                .where("queue", "orders-1")
                .critAbove(1000)
                .absentFor(Duration.ofSeconds(30))
                .annotation("summary", "a")
                .build();
        Rule r2 = r1.toBuilder().annotation("summary", "b").build();
        try (AlertEngine engine = engine(r1)) {
            feed.tick(Q, 5);
            for (int i = 0; i < 5; i++) {
                feed.tick();
            }
            engine.replaceRules(List.of(r2));
            feed.tick();
            assertThat(events.kinds()).containsExactly("Fired");
        }
    }
}

package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.NagiosRange;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.metric.MetricId;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Items of issue 11 where a rule's meaning must equal Prometheus' or Nagios'. */
class RuleSemanticsTest {

    static final MetricId CPU = MetricId.of("system.cpu.usage");
    static final MetricId REQUESTS = MetricId.of("http.requests");

    final RecordingListener events = new RecordingListener();

    AlertEngine lastEngine;

    AlertEngine engine(Rule.Builder rule) {
        lastEngine = AlertEngine.builder()
                .synchronousListeners()
                .reports(ReportCapture.none())
                .listener(events)
                .rule(rule)
                .build();
        return lastEngine;
    }

    @Test
    void keepFiringForOneIntervalBridgesOneMissingSampleAsPrometheusDoes() {
        // keep_firing_for counts from KeepFiringSince, the first evaluation without the condition:
        // at the missing sample it is set (0 s < 10 s: still firing), at the next breach cleared.
        TickFeed feed = new TickFeed(engine(Rule.threshold("cpu-high")
                .metric("system.cpu.usage")
                .critAbove(0.9)
                .keepFiringFor(TickFeed.INTERVAL)));
        feed.tick(CPU, 0.95);
        feed.tick();
        feed.tick(CPU, 0.95);
        assertThat(events.kinds()).containsExactly("Fired");
        feed.tick(CPU, 0.5); // KeepFiringSince = now: still firing
        assertThat(events.kinds()).containsExactly("Fired");
        feed.tick(CPU, 0.5); // 10 s later: resolves
        assertThat(events.kinds()).containsExactly("Fired", "Resolved");
    }

    @Test
    void increaseOverTwoMinutesOfACounterGrowingSixtyAMinuteReaches120AndFires() {
        // increase(http_requests[2m]) > 100, the counter rising 10 every 10 s. Prometheus'
        // extrapolatedRate with n samples 10 s apart in the 120 s window: raw 10 (n - 1) over
        // 10 (n - 1) s; the start gap 120 - 10 (n - 1) s is >= 1.1 x 10 s until n = 12, so 5 s is
        // added: n = 10 gives 90 x 95 / 90 = 95 (fine), n = 11 gives 100 x 105 / 100 = 105 (fires);
        // with 12 samples the gap is 10 s and the value 110 x 120 / 110 = 120.
        TickFeed feed = new TickFeed(engine(Rule.threshold("request-burst")
                .metric("http.requests")
                .increase(Duration.ofMinutes(2))
                .critAbove(100)));
        double counter = 500;
        for (int i = 0; i < 10; i++) {
            feed.tick(REQUESTS, counter += 10);
        }
        assertThat(events.events).isEmpty();
        feed.tick(REQUESTS, counter += 10);
        assertThat(events.kinds()).containsExactly("Fired");
        assertThat(events.events.get(0).alert().value()).isCloseTo(105.0, within(1e-9));
        feed.tick(REQUESTS, counter += 10);
        assertThat(activeValue()).isCloseTo(120.0, within(1e-9));
    }

    private double activeValue() {
        return lastEngine.activeAlerts().get(0).value();
    }

    @Test
    void aValueOnTheFineSideOfTheClearLevelClearsWhicheverWayTheLevelIsSpelt() {
        for (boolean spelledAbove : new boolean[] {true, false}) {
            events.clear();
            Rule.Builder rule =
                    Rule.threshold("load").metric("system.cpu.usage").warnAbove(0.9);
            TickFeed feed = new TickFeed(engine(spelledAbove ? rule.clearAbove(0.5) : rule.clearBelow(0.5)));
            feed.tick(CPU, 0.95);
            feed.tick(CPU, 0.7); // between the levels: hysteresis holds it
            assertThat(events.kinds()).containsExactly("Fired");
            feed.tick(CPU, 0.3);
            assertThat(events.kinds())
                    .as("clear%s(0.5)", spelledAbove ? "Above" : "Below")
                    .containsExactly("Fired", "Resolved");
        }
    }

    @Test
    void aClearLevelOfARuleOnLowValuesClearsAboveIt() {
        TickFeed feed = new TickFeed(engine(
                Rule.threshold("free").metric("system.cpu.usage").warnBelow(0.1).clearBelow(0.3)));
        feed.tick(CPU, 0.05);
        feed.tick(CPU, 0.2);
        assertThat(events.kinds()).containsExactly("Fired");
        feed.tick(CPU, 0.35);
        assertThat(events.kinds()).containsExactly("Fired", "Resolved");
    }

    @Test
    void aNagiosRangeWithTrailingPercentSignsIsReadAsMonitoringPluginsReadsIt() {
        // monitoring-plugins' own test: "1:12%%" is the range 1..12
        assertThat(NagiosRange.parse("1:12%%")).isEqualTo(new NagiosRange(1, 12, false));
        assertThat(NagiosRange.parse("80%")).isEqualTo(new NagiosRange(0, 80, false));
        assertThat(Rule.threshold("x").metric("x").warn("~:90%").build().warning())
                .isEqualTo(new NagiosRange(Double.NEGATIVE_INFINITY, 90, false));
    }

    @Test
    void contradictoryThresholdsAreRefusedNamingTheRuleAndTheValues() {
        assertThatThrownBy(() -> Rule.threshold("mem")
                        .metric("m")
                        .warnAbove(0.95)
                        .critAbove(0.90)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'mem'")
                .hasMessageContaining("0.95")
                .hasMessageContaining("0.9");
        assertThatThrownBy(() -> Rule.threshold("free")
                        .metric("m")
                        .warnBelow(0.10)
                        .critBelow(0.20)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'free'")
                .hasMessageContaining("0.1")
                .hasMessageContaining("0.2");
        assertThatThrownBy(
                        () -> Rule.threshold("band").metric("m").warnAbove(10).warnBelow(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'band'")
                .hasMessageContaining("warning")
                .hasMessageContaining("> 10")
                .hasMessageContaining("< 1");
        assertThatThrownBy(() -> Rule.threshold("hyst")
                        .metric("m")
                        .warnAbove(0.90)
                        .clearBelow(0.95)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'hyst'")
                .hasMessageContaining("clear level 0.95")
                .hasMessageContaining("0.9");
        assertThatThrownBy(() -> Rule.threshold("key").metric("m").where("my key", "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'key'")
                .hasMessageContaining("'my key'");
    }

    @Test
    void aVariantMayReplaceTheConditionsItInherits() {
        Rule base =
                Rule.threshold("cpu").metric("m").warnAbove(0.8).critAbove(0.9).build();
        Rule stricter = base.toBuilder().warnAbove(0.6).build();
        assertThat(stricter.warning().threshold()).isEqualTo(0.6);
    }
}

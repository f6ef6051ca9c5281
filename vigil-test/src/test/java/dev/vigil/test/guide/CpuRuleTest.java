package dev.vigil.test.guide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.metric.MetricId;
import dev.vigil.test.TickFeed;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CpuRuleTest {

    static final MetricId CPU = MetricId.of("system.cpu.usage");

    final TickFeed feed = TickFeed.create();
    final AlertEngine engine = AlertEngine.builder()
            .clock(feed.clock())
            .synchronousListeners()
            .reports(ReportCapture.none())
            .rule(Rule.threshold("cpu-busy")
                    .metric("system.cpu.usage")
                    .critAbove(0.9)
                    .keepFiringFor(Duration.ofSeconds(30)))
            .build();

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void keepsFiringThroughAShortDip() {
        feed.attach(engine);

        feed.tick(CPU, 0.95);
        feed.tick(CPU, 0.50); // 10 s later, below the threshold

        assertThat(engine.activeAlerts())
                .singleElement()
                .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.FIRING));
    }

    @Test
    void goesUnknownWhenTheSourceCannotReadTheSeries() {
        feed.attach(engine);

        feed.tick(CPU, 0.95);
        feed.tickUnknown(CPU);

        assertThat(engine.activeAlerts())
                .singleElement()
                .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.UNKNOWN));
    }
}

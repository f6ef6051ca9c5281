package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.metric.MetricId;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 11, items 10 and 11: alerts refuse nulls where made; acknowledge says why it did nothing. */
class AlertValidationTest {

    static final MetricId CPU = MetricId.of("system.cpu.usage");

    private static Alert alert(Map<String, String> labels, Map<String, String> annotations) {
        return Alert.builder("r", "fp")
                .labels(labels)
                .annotations(annotations)
                .value(1)
                .build();
    }

    @Test
    void anAlertRefusesANullLabelOrAnnotationValueNamingIt() {
        Map<String, String> labels = new HashMap<>();
        labels.put("team", null);
        assertThatThrownBy(() -> alert(labels, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labels")
                .hasMessageContaining("'r'")
                .hasMessageContaining("team=null");
        Map<String, String> annotations = new HashMap<>();
        annotations.put(null, "x");
        assertThatThrownBy(() -> alert(Map.of(), annotations))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("annotations")
                .hasMessageContaining("null=x");
        assertThatThrownBy(() -> alert(null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labels");
    }

    @Test
    void acknowledgingAnAlertThatIsNotFiringSaysWhy() {
        AlertEngine engine = AlertEngine.builder()
                .synchronousListeners()
                .reports(ReportCapture.none())
                .rule(Rule.threshold("cpu")
                        .metric("system.cpu.usage")
                        .warnAbove(0.8)
                        .forDuration(Duration.ofSeconds(20)))
                .build();
        TickFeed feed = new TickFeed(engine);
        feed.tick(CPU, 0.9);
        String fp = engine.alerts().get(0).fingerprint();
        assertThat(engine.tryAcknowledge(fp, "bob", "early"))
                .isInstanceOfSatisfying(
                        AcknowledgeOutcome.NotFiring.class,
                        n -> assertThat(n.alert().state()).isEqualTo(AlertState.PENDING));
        assertThat(engine.acknowledge(fp, "bob", "early")).isNull();
        assertThat(engine.tryAcknowledge("0000", "bob", "x")).isEqualTo(new AcknowledgeOutcome.NotFound("0000"));
        feed.tick(CPU, 0.9);
        feed.tick(CPU, 0.9);
        assertThat(engine.tryAcknowledge(fp, "bob", "on it"))
                .isInstanceOfSatisfying(
                        AcknowledgeOutcome.Acknowledged.class,
                        a -> assertThat(a.alert().acknowledgement().by()).isEqualTo("bob"));
        engine.close();
        assertThat(engine.tryAcknowledge(fp, "bob", "x")).isEqualTo(new AcknowledgeOutcome.EngineClosed());
    }
}

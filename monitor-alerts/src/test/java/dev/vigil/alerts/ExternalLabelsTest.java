package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alerts.label.LabelMatcher;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.alerts.silence.Silence;
import dev.vigil.core.metric.MetricId;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExternalLabelsTest {

    private static final MetricId ROOT = MetricId.of("disk.usage", "mount", "/");

    private final RecordingListener events = new RecordingListener();

    private AlertEngine engine(AlertEngine.Builder b, Rule.Builder rule) {
        return b.synchronousListeners()
                .reports(ReportCapture.none())
                .listener(events)
                .rule(rule)
                .build();
    }

    private static Rule.Builder diskFull() {
        return Rule.threshold("disk-full").metric("disk.usage").warnAbove(0.9);
    }

    @Test
    void everyAlertCarriesTheExternalLabels() {
        AlertEngine engine =
                engine(AlertEngine.builder().externalLabels(Map.of("instance", "web-1", "env", "prod")), diskFull());
        new TickFeed(engine).tick(ROOT, 0.95);

        assertThat(events.of(AlertEvent.Fired.class))
                .singleElement()
                .satisfies(e -> assertThat(e.alert().labels())
                        .containsEntry("instance", "web-1")
                        .containsEntry("env", "prod")
                        .containsEntry("mount", "/"));
        assertThat(engine.activeAlerts())
                .singleElement()
                .satisfies(a -> assertThat(a.labels()).containsEntry("instance", "web-1"));
    }

    @Test
    void byDefaultTheInstanceLabelIsTheHostName() {
        AlertEngine engine = engine(AlertEngine.builder(), diskFull());
        new TickFeed(engine).tick(ROOT, 0.95);

        String host = ExternalLabels.HostName.find();
        assertThat(host).isNotBlank();
        assertThat(events.of(AlertEvent.Fired.class))
                .singleElement()
                .satisfies(e -> assertThat(e.alert().labels()).containsEntry("instance", host));
    }

    @Test
    void anAlertsOwnLabelIsNeverOverridden() {
        AlertEngine engine = engine(
                AlertEngine.builder()
                        .externalLabels(ExternalLabels.hostInstance()
                                .with("instance", "web-1")
                                .with("team", "platform")),
                diskFull().label("team", "storage"));
        TickFeed feed = new TickFeed(engine);
        feed.tick(MetricId.of("disk.usage", "mount", "/", "instance", "db-7"), 0.95);

        assertThat(events.of(AlertEvent.Fired.class))
                .singleElement()
                .satisfies(e -> assertThat(e.alert().labels())
                        .containsEntry("instance", "db-7")
                        .containsEntry("team", "storage"));
    }

    @Test
    void noExternalLabelsAddsNothing() {
        AlertEngine engine = engine(AlertEngine.builder().externalLabels(ExternalLabels.none()), diskFull());
        new TickFeed(engine).tick(ROOT, 0.95);

        assertThat(events.of(AlertEvent.Fired.class))
                .singleElement()
                .satisfies(e -> assertThat(e.alert().labels()).doesNotContainKey("instance"));
    }

    @Test
    void theFingerprintIsTheSameOnEveryInstance() {
        RecordingListener other = new RecordingListener();
        AlertEngine web1 = engine(AlertEngine.builder().externalLabels(Map.of("instance", "web-1")), diskFull());
        AlertEngine web2 = AlertEngine.builder()
                .synchronousListeners()
                .reports(ReportCapture.none())
                .listener(other)
                .externalLabels(Map.of("instance", "web-2"))
                .rule(diskFull())
                .build();
        new TickFeed(web1).tick(ROOT, 0.95);
        new TickFeed(web2).tick(ROOT, 0.95);

        Alert a = events.of(AlertEvent.Fired.class).get(0).alert();
        Alert b = other.of(AlertEvent.Fired.class).get(0).alert();
        assertThat(a.labels()).isNotEqualTo(b.labels());
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
    }

    @Test
    void silencesMatchTheExternalLabels() {
        TickFeed feed = new TickFeed();
        AlertEngine engine =
                engine(AlertEngine.builder().clock(feed.clock).externalLabels(Map.of("instance", "web-1")), diskFull());
        feed.attach(engine);
        engine.silence(Silence.matching(LabelMatcher.equal("instance", "web-1"))
                .from(feed.clock.now())
                .lasting(Duration.ofHours(1))
                .by("ops")
                .build());
        feed.tick(ROOT, 0.95);

        assertThat(events.of(AlertEvent.Fired.class))
                .singleElement()
                .satisfies(e -> assertThat(e.alert().silenced()).isTrue());
    }

    @Test
    void invalidNamesAndEmptyValuesFailWithTheBadValue() {
        assertThatThrownBy(() -> AlertEngine.builder().externalLabels(Map.of("host.name", "web-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("externalLabels")
                .hasMessageContaining("'host.name'");
        assertThatThrownBy(() -> ExternalLabels.hostInstance().with("env", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'env'");
    }
}

package dev.vigil.alerts.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertEvent;
import dev.vigil.alerts.TickFeed;
import dev.vigil.alerts.label.LabelMatcher;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.Subscription;
import dev.vigil.core.metric.MetricId;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Silences, acknowledgements, maintenance windows and inhibition. */
class MutingTest {

    static final MetricId CPU = MetricId.of("system.cpu.usage");
    static final MetricId ROOT = MetricId.of("disk.usage", "mount", "/");
    static final MetricId VAR = MetricId.of("disk.usage", "mount", "/var");

    final TickFeed feed = new TickFeed();
    final List<AlertEvent> events = new java.util.ArrayList<>();

    AlertEngine engine(AlertEngine.Builder b) {
        AlertEngine e = b.synchronousListeners()
                .reports(ReportCapture.none())
                .clock(feed.clock)
                .listener(events::add)
                .build();
        feed.attach(e);
        return e;
    }

    static AlertEngine.Builder diskRules() {
        return AlertEngine.builder()
                .rule(Rule.threshold("disk-filling").metric("disk.usage").warnAbove(0.8))
                .rule(Rule.threshold("disk-full").metric("disk.usage").critAbove(0.95));
    }

    List<String> kinds() {
        return events.stream()
                .map(e -> e.getClass().getSimpleName() + ":" + e.alert().name())
                .toList();
    }

    @Test
    void aSilenceMutesMatchingAlertsWhichStillChangeState() {
        AlertEngine engine = engine(diskRules());
        engine.silence(Silence.matching(LabelMatcher.equal("mount", "/var"))
                .from(feed.clock.now())
                .lasting(Duration.ofMinutes(1))
                .by("alice")
                .comment("resizing")
                .build());
        feed.tick(ROOT, 0.9, VAR, 0.9);
        assertThat(events)
                .extracting(e -> e.alert().labels().get("mount"), e -> e.alert().silenced())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("/", false),
                        org.assertj.core.groups.Tuple.tuple("/var", true));
    }

    @Test
    void aSilenceExpiresByItselfWithAnUnsilencedEvent() {
        AlertEngine engine = engine(diskRules());
        feed.tick(VAR, 0.9);
        String id = engine.silence(Silence.matching(LabelMatcher.equal("alertname", "disk-filling"))
                .from(feed.clock.now())
                .lasting(Duration.ofSeconds(25))
                .by("alice")
                .build());
        assertThat(kinds()).containsExactly("Fired:disk-filling", "Silenced:disk-filling");
        assertThat(engine.silences()).containsOnlyKeys(id);
        feed.tick(VAR, 0.9);
        feed.tick(VAR, 0.9);
        assertThat(kinds()).hasSize(2);
        feed.tick(VAR, 0.9); // 30 s later: expired
        assertThat(kinds()).containsExactly("Fired:disk-filling", "Silenced:disk-filling", "Unsilenced:disk-filling");
        assertThat(events.get(2).alert().silenced()).isFalse();
        assertThat(engine.silences()).isEmpty();
    }

    @Test
    void aSilenceCanBeExpiredEarlyAndOnlyOnce() {
        AlertEngine engine = engine(diskRules());
        String id = engine.silence(Silence.matching(LabelMatcher.regex("alertname", "disk-.*"))
                .from(feed.clock.now())
                .lasting(Duration.ofHours(1))
                .by("bob")
                .build());
        feed.tick(VAR, 0.9);
        assertThat(events.get(0).alert().silenced()).isTrue();
        assertThat(engine.expireSilence(id)).isTrue();
        assertThat(engine.expireSilence(id)).isFalse();
        assertThat(kinds()).containsExactly("Fired:disk-filling", "Unsilenced:disk-filling");
    }

    @Test
    void aFutureSilenceStartsAtItsStart() {
        AlertEngine engine = engine(diskRules());
        engine.silence(Silence.matching(LabelMatcher.equal("mount", "/var"))
                .from(feed.clock.now().plusSeconds(15))
                .lasting(Duration.ofHours(1))
                .by("bob")
                .build());
        feed.tick(VAR, 0.9);
        feed.tick(VAR, 0.9);
        assertThat(kinds()).containsExactly("Fired:disk-filling", "Silenced:disk-filling");
    }

    @Test
    void silencesAreValidated() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThatThrownBy(() -> Silence.matching()
                        .from(now)
                        .lasting(Duration.ofHours(1))
                        .by("a")
                        .build())
                .hasMessageContaining("matchers must not be empty");
        assertThatThrownBy(() -> Silence.matching(LabelMatcher.equal("a", "b"))
                        .from(now)
                        .until(now)
                        .by("a")
                        .build())
                .hasMessageContaining("must be after");
        assertThatThrownBy(() -> Silence.matching(LabelMatcher.equal("a", "b"))
                        .from(now)
                        .lasting(Duration.ofHours(1))
                        .build())
                .hasMessageContaining("createdBy");
    }

    @Test
    void anAcknowledgementHoldsUntilTheSeverityChangesOrTheAlertResolves() {
        AlertEngine engine = engine(AlertEngine.builder()
                .rule(Rule.threshold("cpu")
                        .metric("system.cpu.usage")
                        .warnAbove(0.8)
                        .critAbove(0.95)));
        feed.tick(CPU, 0.9);
        String fp = events.get(0).alert().fingerprint();
        Alert acked = engine.acknowledge(fp, "carol", "looking");
        assertThat(acked.acknowledged()).isTrue();
        assertThat(acked.acknowledgement().by()).isEqualTo("carol");
        assertThat(acked.acknowledgement().at()).isEqualTo(feed.clock.now());
        assertThat(events.get(1)).isInstanceOf(AlertEvent.Acknowledged.class);
        feed.tick(CPU, 0.9);
        assertThat(engine.activeAlerts().get(0).acknowledged()).isTrue();
        feed.tick(CPU, 0.99);
        AlertEvent.SeverityChanged changed = (AlertEvent.SeverityChanged) events.get(2);
        assertThat(changed.alert().acknowledged()).isFalse();
        engine.acknowledge(fp, "carol", "still looking");
        feed.tick(CPU, 0.1);
        assertThat(events.get(4)).isInstanceOf(AlertEvent.Resolved.class);
        assertThat(events.get(4).alert().acknowledged()).isFalse();
        assertThat(engine.acknowledge(fp, "carol", "late")).isNull();
        assertThat(engine.acknowledge("nope", "carol", "x")).isNull();
        assertThatThrownBy(() -> engine.acknowledge(fp, " ", "x")).hasMessageContaining("'by'");
    }

    @Test
    void aOneOffMaintenanceWindowMutesMatchingAlertsWhileOpen() {
        Instant start = feed.clock.now().plusSeconds(15);
        engine(diskRules()
                .maintenanceWindow(
                        MaintenanceWindow.once(start, start.plusSeconds(20), LabelMatcher.equal("mount", "/"))));
        feed.tick(ROOT, 0.9, VAR, 0.9); // t+10
        feed.tick(ROOT, 0.9, VAR, 0.9); // t+20: open
        feed.tick(ROOT, 0.9, VAR, 0.9); // t+30: open
        feed.tick(ROOT, 0.9, VAR, 0.9); // t+40: closed
        assertThat(events)
                .filteredOn(e -> !(e instanceof AlertEvent.Fired))
                .extracting(e ->
                        e.getClass().getSimpleName() + ":" + e.alert().labels().get("mount"))
                .containsExactly("Silenced:/", "Unsilenced:/");
    }

    @Test
    void aRecurringWindowOpensOnItsDaysAtItsLocalTime() {
        // 2026-01-01 is a Thursday; 01:00 in Paris is 00:00 UTC.
        MaintenanceWindow w = MaintenanceWindow.weekly(
                EnumSet.of(DayOfWeek.THURSDAY), LocalTime.of(1, 0), Duration.ofHours(2), ZoneId.of("Europe/Paris"));
        assertThat(w.activeAt(Instant.parse("2025-12-31T23:59:59Z").toEpochMilli()))
                .isFalse();
        assertThat(w.activeAt(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli()))
                .isTrue();
        assertThat(w.activeAt(Instant.parse("2026-01-01T01:59:59Z").toEpochMilli()))
                .isTrue();
        assertThat(w.activeAt(Instant.parse("2026-01-01T02:00:00Z").toEpochMilli()))
                .isFalse();
        assertThat(w.activeAt(Instant.parse("2026-01-08T00:30:00Z").toEpochMilli()))
                .isTrue();
        assertThat(w.activeAt(Instant.parse("2026-01-02T00:30:00Z").toEpochMilli()))
                .isFalse();
        // In summer Paris is UTC+2: 01:00 local is 23:00 UTC the day before.
        assertThat(w.activeAt(Instant.parse("2026-07-01T23:30:00Z").toEpochMilli()))
                .isTrue();
    }

    @Test
    void aRecurringWindowSpanningMidnightStaysOpenIntoTheNextDay() {
        MaintenanceWindow w = MaintenanceWindow.weekly(
                EnumSet.of(DayOfWeek.SUNDAY), LocalTime.of(23, 0), Duration.ofHours(3), ZoneId.of("UTC"));
        assertThat(w.activeAt(Instant.parse("2026-01-05T01:00:00Z").toEpochMilli()))
                .isTrue(); // Monday 01:00
        assertThat(w.activeAt(Instant.parse("2026-01-05T02:00:00Z").toEpochMilli()))
                .isFalse();
    }

    @Test
    void aWindowAddedAtRuntimeAppliesAtOnceAndCanBeRemoved() {
        AlertEngine engine = engine(diskRules());
        feed.tick(VAR, 0.9);
        Subscription window = engine.addMaintenanceWindow(
                MaintenanceWindow.daily(LocalTime.MIDNIGHT, Duration.ofHours(1), ZoneId.of("UTC")));
        assertThat(engine.activeAlerts().get(0).silenced()).isTrue();
        window.close();
        assertThat(engine.activeAlerts().get(0).silenced()).isFalse();
        assertThat(kinds()).containsExactly("Fired:disk-filling", "Silenced:disk-filling", "Unsilenced:disk-filling");
    }

    @Test
    void aFiringCriticalInhibitsTheWarningOfTheSameSeriesByDefault() {
        AlertEngine engine = engine(diskRules());
        feed.tick(ROOT, 0.9, VAR, 0.97);
        List<Alert> active = engine.activeAlerts();
        assertThat(active)
                .extracting(a -> a.name() + a.labels().get("mount") + ":" + a.inhibited())
                .containsExactlyInAnyOrder("disk-filling/:false", "disk-filling/var:true", "disk-full/var:false");
        feed.tick(ROOT, 0.9, VAR, 0.9); // the critical resolves: the warning is no longer inhibited
        assertThat(engine.activeAlerts())
                .extracting(a -> a.name() + a.labels().get("mount") + ":" + a.inhibited())
                .containsExactlyInAnyOrder("disk-filling/:false", "disk-filling/var:false");
        assertThat(kinds()).contains("Unsilenced:disk-filling");
    }

    @Test
    void theDefaultInhibitionCanBeRemovedAndCustomRulesAdded() {
        AlertEngine engine = engine(diskRules()
                .noDefaultInhibition()
                .rule(Rule.threshold("cpu").metric("system.cpu.usage").warnAbove(0.8))
                .inhibit(new InhibitRule(
                        List.of(LabelMatcher.equal("alertname", "disk-full")),
                        List.of(LabelMatcher.equal("alertname", "cpu")),
                        List.of())));
        feed.tick(VAR, 0.97, CPU, 0.9);
        assertThat(engine.activeAlerts())
                .extracting(a -> a.name() + ":" + a.inhibited())
                .containsExactlyInAnyOrder("disk-filling:false", "disk-full:false", "cpu:true");
    }

    @Test
    void inhibitionComparesEqualLabels() {
        InhibitRule r = InhibitRule.CRITICAL_INHIBITS_WARNING_OF_SAME_SERIES;
        assertThat(r.inhibits(
                        java.util.Map.of("severity", "critical", "series", "a"),
                        java.util.Map.of("severity", "warning", "series", "a")))
                .isTrue();
        assertThat(r.inhibits(
                        java.util.Map.of("severity", "critical", "series", "a"),
                        java.util.Map.of("severity", "warning", "series", "b")))
                .isFalse();
        assertThat(r.inhibits(
                        java.util.Map.of("severity", "warning", "series", "a"),
                        java.util.Map.of("severity", "warning", "series", "a")))
                .isFalse();
    }
}

package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.label.LabelMatcher;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.alerts.silence.InhibitRule;
import dev.vigil.core.metric.MetricId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Inhibition as Alertmanager's (inhibit/inhibit.go): two alerts matching both sides of a rule never
 * mute each other, and a source that went UNKNOWN while firing still counts as firing. Both were
 * missed pages before they were fixed.
 */
class InhibitionAsAlertmanagerTest {

    static final MetricId PRIMARY_UP = MetricId.of("db.primary.up");
    static final MetricId REPLICA_LAG = MetricId.of("db.replica.lag");

    static final MetricId HOST_UP = MetricId.of("probe.up", "host", "db1");
    static final MetricId DB1_DISK = MetricId.of("disk.usage", "host", "db1");

    final TickFeed feed = new TickFeed();
    final List<AlertEvent> events = new java.util.ArrayList<>();

    /**
     * Expected: neither alert is inhibited. Both match the source side (severity=critical) and the
     * target side (team=db) of the inhibit rule. Alertmanager (inhibit/inhibit.go, Mutes and
     * hasEqual with excludeTwoSidedMatch) disregards, for a target that also matches the source
     * side, every source alert that also matches the target side: alerts matching both sides never
     * inhibit one another. docs/alerts.md "Mutes" and InhibitRule's Javadoc promise Alertmanager's
     * inhibition; otherwise two critical db alerts would mute each other and nobody be paged.
     */
    @Test
    void twoAlertsThatMatchBothSidesOfAnInhibitRuleDoNotMuteEachOther() {
        AlertEngine engine = AlertEngine.builder()
                .synchronousListeners()
                .reports(ReportCapture.none())
                .clock(feed.clock)
                .rule(Rule.threshold("db-primary-down")
                        .metric("db.primary.up")
                        .critBelow(1)
                        .label("team", "db")
                        .label("cluster", "main"))
                .rule(Rule.threshold("db-replica-lagging")
                        .metric("db.replica.lag")
                        .critAbove(10)
                        .label("team", "db")
                        .label("cluster", "main"))
                .inhibit(new InhibitRule(
                        List.of(LabelMatcher.equal("severity", "critical")),
                        List.of(LabelMatcher.equal("team", "db")),
                        List.of("cluster")))
                .build();
        feed.attach(engine);

        feed.tick(PRIMARY_UP, 0, REPLICA_LAG, 60);
        feed.tick(PRIMARY_UP, 0, REPLICA_LAG, 60);

        assertThat(engine.activeAlerts())
                .as("alerts matching both sides of an inhibit rule must not inhibit each other"
                        + " (Alertmanager's excludeTwoSidedMatch): otherwise both critical pages are lost")
                .extracting(a -> a.name() + ":" + a.state() + ":inhibited=" + a.inhibited())
                .containsExactlyInAnyOrder(
                        "db-primary-down:FIRING:inhibited=false", "db-replica-lagging:FIRING:inhibited=false");
        engine.close();
    }

    /**
     * Expected: while host-down, which fired, is UNKNOWN (its probe source failed), it still counts
     * as firing and keeps inhibiting disk-full on the same host: no Unsilenced event, disk-full stays
     * inhibited. docs/alerts.md "Missing data": "a firing alert that goes UNKNOWN still counts as
     * firing for notifiers and is not resolved by the missing data"; "Mutes": inhibition "as in
     * Alertmanager", and Alertmanager keeps host-down active (Vigil's own state sync keeps re-sending
     * it while UNKNOWN, docs/notify.md "UNKNOWN"), so there the disk alert stays inhibited.
     */
    @Test
    void aFiringSourceThatGoesUnknownKeepsInhibitingItsTargets() {
        AlertEngine engine = AlertEngine.builder()
                .synchronousListeners()
                .reports(ReportCapture.none())
                .clock(feed.clock)
                .listener(events::add)
                .rule(Rule.threshold("host-down").metric("probe.up").critBelow(1))
                .rule(Rule.threshold("disk-full").metric("disk.usage").warnAbove(0.9))
                .inhibit(new InhibitRule(
                        List.of(LabelMatcher.equal("alertname", "host-down")),
                        List.of(LabelMatcher.equal("alertname", "disk-full")),
                        List.of("host")))
                .build();
        feed.attach(engine);

        feed.tick(HOST_UP, 0, DB1_DISK, 0.95);
        assertThat(engine.activeAlerts())
                .extracting(a -> a.name() + ":" + a.state() + ":inhibited=" + a.inhibited())
                .containsExactlyInAnyOrder("host-down:FIRING:inhibited=false", "disk-full:FIRING:inhibited=true");
        events.clear();

        feed.tick(Map.of(DB1_DISK, 0.95), Set.of(HOST_UP)); // the probe source fails; the disk still reads full

        assertThat(events)
                .as("no Unsilenced (a page) for disk-full while its inhibiting alert still counts as firing")
                .extracting(e -> e.getClass().getSimpleName() + ":" + e.alert().name())
                .doesNotContain("Unsilenced:disk-full");
        assertThat(engine.activeAlerts())
                .as("a firing host-down that went UNKNOWN still counts as firing: disk-full must stay inhibited")
                .extracting(a -> a.name() + ":" + a.state() + ":inhibited=" + a.inhibited())
                .containsExactlyInAnyOrder("host-down:UNKNOWN:inhibited=false", "disk-full:FIRING:inhibited=true");
        engine.close();
    }
}

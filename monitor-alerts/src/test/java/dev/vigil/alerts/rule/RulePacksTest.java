package dev.vigil.alerts.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.TickFeed;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.core.Monitor;
import dev.vigil.core.host.HostMetrics;
import dev.vigil.core.host.ProcessMetrics;
import dev.vigil.core.jvm.JvmMetrics;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.time.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RulePacksTest {

    private static List<Rule> everyPack() {
        List<Rule> rules = new ArrayList<>(RulePacks.all());
        rules.addAll(RulePacks.probes());
        rules.addAll(RulePacks.container());
        return rules;
    }

    @Test
    void everyPackRuns() {
        assertThat(RulePacks.all())
                .extracting(Rule::name)
                .doesNotHaveDuplicates()
                .hasSize(12);
        assertThat(everyPack()).extracting(Rule::name).doesNotHaveDuplicates().hasSize(18);
        assertThat(everyPack()).allSatisfy(r -> assertThat(r.annotations()).containsKey("summary"));
    }

    @Test
    void theDefaultPacksLeaveOutTheProbeAndContainerRules() {
        assertThat(RulePacks.all())
                .extracting(Rule::metric)
                .noneMatch(m -> m.startsWith("probe.") || m.startsWith("container."));
    }

    /** Runs all packs against the real host, process and JVM sources of this machine. */
    @Test
    void thePacksRunAgainstRealValuesForAFewTicksWithoutErrors() {
        ManualClock clock = ManualClock.create();
        AlertEngine engine = AlertEngine.builder()
                .clock(clock)
                .synchronousListeners()
                .reports(ReportCapture.none())
                .rules(RulePacks.all())
                .build();
        try (HostMetrics host = HostMetrics.create();
                Monitor monitor = Monitor.builder()
                        .clock(clock)
                        .every(Duration.ofSeconds(10))
                        .source(host)
                        .source(ProcessMetrics.create())
                        .source(JvmMetrics.create())
                        .listener(engine)
                        .build()) {
            for (int i = 0; i < 5; i++) {
                monitor.tickNow();
                clock.advance(Duration.ofSeconds(10));
            }
            assertThat(monitor.stats().listenerFailures()).isZero();
            assertThat(monitor.stats().sourceFailures()).isZero();
            List<Alert> unknown = engine.alerts().stream()
                    .filter(a -> a.state() == AlertState.UNKNOWN)
                    .toList();
            assertThat(unknown).isEmpty();
            assertThat(engine.alerts())
                    .extracting(Alert::name)
                    .contains(
                            "memory-high",
                            "threads-deadlocked",
                            "heap-after-gc-high",
                            "disk-filling",
                            "cpu-steal-high");
        }
    }

    /** Ticks hand-made values through the packs, one tick per 10 s. */
    static final class Feed {
        final AlertEngine engine;
        final TickFeed ticks;

        Feed() {
            this(RulePacks.all());
        }

        Feed(List<Rule> rules) {
            ticks = new TickFeed();
            engine = AlertEngine.builder()
                    .clock(ticks.clock)
                    .synchronousListeners()
                    .reports(ReportCapture.none())
                    .rules(rules)
                    .build();
            ticks.attach(engine);
        }

        void ticks(Duration duration, Map<MetricId, Double> values) {
            for (long t = 0; t < duration.toMillis(); t += TickFeed.INTERVAL.toMillis()) {
                ticks.tick(values, Set.of());
            }
        }

        Map<String, Severity> firing() {
            Map<String, Severity> out = new java.util.TreeMap<>();
            for (Alert a : engine.activeAlerts()) {
                if (a.state() == AlertState.FIRING) {
                    out.put(a.name(), a.severity());
                }
            }
            return out;
        }
    }

    @Test
    void hostRulesFireOnTheirDocumentedConditions() {
        Feed feed = new Feed();
        Map<MetricId, Double> values = Map.of(
                MetricId.of(RulePacks.DISK_USAGE, "mount", "/"), 0.97,
                MetricId.of(RulePacks.MEMORY_USAGE), 0.92,
                MetricId.of(RulePacks.SWAP_USAGE), 0.1,
                MetricId.of(RulePacks.LOAD_1M), 8.0,
                MetricId.of(RulePacks.CPU_COUNT), 2.0,
                MetricId.of(RulePacks.CPU_MODE_USAGE, "mode", "steal"), 0.3,
                MetricId.of(RulePacks.CPU_MODE_USAGE, "mode", "user"), 0.9);
        feed.ticks(Duration.ofMinutes(4), values);
        assertThat(feed.firing()).isEmpty();
        feed.ticks(Duration.ofMinutes(7), values);
        assertThat(feed.firing())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "disk-filling", Severity.CRITICAL,
                        "memory-high", Severity.WARNING,
                        "load-per-core-high", Severity.CRITICAL,
                        "cpu-steal-high", Severity.CRITICAL));
        assertThat(feed.engine.activeAlerts())
                .filteredOn(a -> a.name().equals("cpu-steal-high"))
                .singleElement()
                .satisfies(a -> assertThat(a.labels()).containsEntry("mode", "steal"));
    }

    @Test
    void diskFillingClearsOnlyBelowItsClearLevel() {
        Feed feed = new Feed();
        MetricId root = MetricId.of(RulePacks.DISK_USAGE, "mount", "/");
        feed.ticks(Duration.ofMinutes(6), Map.of(root, 0.92));
        assertThat(feed.firing()).containsEntry("disk-filling", Severity.WARNING);
        feed.ticks(Duration.ofMinutes(1), Map.of(root, 0.89));
        assertThat(feed.firing()).containsEntry("disk-filling", Severity.WARNING);
        feed.ticks(Duration.ofSeconds(10), Map.of(root, 0.87));
        assertThat(feed.firing()).doesNotContainKey("disk-filling");
    }

    @Test
    void jvmAndProcessRulesFireOnTheirDocumentedConditions() {
        Feed feed = new Feed();
        feed.ticks(Duration.ofSeconds(10), Map.of(MetricId.of(RulePacks.THREADS_DEADLOCKED), 2.0));
        assertThat(feed.firing()).containsExactlyEntriesOf(Map.of("threads-deadlocked", Severity.CRITICAL));
        feed.ticks(
                Duration.ofMinutes(6),
                Map.of(
                        MetricId.of(RulePacks.THREADS_DEADLOCKED), 0.0,
                        MetricId.of(RulePacks.HEAP_AFTER_GC), 0.96,
                        MetricId.of(RulePacks.GC_OVERHEAD), 0.15,
                        MetricId.of(RulePacks.FILES_OPEN), 850.0,
                        MetricId.of(RulePacks.FILES_MAX), 1000.0));
        assertThat(feed.firing())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "heap-after-gc-high", Severity.CRITICAL,
                        "gc-overhead-high", Severity.WARNING,
                        "file-descriptors-near-limit", Severity.WARNING));
    }

    private static MetricId probe(String name, String probe) {
        return MetricId.of(name, "probe", probe, "target", "http://" + probe + ".internal/health");
    }

    @Test
    void probeDownFiresOnTheThirdFailedCheckInARow() {
        Feed feed = new Feed(RulePacks.probes(Duration.ofSeconds(30)));
        Map<MetricId, Double> failing = Map.of(probe(RulePacks.PROBE_SUCCESS, "api"), 0.0);
        // the first failed check is seen at once; the third 2 check intervals (60 s) later
        feed.ticks(Duration.ofSeconds(60), failing);
        assertThat(feed.firing()).isEmpty();
        feed.ticks(Duration.ofSeconds(10), failing);
        assertThat(feed.firing()).containsExactlyEntriesOf(Map.of("probe-down", Severity.CRITICAL));
        assertThat(feed.engine.activeAlerts())
                .singleElement()
                .satisfies(a -> assertThat(a.labels())
                        .containsEntry("probe", "api")
                        .containsEntry("target", "http://api.internal/health"));
        feed.ticks(Duration.ofSeconds(10), Map.of(probe(RulePacks.PROBE_SUCCESS, "api"), 1.0));
        assertThat(feed.firing()).isEmpty();
    }

    @Test
    void probeDownWaitsTwoCheckIntervalsOfTheGivenInterval() {
        assertThat(RulePacks.probes(Duration.ofMinutes(5)).get(0).forDuration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(RulePacks.probes().get(0).forDuration()).isEqualTo(Duration.ofSeconds(60));
        assertThatThrownBy(() -> RulePacks.probes(Duration.ZERO)).hasMessageContaining("checkInterval");
    }

    @Test
    void probeSlowWatchesOnlySucceedingChecks() {
        Feed feed = new Feed(RulePacks.probes(Duration.ofSeconds(30)));
        Map<MetricId, Double> values = Map.of(
                probe(RulePacks.PROBE_SUCCESS, "api"),
                1.0,
                probe(RulePacks.PROBE_DURATION, "api"),
                1.5,
                probe(RulePacks.PROBE_SUCCESS, "db"),
                1.0,
                probe(RulePacks.PROBE_DURATION, "db"),
                0.2,
                // a check failing at its timeout is slow too, but that is probe-down's alert
                probe(RulePacks.PROBE_SUCCESS, "cache"),
                0.0,
                probe(RulePacks.PROBE_DURATION, "cache"),
                5.0);
        feed.ticks(Duration.ofMinutes(4), values);
        assertThat(feed.engine.activeAlerts())
                .filteredOn(a -> a.name().equals("probe-slow"))
                .singleElement()
                .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.PENDING));
        feed.ticks(Duration.ofMinutes(2), values);
        assertThat(feed.engine.activeAlerts())
                .filteredOn(a -> a.state() == AlertState.FIRING)
                .extracting(a -> a.name() + " " + a.labels().get("probe") + " " + a.severity())
                .containsExactlyInAnyOrder("probe-slow api WARNING", "probe-down cache CRITICAL");
    }

    @Test
    void probeCertExpiringWarnsWithinFourteenDaysAndOutlastsFailedChecksForAnHour() {
        Feed feed = new Feed(RulePacks.probes());
        MetricId expiry = probe(RulePacks.PROBE_CERT_EXPIRY, "site");
        MetricId success = probe(RulePacks.PROBE_SUCCESS, "site");
        feed.ticks(Duration.ofSeconds(10), Map.of(success, 1.0, expiry, (double)
                Duration.ofDays(15).toSeconds()));
        assertThat(feed.firing()).isEmpty();
        feed.ticks(Duration.ofSeconds(10), Map.of(success, 1.0, expiry, (double)
                Duration.ofDays(13).toSeconds()));
        assertThat(feed.firing()).containsExactlyEntriesOf(Map.of("probe-cert-expiring", Severity.WARNING));
        feed.ticks(Duration.ofSeconds(10), Map.of(success, 1.0, expiry, (double)
                Duration.ofDays(2).toSeconds()));
        assertThat(feed.firing()).containsExactlyEntriesOf(Map.of("probe-cert-expiring", Severity.CRITICAL));
        // failed checks report no certificate: the alert keeps firing for an hour, then resolves
        feed.ticks(Duration.ofMinutes(59), Map.of(success, 1.0));
        assertThat(feed.firing()).containsEntry("probe-cert-expiring", Severity.CRITICAL);
        feed.ticks(Duration.ofMinutes(2), Map.of(success, 1.0));
        assertThat(feed.firing()).doesNotContainKey("probe-cert-expiring");
    }

    @Test
    void containerRulesFireOnTheirDocumentedConditions() {
        Feed feed = new Feed(RulePacks.container());
        MetricId memory = MetricId.of(RulePacks.CONTAINER_MEMORY_UTILIZATION);
        MetricId throttled = MetricId.of(RulePacks.CONTAINER_CPU_THROTTLED);
        MetricId oomKills = MetricId.of(RulePacks.CONTAINER_OOM_KILLS);
        feed.ticks(Duration.ofMinutes(4), Map.of(memory, 0.96, throttled, 0.10, oomKills, 0.0));
        assertThat(feed.firing()).isEmpty();
        feed.ticks(Duration.ofMinutes(2), Map.of(memory, 0.96, throttled, 0.10, oomKills, 0.0));
        assertThat(feed.firing()).containsExactlyEntriesOf(Map.of("container-memory-near-limit", Severity.CRITICAL));
        feed.ticks(Duration.ofMinutes(14), Map.of(memory, 0.50, throttled, 0.30, oomKills, 0.0));
        assertThat(feed.firing()).isEmpty();
        feed.ticks(Duration.ofMinutes(2), Map.of(memory, 0.50, throttled, 0.30, oomKills, 0.0));
        assertThat(feed.firing()).containsExactlyEntriesOf(Map.of("container-cpu-throttled", Severity.WARNING));
        feed.ticks(Duration.ofSeconds(10), Map.of(memory, 0.50, throttled, 0.60, oomKills, 0.0));
        assertThat(feed.firing()).containsExactlyEntriesOf(Map.of("container-cpu-throttled", Severity.CRITICAL));
    }

    @Test
    void containerOomKillFiresOnOneKillAndKeepsFiringForFifteenMinutes() {
        Feed feed = new Feed(RulePacks.container());
        MetricId oomKills = MetricId.of(RulePacks.CONTAINER_OOM_KILLS);
        feed.ticks(Duration.ofMinutes(1), Map.of(oomKills, 0.0));
        assertThat(feed.firing()).isEmpty();
        feed.ticks(Duration.ofSeconds(10), Map.of(oomKills, 0.1));
        assertThat(feed.firing()).containsExactlyEntriesOf(Map.of("container-oom-kill", Severity.CRITICAL));
        feed.ticks(Duration.ofMinutes(14), Map.of(oomKills, 0.0));
        assertThat(feed.firing()).containsEntry("container-oom-kill", Severity.CRITICAL);
        feed.ticks(Duration.ofMinutes(2), Map.of(oomKills, 0.0));
        assertThat(feed.firing()).isEmpty();
    }

    @Test
    void theRulesDocumentListsEveryPackRule() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "rules.md"));
        for (Rule r : everyPack()) {
            assertThat(doc).as("docs/rules.md documents " + r.name()).contains("`" + r.name() + "`");
            assertThat(doc).as("docs/rules.md names the metric of " + r.name()).contains("`" + r.metric());
        }
    }
}

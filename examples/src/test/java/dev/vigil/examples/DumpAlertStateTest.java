package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.label.LabelMatcher;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.alerts.silence.Silence;
import dev.vigil.core.Monitor;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.Sources;
import dev.vigil.core.time.ManualClock;
import dev.vigil.test.TestVigil;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpAlertStateTest {

    @TempDir
    Path dir;

    /** A state directory with one firing alert and one silence, as a closed application leaves it. */
    void aStateDirectory() {
        try (TestVigil vigil = TestVigil.builder()
                .source(Sources.named("disk", sink -> sink.gauge("disk.usage", Unit.RATIO, 0.95, "mount", "/")))
                .rule(Rule.threshold("disk-full").metric("disk.usage").warnAbove(0.9))
                .alerts(b -> b.stateDirectory(dir))
                .start()) {
            vigil.tick();
            vigil.engine()
                    .silence(Silence.matching(LabelMatcher.equal("mount", "/var"))
                            .from(vigil.now())
                            .lasting(Duration.ofHours(1))
                            .by("ops")
                            .comment("migration tonight")
                            .build());
        }
    }

    @Test
    void dumpsTheAlertsAndSilencesOfADirectoryAsText() {
        aStateDirectory();

        Run run = Run.of("dump-alert-state", dir.toString());

        assertThat(run.err()).isEmpty();
        assertThat(run.code()).isZero();
        assertThat(run.out())
                .contains("# alerts: ", "# nflog: 0 entries")
                .containsPattern(
                        "alert/[0-9a-f]{16} = disk-full \\| disk\\.usage \\| \\{mount=/\\} \\| FIRING \\| WARNING \\| 0\\.95")
                .containsPattern(
                        "silence/[-0-9a-f]+ = [0-9]+ \\| [0-9]+ \\| ops \\| migration tonight \\| mount \\| EQUAL \\| /var");
    }

    @Test
    void dumpsAStorageDirectoryGivenOnceToTheMonitor() {
        ManualClock clock = ManualClock.create();
        AlertEngine engine = AlertEngine.builder()
                .clock(clock)
                .reports(ReportCapture.none())
                .rule(Rule.threshold("disk-full")
                        .metric("disk.usage")
                        .warnAbove(0.9)
                        .label("team", "ops"))
                .build();
        try (Monitor monitor = Monitor.builder()
                .clock(clock)
                .every(Duration.ofSeconds(10))
                .storage(dir)
                .source(Sources.named("disk", sink -> sink.gauge("disk.usage", Unit.RATIO, 0.95, "mount", "/")))
                .listener(engine)
                .build()) {
            monitor.tickNow();
        }

        Run run = Run.of("dump-alert-state", dir.toString());

        assertThat(run.err()).isEmpty();
        assertThat(run.code()).isZero();
        assertThat(run.out())
                .contains("# alerts: ", "# nflog: 0 entries")
                .containsPattern("alert/[0-9a-f]{16} = disk-full \\| disk\\.usage \\| \\{mount=/\\} \\| FIRING")
                .contains("| {team=ops} | {alertname=disk-full, ");
    }

    @Test
    void aCorruptRecordIsReportedAndSkippedWithExitOne() throws IOException {
        aStateDirectory();
        Path snapshot = dir.resolve("alerts.snapshot");
        byte[] data = Files.readAllBytes(snapshot);
        data[data.length - 5] ^= 0x10;
        Files.write(snapshot, data);

        Run run = Run.of("dump-alert-state", dir.toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).contains("1 record(s) failed their checksum and were skipped");
    }

    @Test
    void withoutADirectoryItIsAUsageError() {
        Run run = Run.of("dump-alert-state");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("give exactly one state directory");
    }
}

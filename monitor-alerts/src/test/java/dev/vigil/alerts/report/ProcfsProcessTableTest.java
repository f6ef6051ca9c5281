package dev.vigil.alerts.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcfsProcessTableTest {

    @Test
    void readsNameCpuAndMemoryFromAStatLineWhoseNameHoldsSpacesAndParentheses(@TempDir Path proc) throws Exception {
        Files.writeString(proc.resolve("uptime"), "1000.00 1800.00\n");
        Files.createDirectories(proc.resolve("self"));
        Files.writeString(proc.resolve("self/statm"), "1000 250 100 1 0 300 0\n");
        Files.writeString(proc.resolve("self/status"), "Name:\tjava\nVmRSS:\t    1000 kB\n");
        Files.createDirectories(proc.resolve("42"));
        // utime 3000 + stime 1000 ticks = 40 s of CPU; started at tick 20000 = 200 s: alive 800 s; rss 512 pages
        Files.writeString(proc.resolve("42/stat"),
                "42 (my (odd) name) S 1 42 42 0 -1 4194560 100 0 0 0 3000 1000 0 0 20 0 7 0 20000 999999 512 0\n");
        Files.createDirectories(proc.resolve("43"));
        Files.writeString(proc.resolve("43/stat"), "43 (gone\n"); // truncated: skipped, not an error

        List<AlertReport.ProcessUsage> top = new ProcfsProcessTable(proc).top(5, true);

        assertThat(top).singleElement().satisfies(p -> {
            assertThat(p.pid()).isEqualTo(42);
            assertThat(p.name()).isEqualTo("my (odd) name");
            assertThat(p.cpu()).isCloseTo(40.0 / 800.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(p.residentBytes()).isEqualTo(512L * 4096); // 1000 kB over 250 pages: 4 KiB pages
        });
    }

    @Test
    void listsThisMachinesProcessesSortedAndAgreesWithOshiOnThisProcess() throws Exception {
        assumeThat(ProcfsProcessTable.available()).as("/proc is readable").isTrue();
        ProcessTable procfs = ProcfsProcessTable.INSTANCE;
        assertThat(procfs.top(3, false)).isNotEmpty().hasSizeLessThanOrEqualTo(3)
                .extracting(AlertReport.ProcessUsage::residentBytes).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(procfs.top(3, true)).isNotEmpty()
                .extracting(AlertReport.ProcessUsage::cpu).isSortedAccordingTo(Comparator.reverseOrder());

        long self = ProcessHandle.current().pid();
        AlertReport.ProcessUsage mine = procfs.top(100_000, false).stream().filter(p -> p.pid() == self)
                .findFirst().orElseThrow();
        AlertReport.ProcessUsage oshis = ProcessTable.oshi().top(100_000, false).stream().filter(p -> p.pid() == self)
                .findFirst().orElseThrow();
        assertThat(mine.name()).isEqualTo(oshis.name());
        // read a moment apart from a running JVM: the resident set moves a little, not by half
        assertThat((double) mine.residentBytes()).isBetween(oshis.residentBytes() * 0.5, oshis.residentBytes() * 1.5);
        assertThat(mine.cpu()).isGreaterThan(0);
    }

    @Test
    void theDefaultTableOnLinuxReadsProc() {
        assumeThat(ProcfsProcessTable.available()).as("/proc is readable").isTrue();
        assertThat(ProcessTable.system()).isSameAs(ProcfsProcessTable.INSTANCE);
    }
}

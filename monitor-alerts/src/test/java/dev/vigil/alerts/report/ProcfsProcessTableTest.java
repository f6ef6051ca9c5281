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
        Files.writeString(
                proc.resolve("42/stat"),
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
        assertThat(procfs.top(3, false))
                .isNotEmpty()
                .hasSizeLessThanOrEqualTo(3)
                .extracting(AlertReport.ProcessUsage::residentBytes)
                .isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(procfs.top(3, true))
                .isNotEmpty()
                .extracting(AlertReport.ProcessUsage::cpu)
                .isSortedAccordingTo(Comparator.reverseOrder());

        long self = ProcessHandle.current().pid();
        assertThat(procfs.top(100_000, false))
                .extracting(AlertReport.ProcessUsage::pid)
                .contains((int) self);
        // this process, bracketed by the kernel's own count of its resident set (a busy JVM's moves)
        ProcfsProcessTable table = ProcfsProcessTable.INSTANCE;
        long before = vmRssBytes();
        AlertReport.ProcessUsage mine =
                ProcfsProcessTable.read(Path.of("/proc", Long.toString(self)), table.uptimeSeconds(), table.pageSize());
        long after = vmRssBytes();
        assertThat(mine).isNotNull();
        assertThat(mine.name())
                .isEqualTo(ProcessHandle.current()
                        .info()
                        .command()
                        .map(c -> Path.of(c).getFileName().toString())
                        .orElse(mine.name()));
        assertThat((double) mine.residentBytes())
                .isBetween(Math.min(before, after) * 0.8, Math.max(before, after) * 1.25);
        assertThat(mine.cpu()).isGreaterThan(0);
    }

    private static long vmRssBytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+", -1)[0]) * 1024;
            }
        }
        throw new AssertionError("no VmRSS in /proc/self/status");
    }

    @Test
    void theDefaultTableOnLinuxReadsProc() {
        assumeThat(ProcfsProcessTable.available()).as("/proc is readable").isTrue();
        assertThat(ProcessTable.system()).isSameAs(ProcfsProcessTable.INSTANCE);
    }
}

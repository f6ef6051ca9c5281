package dev.vigil.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcfsHostReaderTest {

    @TempDir
    Path proc;

    ProcfsHostReader reader;

    @BeforeEach
    void writeProcTree() throws IOException {
        write("stat", """
                cpu  3996 10 1232 234350 156 7 13 6 40 0
                cpu0 1818 5 519 117542 19 3 4 1 20 0
                cpu1 2178 5 712 116808 137 4 9 5 20 0
                intr 123456 1 2 3
                ctxt 987654
                btime 1763700000
                processes 5460
                procs_running 1
                """);
        write("loadavg", "0.23 1.50 12.04 3/191 5461\n");
        write("meminfo", """
                MemTotal:       24684084 kB
                MemFree:        24393292 kB
                MemAvailable:   24365460 kB
                Buffers:            2648 kB
                SwapCached:            0 kB
                SwapTotal:       1048572 kB
                SwapFree:         524284 kB
                Zswap:                 0 kB
                """);
        write("uptime", "1201.39 2343.50\n");
        write("sys/fs/file-nr", "450\t0\t2466170\n");
        write("diskstats", """
                   7       0 loop0 10 0 80 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                 254       0 vda 8666 4574 869226 5771 747 4283 266800 607 0 1764 6518 3081 45 38992 138 4 0
                 254       1 vda1 8000 4000 800000 5000 700 4000 260000 600 0 1700 6000
                """);
        write("net/dev", """
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                    lo:    3193      29    0    0    0     0          0         0     3193      29    0    0    0     0       0          0
                  eth0: 11147478     406    1    2    0     0          0         0    38414     313    3    4    0     0       0          0
                """);
        Files.createDirectories(proc.resolve("1"));
        Files.createDirectories(proc.resolve("42"));
        Files.createDirectories(proc.resolve("sys/kernel"));
        reader = new ProcfsHostReader(proc.toString());
    }

    private void write(String name, String text) throws IOException {
        Path file = proc.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void readsTheAggregateCpuLineWithoutGuestTime() throws Exception {
        long[] ticks = new long[HostReader.CPU_MODES];
        assertThat(reader.cpuTicks(ticks)).isTrue();
        assertThat(ticks).containsExactly(3996, 10, 1232, 234350, 156, 7, 13, 6);
    }

    @Test
    void countsTheProcessorLinesButNotTheSum() {
        assertThat(reader.logicalProcessors()).isEqualTo(2);
    }

    @Test
    void readsLoadAveragesAndTheTaskCount() throws Exception {
        double[] load = new double[4];
        assertThat(reader.loadAverage(load)).isTrue();
        assertThat(load).containsExactly(0.23, 1.50, 12.04, 191.0);
    }

    @Test
    void readsMemoryInBytes() throws Exception {
        long[] memory = new long[4];
        assertThat(reader.memory(memory)).isTrue();
        assertThat(memory).containsExactly(24684084L * 1024, 24365460L * 1024, 1048572L * 1024, 524284L * 1024);
    }

    @Test
    void fallsBackToMemFreeOnKernelsWithoutMemAvailable() throws Exception {
        write("meminfo", "MemTotal: 1000 kB\nMemFree: 400 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n");
        long[] memory = new long[4];
        assertThat(reader.memory(memory)).isTrue();
        assertThat(memory).containsExactly(1000L * 1024, 400L * 1024, 0, 0);
    }

    @Test
    void readsUptimeFilesAndProcessCount() throws Exception {
        assertThat(reader.uptimeSeconds()).isEqualTo(1201.39);
        long[] files = new long[2];
        assertThat(reader.files(files)).isTrue();
        assertThat(files).containsExactly(450, 2466170);
        assertThat(reader.processCount()).isEqualTo(2);
    }

    @Test
    void readsAFileKeptOpenAgainFromItsStartAndReopensItAfterClose() throws Exception {
        double[] load = new double[4];
        reader.loadAverage(load);
        write("loadavg", "2.50 1.00 0.50 7/300 6000\n"); // rewritten in place, as the kernel does
        assertThat(reader.loadAverage(load)).isTrue();
        assertThat(load).containsExactly(2.50, 1.00, 0.50, 300.0);

        reader.close();
        write("loadavg", "3.75 1.00 0.50 7/301 6001\n");
        assertThat(reader.loadAverage(load)).isTrue();
        assertThat(load).containsExactly(3.75, 1.00, 0.50, 301.0);
    }

    @Test
    void aDeviceRenamedBetweenReadsIsReportedUnderItsNewName() throws Exception {
        List<String> seen = new ArrayList<>();
        HostReader.DiskVisitor names = (name, reads, readBytes, writes, writeBytes, busyMillis) -> seen.add(name);
        reader.disks(names);
        write("diskstats", """
                   7       0 loop0 10 0 80 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                 254       0 vdb 8666 4574 869226 5771 747 4283 266800 607 0 1764 6518 3081 45 38992 138 4 0
                 254       1 vda1 8000 4000 800000 5000 700 4000 260000 600 0 1700 6000
                 254       2 vda2 1 0 8 0 1 0 8 0 0 1 0
                """);
        reader.disks(names);
        assertThat(seen).containsExactly("loop0", "vda", "vda1", "loop0", "vdb", "vda1", "vda2");
    }

    @Test
    void readsEveryBlockDeviceWithSectorsAsBytes() throws Exception {
        List<String> seen = new ArrayList<>();
        reader.disks((name, reads, readBytes, writes, writeBytes, busyMillis) ->
                seen.add(name + " " + reads + " " + readBytes + " " + writes + " " + writeBytes + " " + busyMillis));
        assertThat(seen)
                .containsExactly(
                        "loop0 10 40960 0 0 0",
                        "vda 8666 " + 869226L * 512 + " 747 " + 266800L * 512 + " 1764",
                        "vda1 8000 " + 800000L * 512 + " 700 " + 260000L * 512 + " 1700");
    }

    @Test
    void readsEveryInterface() throws Exception {
        List<String> seen = new ArrayList<>();
        reader.interfaces((name, rxBytes, rxPackets, rxErrors, rxDrops, txBytes, txPackets, txErrors, txDrops) ->
                seen.add(name + " " + rxBytes + " " + rxPackets + " " + rxErrors + " " + rxDrops + " " + txBytes + " "
                        + txPackets + " " + txErrors + " " + txDrops));
        assertThat(seen).containsExactly("lo 3193 29 0 0 3193 29 0 0", "eth0 11147478 406 1 2 38414 313 3 4");
    }

    @Test
    void readsInterfaceNamesGluedToTheirFirstNumber() throws Exception {
        // old kernels print "eth0:1234" once the byte count is wide
        write("net/dev", "h1\nh2\n  eth0:4294967296 5 0 0 0 0 0 0 7 8 0 0 0 0 0 0\n");
        List<String> seen = new ArrayList<>();
        reader.interfaces((name, rxBytes, rxPackets, rxErrors, rxDrops, txBytes, txPackets, txErrors, txDrops) ->
                seen.add(name + " " + rxBytes + " " + txBytes));
        assertThat(seen).containsExactly("eth0 4294967296 7");
    }

    @Test
    void readsTheFirstLineOfAStatFileLargerThanItsBuffer() throws Exception {
        StringBuilder intr = new StringBuilder("cpu  1 2 3 4 5 6 7 8 0 0\nintr");
        for (int i = 0; i < 5000; i++) {
            intr.append(' ').append(i);
        }
        write("stat", intr.append('\n').toString());
        long[] ticks = new long[HostReader.CPU_MODES];
        assertThat(new ProcfsHostReader(proc.toString()).cpuTicks(ticks)).isTrue();
        assertThat(ticks).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void unescapesOctalEscapesOfTheMountTable() {
        assertThat(LinuxFilesystemReader.unescape("/mnt/my\\040disk")).isEqualTo("/mnt/my disk");
        assertThat(LinuxFilesystemReader.unescape("/a\\134b")).isEqualTo("/a\\b");
        assertThat(LinuxFilesystemReader.unescape("/plain")).isEqualTo("/plain");
        assertThat(LinuxFilesystemReader.unescape("/odd\\9")).isEqualTo("/odd\\9");
    }

    @Test
    void parsesTheMountTable(@TempDir Path dir) throws Exception {
        // lines in the layout of proc(5): one optional field, none, two, and a line that is not one
        Path mountInfo = dir.resolve("mountinfo");
        Files.writeString(mountInfo, """
                1580 1379 0:412 / / rw,relatime master:600 - overlay overlay rw,lowerdir=/a:/b
                1590 1580 8:17 / /mnt/my\\040disk rw,relatime - ext4 /dev/sdb1 rw
                1601 1580 8:1 /var/lib/kubelet/pods/9c1f/etc-hosts /etc/hosts rw,relatime shared:1 master:2 - ext4 /dev/sda1 rw
                garbage line
                """);
        assertThat(new LinuxFilesystemReader(mountInfo).mounts())
                .containsExactly(
                        new Mount("/", "overlay", "overlay", "0:412", "/"),
                        new Mount("/mnt/my disk", "/dev/sdb1", "ext4", "8:17", "/"),
                        new Mount("/etc/hosts", "/dev/sda1", "ext4", "8:1", "/var/lib/kubelet/pods/9c1f/etc-hosts"));
    }
}

package dev.vigil.core.host;

import dev.vigil.core.metric.SeriesDescriptor;
import dev.vigil.core.metric.Unit;
import java.util.List;

/** The series {@link HostMetrics} declares, with their units and what each measures. */
final class HostSeries {

    private HostSeries() {}

    static final List<SeriesDescriptor> DESCRIPTORS = List.of(
            SeriesDescriptor.gauge(
                    "system.cpu.usage",
                    Unit.RATIO,
                    "Share of the host's CPU time spent not idle (idle and iowait excluded), all CPUs together"),
            SeriesDescriptor.gauge(
                            "system.cpu.mode.usage",
                            Unit.RATIO,
                            "Share of the host's CPU time spent in one mode (user, nice, system, idle, iowait, irq, "
                                    + "softirq, steal); the modes add up to 1",
                            "mode")
                    .withEquivalent(
                            "sum by (mode) (rate(node_cpu_seconds_total)) / count(node_cpu_seconds_total{mode=\"idle\"})"),
            SeriesDescriptor.gauge("system.cpu.count", Unit.CORES, "Logical processors of the host")
                    .withEquivalent("count(node_cpu_seconds_total{mode=\"idle\"})"),
            SeriesDescriptor.gauge(
                            "system.load.average.1m",
                            Unit.NONE,
                            "Load average over 1 minute: runnable and uninterruptible tasks")
                    .withEquivalent("node_load1"),
            SeriesDescriptor.gauge("system.load.average.5m", Unit.NONE, "Load average over 5 minutes")
                    .withEquivalent("node_load5"),
            SeriesDescriptor.gauge("system.load.average.15m", Unit.NONE, "Load average over 15 minutes")
                    .withEquivalent("node_load15"),
            SeriesDescriptor.gauge("system.memory.total", Unit.BYTES, "Physical memory of the host")
                    .withEquivalent("node_memory_MemTotal_bytes"),
            SeriesDescriptor.gauge(
                            "system.memory.available",
                            Unit.BYTES,
                            "Memory available for new work without swapping (Linux MemAvailable)")
                    .withEquivalent("node_memory_MemAvailable_bytes"),
            SeriesDescriptor.gauge("system.memory.used", Unit.BYTES, "Memory in use: total minus available"),
            SeriesDescriptor.gauge("system.memory.usage", Unit.RATIO, "Memory in use over total"),
            SeriesDescriptor.gauge("system.swap.total", Unit.BYTES, "Swap space of the host")
                    .withEquivalent("node_memory_SwapTotal_bytes"),
            SeriesDescriptor.gauge("system.swap.used", Unit.BYTES, "Swap space in use"),
            SeriesDescriptor.gauge("system.swap.usage", Unit.RATIO, "Swap in use over total; absent without swap"),
            SeriesDescriptor.gauge(
                            FilesystemSampler.FREE,
                            Unit.BYTES,
                            "Bytes free for unprivileged users on the filesystem",
                            "mount",
                            "device",
                            "type")
                    .withEquivalent("node_filesystem_avail_bytes"),
            SeriesDescriptor.gauge(
                            FilesystemSampler.TOTAL, Unit.BYTES, "Size of the filesystem", "mount", "device", "type")
                    .withEquivalent("node_filesystem_size_bytes"),
            SeriesDescriptor.gauge(
                    FilesystemSampler.USAGE,
                    Unit.RATIO,
                    "Used space over used plus free-for-users space, as df's Use%",
                    "mount",
                    "device",
                    "type"),
            SeriesDescriptor.gauge(
                            FilesystemSampler.INODES_FREE,
                            Unit.NONE,
                            "Inodes free on the filesystem; absent where the filesystem has no fixed count",
                            "mount",
                            "device",
                            "type")
                    .withEquivalent("node_filesystem_files_free"),
            SeriesDescriptor.gauge(
                            FilesystemSampler.INODES_TOTAL,
                            Unit.NONE,
                            "Inodes of the filesystem",
                            "mount",
                            "device",
                            "type")
                    .withEquivalent("node_filesystem_files"),
            SeriesDescriptor.gauge(
                    FilesystemSampler.INODES_USAGE, Unit.RATIO, "Inodes in use over total", "mount", "device", "type"),
            SeriesDescriptor.counter(
                            "disk.read.bytes", Unit.BYTES_PER_SECOND, "Bytes read from the block device", "device")
                    .withEquivalent("node_disk_read_bytes_total"),
            SeriesDescriptor.counter(
                            "disk.write.bytes", Unit.BYTES_PER_SECOND, "Bytes written to the block device", "device")
                    .withEquivalent("node_disk_written_bytes_total"),
            SeriesDescriptor.counter("disk.read.ops", Unit.PER_SECOND, "Reads completed by the block device", "device")
                    .withEquivalent("node_disk_reads_completed_total"),
            SeriesDescriptor.counter(
                            "disk.write.ops", Unit.PER_SECOND, "Writes completed by the block device", "device")
                    .withEquivalent("node_disk_writes_completed_total"),
            SeriesDescriptor.counter(
                            "disk.io.busy",
                            Unit.SECONDS_PER_SECOND,
                            "Share of time the block device had I/O in flight (0 to 1, %util of iostat)",
                            "device")
                    .withEquivalent("node_disk_io_time_seconds_total"),
            SeriesDescriptor.counter(
                            "network.receive.bytes",
                            Unit.BYTES_PER_SECOND,
                            "Bytes received by the interface",
                            "interface")
                    .withEquivalent("node_network_receive_bytes_total"),
            SeriesDescriptor.counter(
                            "network.transmit.bytes", Unit.BYTES_PER_SECOND, "Bytes sent by the interface", "interface")
                    .withEquivalent("node_network_transmit_bytes_total"),
            SeriesDescriptor.counter(
                            "network.receive.packets",
                            Unit.PER_SECOND,
                            "Packets received by the interface",
                            "interface")
                    .withEquivalent("node_network_receive_packets_total"),
            SeriesDescriptor.counter(
                            "network.transmit.packets", Unit.PER_SECOND, "Packets sent by the interface", "interface")
                    .withEquivalent("node_network_transmit_packets_total"),
            SeriesDescriptor.counter(
                            "network.receive.errors", Unit.PER_SECOND, "Receive errors on the interface", "interface")
                    .withEquivalent("node_network_receive_errs_total"),
            SeriesDescriptor.counter(
                            "network.transmit.errors", Unit.PER_SECOND, "Transmit errors on the interface", "interface")
                    .withEquivalent("node_network_transmit_errs_total"),
            SeriesDescriptor.counter(
                            "network.receive.drops",
                            Unit.PER_SECOND,
                            "Received packets dropped on the interface",
                            "interface")
                    .withEquivalent("node_network_receive_drop_total"),
            SeriesDescriptor.counter(
                            "network.transmit.drops",
                            Unit.PER_SECOND,
                            "Packets to send dropped on the interface; absent where OSHI is used (not Linux)",
                            "interface")
                    .withEquivalent("node_network_transmit_drop_total"),
            SeriesDescriptor.gauge(
                            "system.processes",
                            Unit.NONE,
                            "Processes on the host (counted at most every 10 s: it takes a listing of /proc)")
                    .withEquivalent("node_processes_pids"),
            SeriesDescriptor.gauge("system.threads", Unit.NONE, "Threads (kernel tasks) of all processes")
                    .withEquivalent("node_processes_threads"),
            SeriesDescriptor.gauge("system.uptime", Unit.SECONDS, "Time since the host booted")
                    .withEquivalent("time() - node_boot_time_seconds"),
            SeriesDescriptor.gauge("system.files.open", Unit.NONE, "File handles open on the whole host")
                    .withEquivalent("node_filefd_allocated"),
            SeriesDescriptor.gauge("system.files.max", Unit.NONE, "Most file handles the host allows at once")
                    .withEquivalent("node_filefd_maximum"));
}

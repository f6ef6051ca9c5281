package dev.vigil.core.host;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.OperatingSystem;

/**
 * {@link HostReader} on systems without a Linux {@code /proc}: OSHI, with its objects kept
 * across ticks. Disk and interface lists are enumerated again only every few minutes (listing
 * is what costs); between listings each entry's counters are refreshed in place.
 */
final class OshiHostReader implements HostReader {

    private static final long RELIST_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final HardwareAbstractionLayer hal;
    private final OperatingSystem os;
    private final CentralProcessor cpu;
    private final GlobalMemory memory;
    private @Nullable List<HWDiskStore> disks;
    private long disksListedAt;
    private @Nullable List<NetworkIF> interfaces;
    private long interfacesListedAt;

    OshiHostReader() {
        this(new SystemInfo());
    }

    OshiHostReader(SystemInfo si) {
        this.hal = si.getHardware();
        this.os = si.getOperatingSystem();
        this.cpu = hal.getProcessor();
        this.memory = hal.getMemory();
    }

    @Override
    public boolean cpuTicks(long[] ticks) {
        // raw ticks only: the source keeps its own previous snapshot, OSHI's memoized load is not used
        long[] raw = cpu.getSystemCpuLoadTicks();
        if (raw == null || raw.length < CPU_MODES) {
            return false;
        }
        System.arraycopy(raw, 0, ticks, 0, CPU_MODES);
        return true;
    }

    @Override
    public boolean loadAverage(double[] load) {
        double[] raw = cpu.getSystemLoadAverage(3);
        if (raw == null || raw.length < 3 || raw[0] < 0) {
            return false; // Windows has no load average
        }
        System.arraycopy(raw, 0, load, 0, 3);
        int threads = os.getThreadCount();
        load[3] = threads > 0 ? threads : Double.NaN;
        return true;
    }

    @Override
    public boolean memory(long[] into) {
        into[0] = memory.getTotal();
        into[1] = memory.getAvailable();
        long swapTotal = memory.getVirtualMemory().getSwapTotal();
        into[2] = swapTotal;
        into[3] = swapTotal - memory.getVirtualMemory().getSwapUsed();
        return into[0] > 0;
    }

    @Override
    public double uptimeSeconds() {
        long up = os.getSystemUptime();
        return up > 0 ? up : Double.NaN;
    }

    @Override
    public long processCount() {
        int n = os.getProcessCount();
        return n > 0 ? n : -1;
    }

    @Override
    public boolean files(long[] files) {
        long open = os.getFileSystem().getOpenFileDescriptors();
        long max = os.getFileSystem().getMaxFileDescriptors();
        files[0] = open;
        files[1] = max > 0 ? max : -1;
        return open >= 0;
    }

    @Override
    public int logicalProcessors() {
        return cpu.getLogicalProcessorCount();
    }

    @Override
    public void disks(DiskVisitor visitor) {
        long now = System.nanoTime();
        if (disks == null || now - disksListedAt > RELIST_NANOS) {
            disks = hal.getDiskStores();
            disksListedAt = now;
        } else {
            for (HWDiskStore d : disks) {
                d.updateAttributes();
            }
        }
        for (HWDiskStore d : disks) {
            String name = d.getName();
            visitor.disk(
                    name.startsWith("/dev/") ? name.substring(5) : name,
                    d.getReads(),
                    d.getReadBytes(),
                    d.getWrites(),
                    d.getWriteBytes(),
                    d.getTransferTime());
        }
    }

    @Override
    public void interfaces(InterfaceVisitor visitor) {
        long now = System.nanoTime();
        if (interfaces == null || now - interfacesListedAt > RELIST_NANOS) {
            interfaces = hal.getNetworkIFs(true);
            interfacesListedAt = now;
        } else {
            for (NetworkIF n : interfaces) {
                n.updateAttributes();
            }
        }
        for (NetworkIF n : interfaces) {
            // OSHI has no transmit drops
            visitor.networkInterface(
                    n.getName(),
                    n.getBytesRecv(),
                    n.getPacketsRecv(),
                    n.getInErrors(),
                    n.getInDrops(),
                    n.getBytesSent(),
                    n.getPacketsSent(),
                    n.getOutErrors(),
                    -1);
        }
    }
}

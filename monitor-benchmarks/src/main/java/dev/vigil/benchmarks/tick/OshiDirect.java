package dev.vigil.benchmarks.tick;

import java.util.List;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.FileSystem;
import oshi.software.os.OSFileStore;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * Baseline (b): the OSHI calls that give the same host and process readings, made directly the
 * way OSHI's documentation shows (disk and network lists taken once, then
 * {@code updateAttributes()} every tick; file stores on the same schedule as Vigil's). OSHI has no
 * view of the JVM, so the JVM part is the same bare MXBean reads as the floor's.
 *
 * <pre>{@code
 * TickContender oshi = new OshiDirect(60);
 * }</pre>
 */
public final class OshiDirect implements TickContender {

    private final int filesystemEveryTicks;
    private final CentralProcessor processor;
    private final GlobalMemory memory;
    private final OperatingSystem os;
    private final FileSystem fileSystem;
    private final List<HWDiskStore> disks;
    private final List<NetworkIF> interfaces;
    private final OSProcess self;
    private final JvmReads jvm = new JvmReads();
    private long ticks;
    private double sink;

    public OshiDirect(int filesystemEveryTicks) {
        this.filesystemEveryTicks = filesystemEveryTicks;
        SystemInfo si = new SystemInfo();
        HardwareAbstractionLayer hal = si.getHardware();
        this.processor = hal.getProcessor();
        this.memory = hal.getMemory();
        this.os = si.getOperatingSystem();
        this.fileSystem = os.getFileSystem();
        this.disks = hal.getDiskStores();
        this.interfaces = hal.getNetworkIFs();
        this.self = os.getCurrentProcess();
    }

    @Override
    public String name() {
        return "OSHI direct";
    }

    @Override
    public String description() {
        return "CentralProcessor ticks and load average, GlobalMemory and swap, OS process/thread counts and "
                + "uptime, open files, HWDiskStore and NetworkIF updateAttributes(), the current OSProcess "
                + "updateAttributes(); OSFileStore space every " + filesystemEveryTicks
                + " ticks; JVM: bare MXBean reads";
    }

    @Override
    public void tick() {
        double s = 0;
        long[] cpu = processor.getSystemCpuLoadTicks();
        s += cpu[0] + processor.getLogicalProcessorCount();
        double[] load = processor.getSystemLoadAverage(3);
        s += load[0];
        s += memory.getTotal() + memory.getAvailable();
        s += memory.getVirtualMemory().getSwapTotal()
                + memory.getVirtualMemory().getSwapUsed();
        s += os.getProcessCount() + os.getThreadCount() + os.getSystemUptime();
        s += fileSystem.getOpenFileDescriptors() + fileSystem.getMaxFileDescriptors();
        for (HWDiskStore d : disks) {
            d.updateAttributes();
            s += d.getReadBytes() + d.getWriteBytes() + d.getReads() + d.getWrites() + d.getTransferTime();
        }
        for (NetworkIF n : interfaces) {
            n.updateAttributes();
            s += n.getBytesRecv()
                    + n.getBytesSent()
                    + n.getPacketsRecv()
                    + n.getPacketsSent()
                    + n.getInErrors()
                    + n.getOutErrors()
                    + n.getInDrops();
        }
        self.updateAttributes();
        s += self.getKernelTime()
                + self.getUserTime()
                + self.getResidentSetSize()
                + self.getVirtualSize()
                + self.getThreadCount()
                + self.getOpenFiles()
                + self.getSoftOpenFileLimit()
                + self.getUpTime();
        if (ticks++ % filesystemEveryTicks == 0) {
            for (OSFileStore store : fileSystem.getFileStores(true)) {
                s += store.getUsableSpace() + store.getTotalSpace() + store.getFreeInodes() + store.getTotalInodes();
            }
        }
        s += jvm.read();
        sink += s;
    }

    @Override
    public String toString() {
        return name() + " " + sink;
    }
}

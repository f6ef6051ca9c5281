package dev.vigil.core.host;

import java.io.File;

/**
 * {@link HostReader} on Linux: reads {@code /proc} directly, which costs a few microseconds per
 * file, where OSHI would read the same files and more (and list every process for a count).
 */
final class ProcfsHostReader implements HostReader {

    /** Sectors in {@code /proc/diskstats} are always 512 bytes, whatever the device's sector size. */
    private static final long SECTOR = 512;

    private final String procRoot;
    private final ProcFile stat;
    private final ProcFile loadavg;
    private final ProcFile meminfo;
    private final ProcFile uptime;
    private final ProcFile fileNr;
    private final ProcFile diskstats;
    private final ProcFile netDev;
    private final int logicalProcessors;

    ProcfsHostReader() {
        this("/proc");
    }

    /** A reader of another {@code /proc} tree, e.g. a host's mounted into a container. */
    ProcfsHostReader(String procRoot) {
        this.procRoot = procRoot;
        // /proc/stat can be large (the intr line); only its first line is read
        this.stat = new ProcFile(procRoot + "/stat", 4096);
        this.loadavg = new ProcFile(procRoot + "/loadavg", 128);
        this.meminfo = new ProcFile(procRoot + "/meminfo", 4096);
        this.uptime = new ProcFile(procRoot + "/uptime", 128);
        this.fileNr = new ProcFile(procRoot + "/sys/fs/file-nr", 128);
        this.diskstats = new ProcFile(procRoot + "/diskstats", 4096);
        this.netDev = new ProcFile(procRoot + "/net/dev", 4096);
        this.logicalProcessors = countCpus();
    }

    /** Whether this system has a readable {@code /proc} of the Linux kind. */
    static boolean available() {
        return new File("/proc/stat").canRead()
                && new File("/proc/meminfo").canRead()
                && new File("/proc/loadavg").canRead();
    }

    private int countCpus() {
        try {
            ProcFile all = new ProcFile(procRoot + "/stat", 8192).read();
            all.close(); // read once: not kept open
            int n = 0;
            while (all.seekLine("cpu")) {
                if (all.nextLong() >= 0) {
                    n++;
                }
                all.nextLine();
            }
            return n > 1 ? n - 1 : -1; // the first "cpu" line is the sum of all
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public boolean cpuTicks(long[] ticks) throws Exception {
        stat.readHead();
        if (!stat.seekLine("cpu ")) {
            return false;
        }
        // user nice system idle iowait irq softirq steal [guest guest_nice]; guest time is
        // already counted in user and nice, so it is left out
        for (int i = 0; i < CPU_MODES; i++) {
            long v = stat.nextLong();
            ticks[i] = Math.max(v, 0);
            if (v < 0 && i < 4) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean loadAverage(double[] load) throws Exception {
        loadavg.read();
        for (int i = 0; i < 3; i++) {
            load[i] = loadavg.nextDouble();
        }
        // "0.23 0.11 0.04 1/91 5461": the number after '/' counts every kernel task (thread)
        loadavg.nextLong();
        loadavg.skip('/');
        long tasks = loadavg.nextLong();
        load[3] = tasks < 0 ? Double.NaN : tasks;
        return !Double.isNaN(load[2]);
    }

    @Override
    public boolean memory(long[] memory) throws Exception {
        meminfo.read();
        long total = -1;
        long free = -1;
        long available = -1;
        long swapTotal = -1;
        long swapFree = -1;
        // keys appear in this order in every kernel; seeking forward avoids rescanning
        if (meminfo.seekLine("MemTotal:")) {
            total = meminfo.nextLong();
        }
        if (meminfo.seekLine("MemFree:")) {
            free = meminfo.nextLong();
        }
        if (meminfo.seekLine("MemAvailable:")) {
            available = meminfo.nextLong();
        }
        if (available < 0) {
            available = free; // kernels before 3.14 have no MemAvailable
        }
        if (meminfo.seekLine("SwapTotal:")) {
            swapTotal = meminfo.nextLong();
        }
        if (meminfo.seekLine("SwapFree:")) {
            swapFree = meminfo.nextLong();
        }
        if (total < 0 || available < 0) {
            return false;
        }
        memory[0] = total * 1024;
        memory[1] = available * 1024;
        memory[2] = swapTotal < 0 ? -1 : swapTotal * 1024;
        memory[3] = swapFree < 0 ? -1 : swapFree * 1024;
        return true;
    }

    @Override
    public double uptimeSeconds() throws Exception {
        return uptime.read().nextDouble();
    }

    @Override
    public long processCount() {
        // no file holds the count: one listing of /proc, counting the numeric entries (pids)
        String[] names = new File(procRoot).list();
        if (names == null) {
            return -1;
        }
        long n = 0;
        for (String name : names) {
            char c = name.charAt(0);
            if (c >= '0' && c <= '9') {
                n++;
            }
        }
        return n;
    }

    @Override
    public boolean files(long[] files) throws Exception {
        fileNr.read();
        long allocated = fileNr.nextLong();
        long unused = fileNr.nextLong();
        long max = fileNr.nextLong();
        if (allocated < 0) {
            return false;
        }
        files[0] = allocated - Math.max(unused, 0);
        files[1] = max;
        return true;
    }

    @Override
    public int logicalProcessors() {
        return logicalProcessors;
    }

    @Override
    public void disks(DiskVisitor visitor) throws Exception {
        diskstats.read();
        while (!diskstats.atEnd()) {
            diskstats.nextLong(); // major
            diskstats.nextLong(); // minor
            String name = diskstats.nextWord(' ');
            if (name != null) {
                long reads = diskstats.nextLong();
                diskstats.nextLong(); // reads merged
                long readSectors = diskstats.nextLong();
                diskstats.nextLong(); // ms reading
                long writes = diskstats.nextLong();
                diskstats.nextLong(); // writes merged
                long writeSectors = diskstats.nextLong();
                diskstats.nextLong(); // ms writing
                diskstats.nextLong(); // I/Os in progress
                long busyMillis = diskstats.nextLong();
                if (busyMillis >= 0) {
                    visitor.disk(name, reads, readSectors * SECTOR, writes, writeSectors * SECTOR, busyMillis);
                }
            }
            diskstats.nextLine();
        }
    }

    @Override
    public void interfaces(InterfaceVisitor visitor) throws Exception {
        netDev.read();
        netDev.nextLine(); // two header lines
        netDev.nextLine();
        while (!netDev.atEnd()) {
            String name = netDev.nextWord(':');
            if (name != null) {
                long rxBytes = netDev.nextLong();
                long rxPackets = netDev.nextLong();
                long rxErrors = netDev.nextLong();
                long rxDrops = netDev.nextLong();
                netDev.nextLong(); // fifo
                netDev.nextLong(); // frame
                netDev.nextLong(); // compressed
                netDev.nextLong(); // multicast
                long txBytes = netDev.nextLong();
                long txPackets = netDev.nextLong();
                long txErrors = netDev.nextLong();
                long txDrops = netDev.nextLong();
                if (txDrops >= 0) {
                    visitor.networkInterface(
                            name, rxBytes, rxPackets, rxErrors, rxDrops, txBytes, txPackets, txErrors, txDrops);
                }
            }
            netDev.nextLine();
        }
    }

    @Override
    public void close() {
        stat.close();
        loadavg.close();
        meminfo.close();
        uptime.close();
        fileNr.close();
        diskstats.close();
        netDev.close();
    }
}

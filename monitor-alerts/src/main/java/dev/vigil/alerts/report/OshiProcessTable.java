package dev.vigil.alerts.report;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/** {@link ProcessTable} over OSHI's process listing. */
final class OshiProcessTable implements ProcessTable {

    static final OshiProcessTable INSTANCE = new OshiProcessTable();

    private volatile @Nullable OperatingSystem os;

    private OperatingSystem os() {
        OperatingSystem o = os;
        if (o == null) {
            o = new SystemInfo().getOperatingSystem();
            os = o;
        }
        return o;
    }

    @Override
    public List<AlertReport.ProcessUsage> top(int limit, boolean byCpu) {
        List<OSProcess> processes = os().getProcesses(
                        null,
                        byCpu ? OperatingSystem.ProcessSorting.CPU_DESC : OperatingSystem.ProcessSorting.RSS_DESC,
                        limit);
        List<AlertReport.ProcessUsage> out = new ArrayList<>(processes.size());
        for (OSProcess p : processes) {
            // the name only: command line arguments carry secrets (passwords, credentials in URLs)
            out.add(new AlertReport.ProcessUsage(
                    p.getProcessID(), p.getName(), p.getProcessCpuLoadCumulative(), p.getResidentSetSize()));
        }
        return out;
    }

    @Override
    public String toString() {
        return "OSHI processes";
    }
}

package dev.vigil.alerts.report;

import java.util.ArrayList;
import java.util.List;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/** {@link ProcessTable} over OSHI's process listing. */
final class OshiProcessTable implements ProcessTable {

    static final OshiProcessTable INSTANCE = new OshiProcessTable();
    private static final int MAX_COMMAND_LINE = 200;

    private volatile OperatingSystem os;

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
        List<OSProcess> processes = os().getProcesses(null,
                byCpu ? OperatingSystem.ProcessSorting.CPU_DESC : OperatingSystem.ProcessSorting.RSS_DESC, limit);
        List<AlertReport.ProcessUsage> out = new ArrayList<>(processes.size());
        for (OSProcess p : processes) {
            String cmd = p.getCommandLine();
            if (cmd != null && cmd.length() > MAX_COMMAND_LINE) {
                cmd = cmd.substring(0, MAX_COMMAND_LINE) + "...";
            }
            out.add(new AlertReport.ProcessUsage(p.getProcessID(), p.getName(), p.getProcessCpuLoadCumulative(),
                    p.getResidentSetSize(), cmd));
        }
        return out;
    }

    @Override
    public String toString() {
        return "OSHI processes";
    }
}

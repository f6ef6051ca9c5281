package dev.vigil.alerts.report;

import java.util.List;

/**
 * Lists the top processes of the machine for a report. The default, {@link #system()}, reads
 * {@code /proc} on Linux and OSHI elsewhere; tests hand a fake.
 *
 * <pre>{@code
 * ProcessTable none = (limit, byCpu) -> List.of();
 * }</pre>
 */
@FunctionalInterface
public interface ProcessTable {

    /** The {@code limit} processes using the most CPU ({@code byCpu}) or resident memory. */
    List<AlertReport.ProcessUsage> top(int limit, boolean byCpu) throws Exception;

    /**
     * The machine's processes: from {@code /proc} on Linux (no native code, so no warning on JDK
     * 24+), through OSHI elsewhere. About 1 ms per process either way: call rarely.
     */
    static ProcessTable system() {
        return ProcfsProcessTable.available() ? ProcfsProcessTable.INSTANCE : oshi();
    }

    /** The machine's processes, read through OSHI (about 1 ms per process: call rarely). */
    static ProcessTable oshi() {
        return OshiProcessTable.INSTANCE;
    }
}

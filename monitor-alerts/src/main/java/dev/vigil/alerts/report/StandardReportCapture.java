package dev.vigil.alerts.report;

import dev.vigil.core.history.History;
import dev.vigil.core.history.SeriesHistory;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.metric.ValueFormat;
import dev.vigil.core.time.Clock;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default report: the offending series' raw points over a recent window, the latest value of
 * every series, the top processes by CPU and by memory, and the JVM's threads (counts by state,
 * deadlocks, the stacks of the threads that used the most CPU since the previous capture).
 *
 * <p>The process listing and the thread dump are expensive (OSHI needs about 1 ms per process), so
 * they are taken at most once per {@link Builder#minInterval(Duration)}; reports captured in
 * between reuse them. The engine calls this on its event thread, never on the sampling thread.
 *
 * <pre>{@code
 * AlertEngine.builder().reports(StandardReportCapture.builder()
 *         .recentWindow(Duration.ofMinutes(30)).topProcesses(10).build());
 * }</pre>
 */
public final class StandardReportCapture implements ReportCapture {

    /** Default window of the offending series' history. */
    public static final Duration DEFAULT_RECENT_WINDOW = Duration.ofMinutes(15);
    /** Default length of each process top list. */
    public static final int DEFAULT_TOP_PROCESSES = 5;
    /** Default number of busiest threads whose stacks are kept. */
    public static final int DEFAULT_BUSIEST_THREADS = 3;
    /** Default stack depth kept per thread. */
    public static final int DEFAULT_STACK_DEPTH = 12;
    /** Default shortest time between two process listings and thread dumps. */
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofMinutes(1);
    /** At most this many series in {@link AlertReport#latestValues()}. */
    public static final int MAX_SERIES = 1000;

    private static final Logger log = LoggerFactory.getLogger(StandardReportCapture.class);

    private final Clock clock;
    private final Duration recentWindow;
    private final int topProcesses;
    private final int busiestThreads;
    private final int stackDepth;
    private final long minIntervalNanos;
    private final ProcessTable processes;

    private final Object lock = new Object();
    private @Nullable Expensive cached;
    private long cachedAtNanos;
    private boolean processFailureLogged;
    private Map<Long, Long> previousCpu = Map.of();

    private StandardReportCapture(Builder b) {
        this.clock = b.clock;
        this.recentWindow = b.recentWindow;
        this.topProcesses = b.topProcesses;
        this.busiestThreads = b.busiestThreads;
        this.stackDepth = b.stackDepth;
        this.minIntervalNanos = b.minInterval.toNanos();
        this.processes = b.processes;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    private record Expensive(
            List<AlertReport.ProcessUsage> byCpu,
            List<AlertReport.ProcessUsage> byMemory,
            AlertReport.ThreadSummary threads) {}

    @Override
    public AlertReport capture(FiringAlert alert, MetricId series, History history, long nowMillis) {
        List<SeriesHistory.Point> recent = List.of();
        Unit unit = Unit.NONE;
        SeriesHistory offending = series == null ? null : history.series(series);
        if (offending != null) {
            unit = offending.unit();
            try {
                recent = offending.range(nowMillis - recentWindow.toMillis() + 1, nowMillis);
            } catch (RuntimeException e) {
                log.debug("Vigil report: no recent history of {}", series, e);
            }
        }
        LatestValues latest = LatestValues.of(history);
        Expensive expensive = expensive();
        Instant at = Instant.ofEpochMilli(nowMillis);
        String seriesText = series == null ? "" : series.toString();
        List<SeriesHistory.Point> recentPoints = recent;
        Unit seriesUnit = unit;
        // The text and the sorted map are made when a notifier first reads them, from what was
        // taken here: formatting a thousand series is no reason to hold a page back.
        return new AlertReport(
                () -> ReportText.render(
                        alert,
                        at,
                        seriesText,
                        seriesUnit,
                        recentWindow,
                        recentPoints,
                        latest.values(),
                        latest.units(),
                        expensive.byCpu,
                        expensive.byMemory,
                        expensive.threads),
                at,
                seriesText,
                recent,
                latest::values,
                expensive.byCpu,
                expensive.byMemory,
                expensive.threads);
    }

    /**
     * The latest value of every series as they were at capture, the first {@link #MAX_SERIES} in
     * series order; arranged as sorted maps only when first read.
     */
    private static final class LatestValues {
        private final MetricId[] ids;
        private final double[] values;
        private final Unit[] units;
        private @Nullable Map<String, Double> sorted;
        private @Nullable Map<String, Unit> sortedUnits;

        private LatestValues(MetricId[] ids, double[] values, Unit[] units) {
            this.ids = ids;
            this.values = values;
            this.units = units;
        }

        static LatestValues of(History history) {
            MetricId[] ids = history.ids().toArray(new MetricId[0]);
            double[] values = new double[ids.length];
            Unit[] units = new Unit[ids.length];
            int n = 0;
            for (MetricId id : ids) {
                SeriesHistory s = history.series(id);
                double v = s == null ? Double.NaN : s.latest();
                if (!Double.isNaN(v)) {
                    ids[n] = id;
                    values[n] = v;
                    units[n] = s.unit();
                    n++;
                }
            }
            return new LatestValues(Arrays.copyOf(ids, n), Arrays.copyOf(values, n), Arrays.copyOf(units, n));
        }

        synchronized Map<String, Double> values() {
            arrange();
            return Objects.requireNonNull(sorted);
        }

        synchronized Map<String, Unit> units() {
            arrange();
            return Objects.requireNonNull(sortedUnits);
        }

        private void arrange() {
            if (sorted != null) {
                return;
            }
            Integer[] order = new Integer[ids.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparing((Integer i) -> ids[i]));
            Map<String, Double> byName = new TreeMap<>();
            Map<String, Unit> unitByName = new TreeMap<>();
            for (int k = 0; k < Math.min(order.length, MAX_SERIES); k++) {
                int i = order[k];
                byName.put(ids[i].toString(), values[i]);
                unitByName.put(ids[i].toString(), units[i]);
            }
            sorted = byName;
            sortedUnits = unitByName;
        }
    }

    private Expensive expensive() {
        synchronized (lock) {
            long now = clock.monotonicNanos();
            if (cached != null && now - cachedAtNanos < minIntervalNanos) {
                return cached;
            }
            List<AlertReport.ProcessUsage> byCpu = List.of();
            List<AlertReport.ProcessUsage> byMemory = List.of();
            if (topProcesses > 0) {
                try {
                    byCpu = processes.top(topProcesses, true);
                    byMemory = processes.top(topProcesses, false);
                } catch (Throwable t) {
                    if (!processFailureLogged) {
                        processFailureLogged = true;
                        log.warn("Vigil report: could not list processes with {}", processes, t);
                    }
                }
            }
            cached = new Expensive(byCpu, byMemory, threads());
            cachedAtNanos = now;
            return cached;
        }
    }

    private AlertReport.ThreadSummary threads() {
        try {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            ThreadInfo[] infos = mx.dumpAllThreads(false, false, stackDepth);
            Map<Thread.State, Integer> byState = new EnumMap<>(Thread.State.class);
            for (ThreadInfo info : infos) {
                if (info != null) {
                    byState.merge(info.getThreadState(), 1, Integer::sum);
                }
            }
            List<String> deadlocked = new ArrayList<>();
            long[] dead = mx.findDeadlockedThreads();
            if (dead != null) {
                for (ThreadInfo info : mx.getThreadInfo(dead)) {
                    if (info != null) {
                        deadlocked.add(info.getThreadName());
                    }
                }
            }
            // busiest since the previous dump (all of their life at the first one): a thread that
            // worked hard an hour ago is not what an alert firing now wants to show
            boolean cpu = mx.isThreadCpuTimeSupported() && mx.isThreadCpuTimeEnabled();
            Map<Long, Long> cpuById = new HashMap<>();
            Map<Long, Long> recentById = new HashMap<>();
            List<ThreadInfo> sorted = new ArrayList<>();
            for (ThreadInfo info : infos) {
                if (info != null) {
                    long id = info.getThreadId();
                    long total = cpu ? mx.getThreadCpuTime(id) : -1L;
                    sorted.add(info);
                    cpuById.put(id, total);
                    recentById.put(id, total - previousCpu.getOrDefault(id, 0L));
                }
            }
            previousCpu = cpuById;
            sorted.sort(Comparator.comparingLong((ThreadInfo i) -> recentById.get(i.getThreadId()))
                    .reversed());
            List<AlertReport.ThreadStack> busiest = new ArrayList<>();
            for (int i = 0; i < Math.min(busiestThreads, sorted.size()); i++) {
                ThreadInfo info = sorted.get(i);
                List<String> frames = Arrays.stream(info.getStackTrace())
                        .map(StackTraceElement::toString)
                        .toList();
                busiest.add(new AlertReport.ThreadStack(
                        info.getThreadId(),
                        info.getThreadName(),
                        info.getThreadState(),
                        cpuById.get(info.getThreadId()),
                        frames));
            }
            return new AlertReport.ThreadSummary(infos.length, byState, deadlocked, busiest);
        } catch (RuntimeException e) {
            log.debug("Vigil report: no thread summary", e);
            return AlertReport.ThreadSummary.EMPTY;
        }
    }

    /** Builds a {@link StandardReportCapture}. */
    public static final class Builder {
        private Clock clock = Clock.system();
        private Duration recentWindow = DEFAULT_RECENT_WINDOW;
        private int topProcesses = DEFAULT_TOP_PROCESSES;
        private int busiestThreads = DEFAULT_BUSIEST_THREADS;
        private int stackDepth = DEFAULT_STACK_DEPTH;
        private Duration minInterval = DEFAULT_MIN_INTERVAL;
        private ProcessTable processes = ProcessTable.system();

        private Builder() {}

        /** The clock that rate-limits the expensive parts. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How much of the offending series' history to include. */
        public Builder recentWindow(Duration window) {
            if (window == null || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("recentWindow must be positive, got " + window);
            }
            this.recentWindow = window;
            return this;
        }

        /** Length of each process top list; 0 skips the process listing. */
        public Builder topProcesses(int count) {
            if (count < 0 || count > 100) {
                throw new IllegalArgumentException("topProcesses must be within 0..100, got " + count);
            }
            this.topProcesses = count;
            return this;
        }

        /** How many of the busiest threads' stacks to keep. */
        public Builder busiestThreads(int count) {
            if (count < 0 || count > 100) {
                throw new IllegalArgumentException("busiestThreads must be within 0..100, got " + count);
            }
            this.busiestThreads = count;
            return this;
        }

        /** How many frames of each stack to keep. */
        public Builder stackDepth(int depth) {
            if (depth < 1 || depth > 1000) {
                throw new IllegalArgumentException("stackDepth must be within 1..1000, got " + depth);
            }
            this.stackDepth = depth;
            return this;
        }

        /** Shortest time between two process listings and thread dumps. */
        public Builder minInterval(Duration interval) {
            if (interval == null || interval.isNegative()) {
                throw new IllegalArgumentException("minInterval must be zero or positive, got " + interval);
            }
            this.minInterval = interval;
            return this;
        }

        /** Where processes are listed from (default OSHI). */
        public Builder processes(ProcessTable table) {
            this.processes = Objects.requireNonNull(table, "processes");
            return this;
        }

        /** The capture. */
        public StandardReportCapture build() {
            return new StandardReportCapture(this);
        }
    }

    /** The readable text of a report. */
    static final class ReportText {
        private ReportText() {}

        static String render(
                FiringAlert alert,
                Instant at,
                String series,
                Unit unit,
                Duration window,
                List<SeriesHistory.Point> recent,
                Map<String, Double> latest,
                Map<String, Unit> units,
                List<AlertReport.ProcessUsage> byCpu,
                List<AlertReport.ProcessUsage> byMemory,
                AlertReport.ThreadSummary threads) {
            StringBuilder sb = new StringBuilder(4096);
            sb.append("Alert ")
                    .append(alert.name())
                    .append(" (")
                    .append(alert.severity().label())
                    .append(") on ")
                    .append(series)
                    .append(" at ")
                    .append(at)
                    .append('\n');
            String summary = alert.annotations().get("summary");
            if (summary != null) {
                sb.append(summary).append('\n');
            }
            sb.append("\nRecent history of ")
                    .append(series)
                    .append(" (last ")
                    .append(window.toMinutes())
                    .append(" min, ")
                    .append(recent.size())
                    .append(" points):\n");
            for (SeriesHistory.Point p : recent) {
                sb.append("  ")
                        .append(Instant.ofEpochMilli(p.timeMillis()))
                        .append("  ")
                        .append(ValueFormat.format(p.avg(), unit));
                if (p.count() > 1) {
                    sb.append("  (min ")
                            .append(ValueFormat.format(p.min(), unit))
                            .append(", max ")
                            .append(ValueFormat.format(p.max(), unit))
                            .append(')');
                }
                sb.append('\n');
            }
            processes(sb, "Top processes by CPU", byCpu);
            processes(sb, "Top processes by memory", byMemory);
            sb.append("\nJVM threads: ").append(threads.total()).append(" live");
            if (!threads.byState().isEmpty()) {
                sb.append(" (");
                boolean first = true;
                for (Thread.State s : Thread.State.values()) {
                    Integer n = threads.byState().get(s);
                    if (n != null) {
                        sb.append(first ? "" : ", ").append(s).append(' ').append(n);
                        first = false;
                    }
                }
                sb.append(')');
            }
            sb.append("; deadlocked: ")
                    .append(threads.deadlocked().isEmpty() ? "none" : threads.deadlocked())
                    .append('\n');
            for (AlertReport.ThreadStack t : threads.busiest()) {
                sb.append("  \"").append(t.name()).append("\" ").append(t.state());
                if (t.cpuNanos() >= 0) {
                    sb.append(", cpu ").append(ValueFormat.format(t.cpuNanos() / 1e9, Unit.SECONDS));
                }
                sb.append('\n');
                for (String f : t.frames()) {
                    sb.append("      at ").append(f).append('\n');
                }
            }
            sb.append("\nLatest values (").append(latest.size()).append(" series):\n");
            for (Map.Entry<String, Double> e : latest.entrySet()) {
                sb.append("  ")
                        .append(e.getKey())
                        .append(" = ")
                        .append(ValueFormat.format(e.getValue(), units.get(e.getKey())))
                        .append('\n');
            }
            return sb.toString();
        }

        private static void processes(StringBuilder sb, String title, List<AlertReport.ProcessUsage> list) {
            if (list.isEmpty()) {
                return;
            }
            sb.append('\n').append(title).append(":\n");
            for (AlertReport.ProcessUsage p : list) {
                sb.append(String.format(
                        java.util.Locale.ROOT,
                        "  %7d  %-24s cpu %6s  rss %s%n",
                        p.pid(),
                        p.name(),
                        ValueFormat.format(p.cpu(), Unit.RATIO),
                        ValueFormat.format((double) p.residentBytes(), Unit.BYTES)));
            }
        }
    }
}

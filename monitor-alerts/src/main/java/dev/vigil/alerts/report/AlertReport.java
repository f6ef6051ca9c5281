package dev.vigil.alerts.report;

import dev.vigil.core.history.SeriesHistory;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The point-in-time report captured when an alert fires: what the machine and the JVM looked like
 * at that moment, as structured data and as readable text a notifier can attach.
 *
 * <pre>{@code
 * AlertReport report = alert.report();
 * String attachment = report.text();
 * report.topByCpu().forEach(p -> System.out.println(p.name() + " " + p.cpu()));
 * }</pre>
 *
 * @param text the report as readable text
 * @param capturedAt when it was captured ({@code null} for a text-only report)
 * @param series the series the alert fired on, e.g. {@code disk.usage{mount="/"}}
 * @param recentHistory that series' raw points over the recent window, oldest first
 * @param latestValues the latest value of every series, by series, sorted
 * @param topByCpu the processes using the most CPU, highest first
 * @param topByMemory the processes using the most resident memory, highest first
 * @param threads this JVM's thread summary
 */
public record AlertReport(
        String text,
        @Nullable Instant capturedAt,
        String series,
        List<SeriesHistory.Point> recentHistory,
        Map<String, Double> latestValues,
        List<ProcessUsage> topByCpu,
        List<ProcessUsage> topByMemory,
        ThreadSummary threads) {

    public AlertReport {
        Objects.requireNonNull(text, "text");
        series = series == null ? "" : series;
        recentHistory = List.copyOf(recentHistory);
        latestValues = Collections.unmodifiableMap(new TreeMap<>(latestValues));
        topByCpu = List.copyOf(topByCpu);
        topByMemory = List.copyOf(topByMemory);
        threads = threads == null ? ThreadSummary.EMPTY : threads;
    }

    /**
     * Short on purpose: {@code log.info("{}", event)} prints the alert and so its report; the report
     * is long and may hold what should not go to a log. Read {@link #text()} to see it.
     */
    @Override
    public String toString() {
        return "AlertReport[" + text.length() + " chars]";
    }

    /** A report that is only text. */
    public AlertReport(String text) {
        this(text, null, "", List.of(), Map.of(), List.of(), List.of(), ThreadSummary.EMPTY);
    }

    /**
     * One process in a top list.
     *
     * @param pid process id
     * @param name the executable's name, never its command line
     * @param cpu CPU usage as a ratio of one core since the process started (OSHI's cumulative load)
     * @param residentBytes resident set size
     */
    public record ProcessUsage(int pid, String name, double cpu, long residentBytes) {
        // Only the executable's name, never the command line: arguments carry secrets
        // (-Dspring.datasource.password=..., JDBC URLs with credentials) that would end up in
        // notifications and logs.
        public ProcessUsage {
            name = name == null ? "" : name;
        }
    }

    /**
     * The JVM's threads at capture time.
     *
     * @param total live threads
     * @param byState how many threads are in each state, in {@link Thread.State} order
     * @param deadlocked names of deadlocked threads (empty when none)
     * @param busiest the threads that used the most CPU since the previous capture, with their stacks
     */
    public record ThreadSummary(
            int total, Map<Thread.State, Integer> byState, List<String> deadlocked, List<ThreadStack> busiest) {

        /** No thread information. */
        public static final ThreadSummary EMPTY = new ThreadSummary(0, Map.of(), List.of(), List.of());

        public ThreadSummary {
            EnumMap<Thread.State, Integer> states = new EnumMap<>(Thread.State.class);
            states.putAll(byState);
            byState = Collections.unmodifiableMap(states);
            deadlocked = List.copyOf(deadlocked);
            busiest = List.copyOf(busiest);
        }

        /** Counts only: thread names and stacks stay out of logs (see {@link AlertReport#toString()}). */
        @Override
        public String toString() {
            return "ThreadSummary[" + total + " threads, " + deadlocked.size() + " deadlocked]";
        }
    }

    /**
     * One thread and where it is.
     *
     * @param id thread id
     * @param name thread name
     * @param state its state
     * @param cpuNanos CPU time used in the thread's life ({@code -1} when the JVM does not measure it)
     * @param frames the top of its stack, innermost first
     */
    public record ThreadStack(long id, String name, Thread.State state, long cpuNanos, List<String> frames) {
        public ThreadStack {
            frames = List.copyOf(frames);
        }

        /** No name or frames: they may hold what should not go to a log. */
        @Override
        public String toString() {
            return "ThreadStack[id " + id + ", " + state + ", " + frames.size() + " frames]";
        }
    }
}

package dev.vigil.alerts.report;

import dev.vigil.core.history.SeriesHistory;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The point-in-time report captured when an alert fires: what the machine and the JVM looked like
 * at that moment, as structured data and as readable text a notifier can attach.
 *
 * <p>Immutable. The {@link StandardReportCapture standard report} takes its figures when the alert
 * fires and renders the text and the sorted map of latest values the first time they are read: a
 * page whose notifier never reads them does not wait for them, and every reader sees the same
 * figures, those of the moment of capture.
 *
 * <pre>{@code
 * AlertReport report = alert.report();
 * String attachment = report.text();
 * report.topByCpu().forEach(p -> System.out.println(p.name() + " " + p.cpu()));
 * }</pre>
 */
public final class AlertReport {

    private final @Nullable Instant capturedAt;
    private final String series;
    private final List<SeriesHistory.Point> recentHistory;
    private final List<ProcessUsage> topByCpu;
    private final List<ProcessUsage> topByMemory;
    private final ThreadSummary threads;
    private final Lazy<String> text;
    private final Lazy<Map<String, Double>> latestValues;

    /**
     * A report from its parts.
     *
     * @param text the report as readable text
     * @param capturedAt when it was captured ({@code null} for a text-only report)
     * @param series the series the alert fired on, e.g. {@code disk.usage{mount="/"}}
     * @param recentHistory that series' raw points over the recent window, oldest first
     * @param latestValues the latest value of every series, by series
     * @param topByCpu the processes using the most CPU, highest first
     * @param topByMemory the processes using the most resident memory, highest first
     * @param threads this JVM's thread summary
     */
    public AlertReport(
            String text,
            @Nullable Instant capturedAt,
            String series,
            List<SeriesHistory.Point> recentHistory,
            Map<String, Double> latestValues,
            List<ProcessUsage> topByCpu,
            List<ProcessUsage> topByMemory,
            ThreadSummary threads) {
        this(
                Lazy.of(Objects.requireNonNull(text, "text")),
                capturedAt,
                series,
                recentHistory,
                Lazy.of(sorted(latestValues)),
                topByCpu,
                topByMemory,
                threads);
    }

    /** A report that is only text. */
    public AlertReport(String text) {
        this(text, null, "", List.of(), Map.of(), List.of(), List.of(), ThreadSummary.EMPTY);
    }

    /**
     * A report whose text and latest values are made when first read; {@code latestValues} must
     * return a map sorted by series, and {@code text} must depend only on what was captured.
     */
    AlertReport(
            Supplier<String> text,
            @Nullable Instant capturedAt,
            String series,
            List<SeriesHistory.Point> recentHistory,
            Supplier<Map<String, Double>> latestValues,
            List<ProcessUsage> topByCpu,
            List<ProcessUsage> topByMemory,
            ThreadSummary threads) {
        this(
                new Lazy<>(text),
                capturedAt,
                series,
                recentHistory,
                new Lazy<>(() -> Collections.unmodifiableMap(latestValues.get())),
                topByCpu,
                topByMemory,
                threads);
    }

    private AlertReport(
            Lazy<String> text,
            @Nullable Instant capturedAt,
            @Nullable String series,
            List<SeriesHistory.Point> recentHistory,
            Lazy<Map<String, Double>> latestValues,
            List<ProcessUsage> topByCpu,
            List<ProcessUsage> topByMemory,
            @Nullable ThreadSummary threads) {
        this.text = text;
        this.capturedAt = capturedAt;
        this.series = series == null ? "" : series;
        this.recentHistory = List.copyOf(recentHistory);
        this.latestValues = latestValues;
        this.topByCpu = List.copyOf(topByCpu);
        this.topByMemory = List.copyOf(topByMemory);
        this.threads = threads == null ? ThreadSummary.EMPTY : threads;
    }

    private static Map<String, Double> sorted(Map<String, Double> values) {
        return Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** The report as readable text. */
    public String text() {
        return text.get();
    }

    /** When it was captured ({@code null} for a text-only report). */
    public @Nullable Instant capturedAt() {
        return capturedAt;
    }

    /** The series the alert fired on, e.g. {@code disk.usage{mount="/"}}; empty when unknown. */
    public String series() {
        return series;
    }

    /** That series' raw points over the recent window, oldest first. */
    public List<SeriesHistory.Point> recentHistory() {
        return recentHistory;
    }

    /** The latest value of every series at capture time, by series, sorted. */
    public Map<String, Double> latestValues() {
        return latestValues.get();
    }

    /** The processes using the most CPU, highest first. */
    public List<ProcessUsage> topByCpu() {
        return topByCpu;
    }

    /** The processes using the most resident memory, highest first. */
    public List<ProcessUsage> topByMemory() {
        return topByMemory;
    }

    /** This JVM's thread summary. */
    public ThreadSummary threads() {
        return threads;
    }

    @Override
    public boolean equals(Object o) {
        // the same report (the usual case when alerts are compared) is not rendered to find out
        return this == o
                || (o instanceof AlertReport r
                        && Objects.equals(capturedAt, r.capturedAt)
                        && series.equals(r.series)
                        && recentHistory.equals(r.recentHistory)
                        && topByCpu.equals(r.topByCpu)
                        && topByMemory.equals(r.topByMemory)
                        && threads.equals(r.threads)
                        && text().equals(r.text())
                        && latestValues().equals(r.latestValues()));
    }

    @Override
    public int hashCode() {
        return Objects.hash(text(), capturedAt, series, recentHistory, latestValues(), topByCpu, topByMemory, threads);
    }

    /**
     * Short on purpose: {@code log.info("{}", event)} prints the alert and so its report; the report
     * is long and may hold what should not go to a log. Read {@link #text()} to see it.
     */
    @Override
    public String toString() {
        return "AlertReport[" + text().length() + " chars]";
    }

    /** A value made once, by the first reader; the recipe is dropped once it ran. */
    private static final class Lazy<T> {
        private @Nullable Supplier<T> recipe;
        private volatile @Nullable T value;

        Lazy(Supplier<T> recipe) {
            this.recipe = recipe;
        }

        static <T> Lazy<T> of(T value) {
            Lazy<T> l = new Lazy<>(() -> value);
            l.value = value;
            l.recipe = null;
            return l;
        }

        T get() {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    v = value;
                    if (v == null) {
                        v = Objects.requireNonNull(
                                Objects.requireNonNull(recipe).get(), "report part");
                        value = v;
                        recipe = null;
                    }
                }
            }
            return v;
        }
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

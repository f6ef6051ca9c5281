package dev.vigil.benchmarks.overhead;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whole-library overhead: two JVMs started side by side from the same class path and flags, one
 * idle and one running the quickstart configuration ({@link OverheadChild}), for the same wall
 * time, with the JVM's default flags. The difference of their process CPU time over a span of wall
 * time is Vigil's share of one core: over the first span (loading, first ticks and their
 * compilation included) and over the steady window, which starts once the JIT compilers are done
 * with the tick path and ends with the run; the CPU each kind of thread spent in that window, in
 * both JVMs, shows whether compilation still falls inside it. The difference of their heap in use
 * after full collections is the heap Vigil holds. Running them at the same time exposes both to
 * the same machine noise.
 *
 * <pre>{@code
 * LibraryOverhead.Result r = LibraryOverhead.measure(Duration.ofMinutes(12), Duration.ofSeconds(10),
 *         Duration.ofMinutes(5), Duration.ofMinutes(6));
 * }</pre>
 */
public final class LibraryOverhead {

    private LibraryOverhead() {}

    /**
     * The figures.
     *
     * @param cpuShareOfOneCore extra CPU time over wall time in the first span, 0..1 of one core
     * @param idleCpuNanos CPU time of the idle JVM in the first span
     * @param vigilCpuNanos CPU time of the JVM running Vigil in the first span
     * @param steadyCpuShareOfOneCore extra CPU time over wall time in the steady window
     * @param idleSteadyCpuNanos CPU time of the idle JVM in the steady window
     * @param vigilSteadyCpuNanos CPU time of the JVM running Vigil in the steady window
     * @param heapBytes extra heap in use after full collections
     * @param wall how long both ran
     * @param firstSpan the first span, from just before the monitor is built
     * @param steadyWall how long the steady window lasted (it ends with the run)
     * @param threadCpuDifference CPU microseconds per thread kind in the steady window, Vigil's JVM
     *     minus the idle one, largest first
     * @param idleCompilerMicros CPU microseconds of the idle JVM's JIT compiler threads in the window
     * @param vigilCompilerMicros the same for the JVM running Vigil
     */
    public record Result(
            double cpuShareOfOneCore,
            long idleCpuNanos,
            long vigilCpuNanos,
            double steadyCpuShareOfOneCore,
            long idleSteadyCpuNanos,
            long vigilSteadyCpuNanos,
            long heapBytes,
            Duration wall,
            Duration firstSpan,
            Duration steadyWall,
            Map<String, Long> threadCpuDifference,
            long idleCompilerMicros,
            long vigilCompilerMicros) {}

    /**
     * Runs both JVMs for {@code wall} with ticks every {@code interval}; the first span lasts
     * {@code firstSpan} (at most {@code wall}), the steady window starts at {@code steadyAfter}
     * (at most half of {@code wall}) and ends with the run.
     */
    public static Result measure(Duration wall, Duration interval, Duration firstSpan, Duration steadyAfter)
            throws Exception {
        Duration first = min(firstSpan, wall);
        Duration steadyFrom = min(steadyAfter, Duration.ofSeconds(wall.toSeconds() / 2));
        Process idle = start("idle", wall, interval, first, steadyFrom);
        Process vigil = start("vigil", wall, interval, first, steadyFrom);
        String[] idleLine = read(idle);
        String[] vigilLine = read(vigil);
        long[] i = numbers(idleLine);
        long[] v = numbers(vigilLine);
        double share = (v[0] - i[0]) / (double) first.toNanos();
        Duration steadyWall = wall.minus(steadyFrom);
        double steady = (v[1] - i[1]) / (double) steadyWall.toNanos();
        Map<String, Long> idleThreads = threads(idleLine[3]);
        Map<String, Long> vigilThreads = threads(vigilLine[3]);
        Map<String, Long> threads = new LinkedHashMap<>(vigilThreads);
        idleThreads.forEach((k, us) -> threads.merge(k, -us, Long::sum));
        Map<String, Long> sorted = new LinkedHashMap<>();
        threads.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .filter(e -> e.getValue() != 0)
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return new Result(
                share,
                i[0],
                v[0],
                steady,
                i[1],
                v[1],
                v[2] - i[2],
                wall,
                first,
                steadyWall,
                sorted,
                compiler(idleThreads),
                compiler(vigilThreads));
    }

    private static long compiler(Map<String, Long> threads) {
        return threads.entrySet().stream()
                .filter(e -> e.getKey().contains("CompilerThre"))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    private static long[] numbers(String[] f) {
        return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])};
    }

    private static Map<String, Long> threads(String field) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (!field.equals("-")) {
            for (String kv : field.split(";", -1)) {
                int eq = kv.lastIndexOf('=');
                out.put(kv.substring(0, eq), Long.parseLong(kv.substring(eq + 1)));
            }
        }
        return out;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Process start(String mode, Duration wall, Duration interval, Duration first, Duration steadyFrom)
            throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        return new ProcessBuilder(List.of(
                        java,
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                        "-cp",
                        System.getProperty("java.class.path"),
                        OverheadChild.class.getName(),
                        mode,
                        Long.toString(wall.toSeconds()),
                        Long.toString(interval.toMillis()),
                        Long.toString(first.toSeconds()),
                        Long.toString(steadyFrom.toSeconds())))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static String[] read(Process p) throws Exception {
        String line;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            line = r.readLine();
        }
        int exit = p.waitFor();
        if (line == null || exit != 0) {
            throw new IllegalStateException("overhead child exited with " + exit + " and printed " + line);
        }
        return line.trim().split(" ");
    }
}

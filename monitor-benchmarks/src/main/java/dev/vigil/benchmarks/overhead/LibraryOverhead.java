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
 * time, with the JVM's default flags. The difference of their process CPU time over the wall time is Vigil's share of one core;
 * the difference of their heap in use after full collections is the heap Vigil holds. Running
 * them at the same time exposes both to the same machine noise.
 *
 * <pre>{@code
 * LibraryOverhead.Result r = LibraryOverhead.measure(Duration.ofMinutes(5), Duration.ofSeconds(10));
 * }</pre>
 */
public final class LibraryOverhead {

    private LibraryOverhead() {
    }

    /**
     * The figures.
     *
     * @param cpuShareOfOneCore extra CPU time over wall time, 0..1 of one core
     * @param idleCpuNanos CPU time of the idle JVM
     * @param vigilCpuNanos CPU time of the JVM running Vigil
     * @param steadyCpuShareOfOneCore the same from {@link OverheadChild#STEADY_AFTER} on
     * @param heapBytes extra heap in use after full collections
     * @param wall how long both ran
     * @param steadyWall how long the steady-state span lasted
     * @param threadCpuDifference CPU milliseconds per thread kind, Vigil's JVM minus the idle one,
     *     largest first (whole run, 10 ms resolution)
     */
    public record Result(double cpuShareOfOneCore, long idleCpuNanos, long vigilCpuNanos,
                         double steadyCpuShareOfOneCore, long heapBytes, Duration wall, Duration steadyWall,
                         Map<String, Long> threadCpuDifference) {
    }

    /** Runs both JVMs for {@code wall} with ticks every {@code interval}. */
    public static Result measure(Duration wall, Duration interval) throws Exception {
        Process idle = start("idle", wall, interval);
        Process vigil = start("vigil", wall, interval);
        String[] idleLine = read(idle);
        String[] vigilLine = read(vigil);
        long[] i = numbers(idleLine);
        long[] v = numbers(vigilLine);
        double share = (v[0] - i[0]) / (double) wall.toNanos();
        Duration steadyWall = wall.minus(min(OverheadChild.STEADY_AFTER, wall.dividedBy(2)));
        double steady = (v[1] - i[1]) / (double) steadyWall.toNanos();
        Map<String, Long> threads = threads(vigilLine[3]);
        threads(idleLine[3]).forEach((k, ms) -> threads.merge(k, -ms, Long::sum));
        Map<String, Long> sorted = new LinkedHashMap<>();
        threads.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .filter(e -> e.getValue() != 0).forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return new Result(share, i[0], v[0], steady, v[2] - i[2], wall, steadyWall, sorted);
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

    private static Process start(String mode, Duration wall, Duration interval) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        return new ProcessBuilder(List.of(java, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), OverheadChild.class.getName(), mode,
                Long.toString(wall.toSeconds()), Long.toString(interval.toMillis())))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
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

package dev.vigil.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The machine and JVM a run happened on, for the head of the result table.
 *
 * <pre>{@code
 * Map<String, String> env = Environment.describe("java -jar vigil-benchmarks.jar");
 * }</pre>
 */
public final class Environment {

    private Environment() {}

    /** Date, command, processors, CPU model, memory, OS, JDK and JVM flags. */
    public static Map<String, String> describe(String command) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        env.put("command", command);
        env.put("processors", Integer.toString(Runtime.getRuntime().availableProcessors()));
        env.put("cpu", cpuModel());
        env.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        env.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        env.put(
                "jvm flags",
                String.join(
                        " ",
                        java.lang.management.ManagementFactory.getRuntimeMXBean()
                                .getInputArguments()));
        env.put("max heap", (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        return env;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the OS name says enough
        }
        return System.getProperty("os.arch");
    }
}

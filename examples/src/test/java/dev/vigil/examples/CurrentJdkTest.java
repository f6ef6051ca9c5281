package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a current JDK (24 and later warn when a library loads native code without being granted
 * native access) the quickstart runs, with alerts and their reports, and prints no warning: on
 * Linux Vigil reads {@code /proc} and never loads JNA unless the application grants it access.
 * Runs where such a JDK is installed under {@code /usr/lib/jvm}.
 */
class CurrentJdkTest {

    @Test
    void theQuickstartPrintsNoRestrictedMethodWarningOnJdk24OrLater(@TempDir Path dir) throws Exception {
        Optional<Path> java = currentJdk();
        assumeThat(java).as("a JDK 24 or later under /usr/lib/jvm").isPresent();
        ChildJvm run = ChildJvm.run(
                dir.resolve("out.txt"),
                java.get().toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "quickstart",
                "--interval",
                "250ms",
                "--duration",
                "3s",
                "--demo-after",
                "250ms",
                "--demo-length",
                "10s",
                "--demo-condition",
                "schedule",
                "--storage",
                dir.resolve("vigil-data").toString());
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output())
                .contains("FIRING " + Demo.SCHEDULED_RULE_NAME, "Top processes by CPU:")
                .doesNotContain("restricted method", "WARNING: ");
    }

    /** The newest JDK 24 or later under /usr/lib/jvm, its java launcher. */
    static Optional<Path> currentJdk() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jvms)) {
            return dirs.filter(d -> Files.isExecutable(d.resolve("bin/java")) && feature(d) >= 24)
                    .max(Comparator.comparingInt(CurrentJdkTest::feature))
                    .map(d -> d.resolve("bin/java"));
        }
    }

    /** The JDK's feature release from its {@code release} file, 0 when unknown. */
    private static int feature(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(v.split("[.+-]", -1)[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown
        }
        return 0;
    }
}

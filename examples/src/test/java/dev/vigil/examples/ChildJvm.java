package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A program run to its end in a JVM of its own (bounded far above its expected time), with what it printed. */
record ChildJvm(int exitCode, String output) {

    /** Runs {@code command}, its output and errors going to {@code out}. */
    static ChildJvm run(Path out, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        try {
            assertThat(p.waitFor(120, TimeUnit.SECONDS))
                    .as(String.join(" ", command) + " ends within 120 s")
                    .isTrue();
        } finally {
            p.destroyForcibly();
        }
        return new ChildJvm(p.exitValue(), Files.readString(out));
    }
}

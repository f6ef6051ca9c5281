package dev.vigil.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every part of the suite with tiny counts (JMH in this JVM, one 100 ms iteration; a few
 * 50 ms ticks), so that the benchmarks keep compiling and running. The figures are not looked at.
 */
class BenchmarkSuiteSmokeTest {

    @Test
    void everyPartRunsAndWritesEveryFigureToBothFiles(@TempDir Path out) throws Exception {
        BenchmarkSuite.Options quick = BenchmarkSuite.Options.quick(out);
        List<Figure> figures = BenchmarkSuite.run(quick);
        new Report(Environment.describe(quick.command()), figures).write(out);

        assertThat(figures)
                .extracting(Figure::id)
                .contains(
                        "tick.cpu.vigil_over_floor",
                        "tick.cpu.vigil_over_oshi",
                        "tick.cpu.vigil_over_micrometer",
                        "tick.alloc.vigil",
                        "history.append.10s",
                        "history.append.1s",
                        "history.avg1h.10s",
                        "history.avg1h.1s",
                        "history.raw.bytes_per_sample",
                        "rules.pass.time",
                        "rules.pass.alloc",
                        "notify.latency.p99",
                        "notify.latency.p99.warm",
                        "notify.storm.events_per_second",
                        "overhead.cpu",
                        "overhead.heap");
        // finite only: a difference of two JVMs' CPU time over a 3 s smoke run may come out negative
        assertThat(figures).allSatisfy(f -> assertThat(f.value()).as(f.id()).isFinite());
        String json = Files.readString(out.resolve("results.json"));
        String md = Files.readString(out.resolve("results.md"));
        for (Figure f : figures) {
            assertThat(json).contains("\"" + f.id() + "\"");
            assertThat(md).contains(f.what());
        }
    }
}

package dev.vigil.test.sources;

import dev.vigil.core.container.ContainerMetrics;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.source.MetricSource;
import dev.vigil.test.MetricSourceCompatibilityKit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container source keeps the MetricSource contract over a cgroup v2 tree written as the kernel
 * writes it, so the test does not depend on the machine's own cgroups. No broken source: with its
 * cgroup's files gone the source leaves its series out rather than UNKNOWN, which the kit's
 * failure checks would (rightly) refuse.
 */
class ContainerMetricsCompatibilityTest extends MetricSourceCompatibilityKit {

    static final String DIR = "sys/fs/cgroup/app.service/";

    @TempDir
    Path root;

    private void write(String relativePath, String content) {
        try {
            Path file = root.resolve(relativePath);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void hierarchy() {
        write("proc/self/cgroup", "0::/app.service\n");
        write(
                "proc/self/mountinfo",
                "25 30 0:22 / /proc rw,nosuid,nodev,noexec,relatime shared:14 - proc proc rw\n"
                        + "30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4"
                        + " - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n");
    }

    @Override
    protected MetricSource source() {
        hierarchy();
        write(DIR + "cpu.max", "50000 100000\n");
        write(DIR + "cpu.stat", """
                usage_usec 1000000
                user_usec 1
                system_usec 1
                nr_periods 100
                nr_throttled 10
                throttled_usec 200000
                """);
        write(DIR + "memory.current", "419430400\n");
        write(DIR + "memory.stat", "anon 1000\nfile 2000\ninactive_file 104857600\nactive_file 5\n");
        write(DIR + "memory.max", "1073741824\n");
        write(DIR + "memory.events", "low 0\nhigh 0\nmax 3\noom 0\noom_kill 0\n");
        write(DIR + "io.stat", "8:0 rbytes=10000 wbytes=4096 rios=3 wios=1 dbytes=0 dios=0\n");
        write(DIR + "pids.current", "12\n");
        write(DIR + "pids.max", "100\n");
        return ContainerMetrics.builder().root(root).build();
    }

    /**
     * Documented on the class: the ratios between two readings (CPU use of the limit, throttled
     * share of periods) start on the second sample.
     */
    @Override
    protected boolean mayBeAbsent(MetricId declared) {
        return declared.name().equals("container.cpu.utilization")
                || declared.name().equals("container.cpu.throttled.periods");
    }
}

package dev.vigil.core.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.core.Monitor;
import dev.vigil.core.Tick;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On a machine whose process sits in a cgroup v2 hierarchy with limits (a container under
 * Docker, Podman or Kubernetes on a v2 host), the limits Vigil reports are those the kernel's
 * files hold, read here independently. Elsewhere (v1 or hybrid hosts, no limits) it is skipped
 * with a message: the fixtures of {@link CgroupV2Test} then stand in for it.
 */
class RealCgroupV2Test {

    @Test
    void theLimitsReportedAreTheKernelsOnARealV2Hierarchy() throws IOException {
        ContainerMetrics container = ContainerMetrics.create();
        assumeTrue(
                container.version() == CgroupVersion.V2 && container.hasLimits(),
                "skipped: this machine offers no cgroup v2 hierarchy with limits (Vigil found " + container.version()
                        + (container.hasLimits() ? " with" : " without") + " limits)");
        Path dir = ownV2Directory();
        assumeTrue(
                dir != null && Files.isReadable(dir.resolve("cpu.max")),
                "skipped: the cgroup v2 directory of this process is not at /sys/fs/cgroup");

        try (Monitor monitor =
                Monitor.builder().every(Duration.ofSeconds(1)).source(container).build()) {
            Tick tick = monitor.tickNow();

            String[] cpuMax = Files.readString(dir.resolve("cpu.max")).trim().split(" ", -1);
            if (cpuMax[0].equals("max")) {
                assertThat(tick.value(ContainerMetrics.CPU_LIMIT)).isNaN();
            } else {
                assertThat(tick.value(ContainerMetrics.CPU_LIMIT))
                        .isCloseTo(Double.parseDouble(cpuMax[0]) / Double.parseDouble(cpuMax[1]), within(1e-12));
            }
            expectLimit(tick.value(ContainerMetrics.MEMORY_LIMIT), dir.resolve("memory.max"));
            expectLimit(tick.value(ContainerMetrics.PIDS_MAX), dir.resolve("pids.max"));
            assertThat(tick.value(ContainerMetrics.MEMORY_USAGE)).isPositive();
            assertThat(tick.unknown()).isEmpty();
        }
    }

    private static void expectLimit(double reported, Path file) throws IOException {
        if (!Files.isReadable(file)) {
            return;
        }
        String text = Files.readString(file).trim();
        if (text.equals("max")) {
            assertThat(reported).as("%s is max", file).isNaN();
        } else {
            assertThat(reported).as("%s", file).isEqualTo(Double.parseDouble(text));
        }
    }

    /** /sys/fs/cgroup plus the path of the {@code 0::} line (or /sys/fs/cgroup in a cgroup namespace). */
    private static Path ownV2Directory() throws IOException {
        Path base = Path.of("/sys/fs/cgroup");
        if (!Files.exists(base.resolve("cgroup.controllers"))) {
            return null;
        }
        List<String> lines = Files.readAllLines(Path.of("/proc/self/cgroup"));
        for (String line : lines) {
            if (line.startsWith("0::")) {
                Path dir = base.resolve(line.substring(3).replaceFirst("^/", ""));
                return Files.exists(dir.resolve("cpu.max")) ? dir : base;
            }
        }
        return null;
    }
}

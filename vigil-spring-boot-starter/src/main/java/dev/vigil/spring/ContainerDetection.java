package dev.vigil.spring;

import dev.vigil.core.container.ContainerMetrics;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this JVM runs in a container, for {@code vigil.sources.container=auto}. A cgroup exists
 * on every modern Linux host (systemd puts every service in one), so its presence says nothing:
 * the markers container runtimes leave, or a limit on the cgroup, do.
 */
final class ContainerDetection {

    private ContainerDetection() {}

    static boolean inContainer() {
        return Files.exists(Path.of("/.dockerenv")) // Docker
                || Files.exists(Path.of("/run/.containerenv")) // Podman
                || System.getenv("KUBERNETES_SERVICE_HOST") != null
                || ContainerMetrics.create().hasLimits();
    }
}

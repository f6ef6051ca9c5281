package dev.vigil.core.container;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** What the fixture-tree tests share: a temporary root and the container source sampled over it. */
abstract class CgroupFixtureTest {

    @TempDir
    Path root;

    SampledContainer sampled;

    @AfterEach
    void closeMonitor() {
        if (sampled != null) {
            sampled.close();
        }
    }

    ContainerMetrics source(CgroupTree tree) {
        sampled = new SampledContainer(tree);
        return sampled.container;
    }
}

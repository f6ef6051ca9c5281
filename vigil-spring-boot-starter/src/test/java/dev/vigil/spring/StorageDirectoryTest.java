package dev.vigil.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.vigil.core.Monitor;
import dev.vigil.core.history.SeriesHistory;
import dev.vigil.core.storage.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code vigil.storage.directory}: the monitor's history in a directory that outlives the context. */
class StorageDirectoryTest {

    @Test
    void withoutAStorageDirectoryTheMonitorKeepsItsHistoryInMemory() {
        try (ConfigurableApplicationContext context = start(null)) {
            assertThat(context.getBean(Monitor.class).storage()).isNull();
        }
    }

    @Test
    void theHistoryOfOneRunIsReadInTheNextRunOnTheSameDirectory(@TempDir Path dir) {
        Path directory = dir.resolve("vigil-data");
        long before;
        try (ConfigurableApplicationContext first = start(directory)) {
            Monitor monitor = first.getBean(Monitor.class);
            assertThat(monitor.storage())
                    .extracting(Storage::root)
                    .isEqualTo(directory.toAbsolutePath().normalize());
            before = System.currentTimeMillis();
            // An hour between ticks: the value below is sampled by the last tick, when the context closes.
            first.getBean(TestApplication.QueueDepth.class).set(4242);
        }
        long after = System.currentTimeMillis();
        assertThat(directory.resolve(Storage.LOCK_FILE)).exists();
        assertThat(directory.resolve("history")).isDirectory();
        // the alert engine's state and the notification log live beside the history
        assertThat(directory.resolve("alerts"))
                .isDirectoryContaining(f -> f.getFileName().toString().startsWith("alerts"));
        assertThat(directory.resolve("notify"))
                .isDirectoryContaining(f -> f.getFileName().toString().startsWith("nflog"));

        try (ConfigurableApplicationContext second = start(directory)) {
            List<SeriesHistory> queue = second.getBean(Monitor.class).history().byName("app.queue.depth");

            assertThat(queue).hasSize(1);
            assertThat(queue.get(0).range(before, after))
                    .as("samples of the first run, read from the directory by the second")
                    .anySatisfy(p -> assertThat(p.avg()).isEqualTo(4242.0));
        }
    }

    @Test
    void aDirectoryInUseByAnotherContextFailsStartupNamingThePropertyAndTheDirectory(@TempDir Path dir)
            throws Exception {
        Path directory = dir.resolve("vigil-data");
        try (ConfigurableApplicationContext first = start(directory)) {
            Throwable failure = catchThrowable(() -> start(directory).close());

            assertThat(failure).as("the second startup should fail").isNotNull();
            InvalidVigilPropertyException invalid = find(failure);
            assertThat(invalid.property()).isEqualTo("vigil.storage.directory");
            assertThat(invalid.value()).isEqualTo(directory.toString());
            assertThat(invalid.reason()).contains("in use").contains(directory.toString());
            FailureAnalysis analysis = new InvalidVigilPropertyFailureAnalyzer().analyze(failure);
            assertThat(analysis.getDescription())
                    .contains("Property: vigil.storage.directory")
                    .contains("Value: " + directory);
            assertThat(first.getBean(Monitor.class).isClosed())
                    .as("the first context keeps its monitor")
                    .isFalse();
        }
        // The failed startup left no lock behind: once the first context is closed the directory opens again.
        try (ConfigurableApplicationContext third = start(directory)) {
            assertThat(third.getBean(Monitor.class).storage()).isNotNull();
        }
        try (var files = Files.list(directory.resolve("history"))) {
            assertThat(files).isNotEmpty();
        }
    }

    private static ConfigurableApplicationContext start(Path directory) {
        SpringApplicationBuilder app = new SpringApplicationBuilder(TestApplication.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "vigil.interval=1h",
                        "vigil.sources.host=false",
                        "vigil.sources.process=false",
                        "vigil.sources.jvm=false",
                        "vigil.sources.container=never",
                        "vigil.rules.packs.host=false",
                        "vigil.rules.packs.jvm=false",
                        "vigil.rules.packs.process=false",
                        "vigil.rules.packs.container=false");
        if (directory != null) {
            app.properties("vigil.storage.directory=" + directory);
        }
        return app.run();
    }

    private static InvalidVigilPropertyException find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidVigilPropertyException invalid) {
                return invalid;
            }
        }
        throw new AssertionError("no InvalidVigilPropertyException in " + failure, failure);
    }
}

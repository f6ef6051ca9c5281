package dev.vigil.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.Monitor;
import dev.vigil.core.history.SeriesHistory;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.MetricSource;
import dev.vigil.core.time.ManualClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageTest {

    @TempDir
    Path dir;

    @Test
    void aSecondOpenInTheSameJvmIsRefusedWithTheDirectoryNamed() {
        Storage first = Storage.open(dir);
        try (first) {
            assertThatThrownBy(() -> Storage.open(dir))
                    .isInstanceOf(StorageLockedException.class)
                    .hasMessageContaining(dir.toAbsolutePath().normalize().toString())
                    .hasMessageContaining("in use");
        }
        try (Storage again = Storage.open(dir)) { // closing released the lock
            assertThat(again.root()).isEqualTo(dir.toAbsolutePath().normalize());
        }
    }

    @Test
    void aSecondProcessIsRefusedUntilTheFirstDiesEvenBySigkill() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        LockHolder.class.getName(),
                        dir.toString())
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");
            assertThatThrownBy(() -> Storage.open(dir))
                    .isInstanceOf(StorageLockedException.class)
                    .hasMessageContaining(dir.toAbsolutePath().normalize().toString());
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        try (Storage mine = Storage.open(dir)) {
            assertThat(mine.isClosed()).isFalse();
        }
    }

    @Test
    void componentsGetTheirOwnSubDirectory() {
        try (Storage storage = Storage.open(dir)) {
            Path alerts = storage.directory("alerts");
            assertThat(alerts).isEqualTo(storage.root().resolve("alerts")).isDirectory();
            assertThatThrownBy(() -> storage.directory("../escape"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'../escape'");
        }
    }

    @Test
    void aMonitorBuiltWithAPathLocksItUntilClosedAndLeavesAGivenStorageOpen() {
        Monitor monitor = Monitor.builder().storage(dir).build();
        assertThatThrownBy(() -> Storage.open(dir)).isInstanceOf(StorageLockedException.class);
        monitor.close();
        Storage shared = Storage.open(dir);
        Monitor second = Monitor.builder().storage(shared).build();
        assertThat(second.storage()).isSameAs(shared);
        second.close();
        assertThat(shared.isClosed()).isFalse();
        shared.close();
        assertThat(Monitor.builder().build().storage()).isNull();
    }

    @Test
    void aMonitorRestartedOnTheSameDirectoryHasTheHistoryOfTheOneBefore() {
        ManualClock clock = ManualClock.create();
        double[] next = {0};
        MetricSource source = sink -> sink.gauge(MetricId.of("test.gauge"), Unit.RATIO, next[0]);
        Monitor first = Monitor.builder()
                .clock(clock)
                .every(Duration.ofSeconds(10))
                .source(source, Duration.ofSeconds(5))
                .storage(dir)
                .build();
        for (int i = 0; i < 100; i++) {
            next[0] = i / 100.0;
            first.tickNow();
            clock.advance(Duration.ofSeconds(10));
        }
        SeriesHistory before = first.history().series(MetricId.of("test.gauge"));
        long count = before.count(Duration.ofHours(1));
        double avg = before.avg(Duration.ofHours(1));
        first.close();

        Monitor second = Monitor.builder()
                .clock(clock)
                .every(Duration.ofSeconds(10))
                .storage(dir)
                .build();
        SeriesHistory after = second.history().series(MetricId.of("test.gauge"));
        assertThat(after).isNotNull();
        assertThat(after.count(Duration.ofHours(1))).isEqualTo(count).isGreaterThanOrEqualTo(100);
        assertThat(after.avg(Duration.ofHours(1))).isEqualTo(avg);
        second.close();
    }

    /** Child process: holds the lock until killed. */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            Storage.open(Path.of(args[0]));
            System.out.println("locked");
            System.out.flush();
            System.in.read(); // held until the parent kills this process (or closes its stdin)
        }
    }
}

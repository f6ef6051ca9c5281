package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.label.LabelMatcher;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.alerts.silence.Silence;
import dev.vigil.core.Monitor;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.Sources;
import dev.vigil.core.storage.Storage;
import dev.vigil.core.time.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One storage directory, given once, reaches the engine and the engine's listeners. */
class StorageWiringTest {

    @TempDir
    Path dir;

    final ManualClock clock = ManualClock.create();

    /** A listener that notes the storage it is offered, as the notifications take theirs. */
    static final class StorageNoting implements AlertListener {
        final List<Storage> offered = new CopyOnWriteArrayList<>();
        final List<AlertEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onStorage(Storage storage) {
            offered.add(storage);
        }

        @Override
        public void onEvent(AlertEvent event) {
            events.add(event);
        }

        List<String> kinds() {
            return events.stream().map(e -> e.getClass().getSimpleName()).toList();
        }
    }

    AlertEngine.Builder engine() {
        return AlertEngine.builder()
                .clock(clock)
                .synchronousListeners()
                .reports(ReportCapture.none())
                .rule(Rule.threshold("disk-full").metric("disk.usage").warnAbove(0.9));
    }

    Monitor.Builder monitor() {
        return Monitor.builder()
                .clock(clock)
                .every(Duration.ofSeconds(10))
                .source(Sources.named("disk", sink -> sink.gauge("disk.usage", Unit.RATIO, 0.95)));
    }

    @Test
    void anEngineListeningToAMonitorWithAStorageKeepsItsStateThereAndOffersItToItsListeners() {
        StorageNoting listener = new StorageNoting();
        AlertEngine alerts = engine().listener(listener).build();
        String silence = alerts.silence(Silence.matching(LabelMatcher.equal("mount", "/var"))
                .from(clock.now())
                .lasting(Duration.ofHours(1))
                .by("ops")
                .comment("made before the storage")
                .build());
        try (Monitor m = monitor().storage(dir).listener(alerts).build()) {
            assertThat(listener.offered)
                    .singleElement()
                    .satisfies(s -> assertThat(s.root())
                            .isEqualTo(java.util.Objects.requireNonNull(m.storage())
                                    .root()));
            m.tickNow();
        }
        assertThat(dir.resolve("alerts").resolve("alerts.snapshot")).exists();
        // built again on the same directory: the firing alert and the silence made before the engine had its storage
        StorageNoting again = new StorageNoting();
        AlertEngine restarted = engine().listener(again).build();
        try (Monitor m = monitor().storage(dir).listener(restarted).build()) {
            m.tickNow();
            assertThat(restarted.silences()).containsKey(silence);
            assertThat(again.kinds()).containsExactly("Restored");
            assertThat(again.events.get(0).alert().state()).isEqualTo(AlertState.FIRING);
        }
    }

    @Test
    void anEngineThatHasEvaluatedIgnoresALaterStorage() {
        AlertEngine alerts = engine().build();
        try (Monitor memory = monitor().listener(alerts).build()) {
            memory.tickNow();
            try (Storage storage = Storage.open(dir)) {
                alerts.onStorage(storage);
            }
        }
        assertThat(dir.resolve("alerts")).doesNotExist();
    }

    @Test
    void anEngineGivenItsOwnStateDirectoryKeepsItAndOffersNothing() {
        StorageNoting listener = new StorageNoting();
        Path own = dir.resolve("own");
        AlertEngine alerts = engine().stateDirectory(own).listener(listener).build();
        try (Monitor m =
                monitor().storage(dir.resolve("shared")).listener(alerts).build()) {
            m.tickNow();
        }
        assertThat(own.resolve("alerts.snapshot")).exists();
        assertThat(dir.resolve("shared").resolve("alerts")).doesNotExist();
        assertThat(listener.offered).isEmpty();
    }

    @Test
    void anEngineGivenAStorageOffersItToListenersAddedLater() {
        try (Storage storage = Storage.open(dir)) {
            AlertEngine alerts = engine().storage(storage).build();
            StorageNoting later = new StorageNoting();
            alerts.addListener(later);
            assertThat(later.offered).containsExactly(storage);
            alerts.close();
        }
        assertThat(dir.resolve("alerts").resolve("alerts.snapshot")).exists();
    }
}

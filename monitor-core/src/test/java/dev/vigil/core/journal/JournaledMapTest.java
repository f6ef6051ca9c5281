package dev.vigil.core.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournaledMapTest {

    @TempDir
    Path dir;

    JournaledMap open() {
        return JournaledMap.open(dir, "state", Duration.ZERO);
    }

    /** The journal the open map writes to, read while it is open (as after a kill). */
    Path journal() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("state.journal-"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    /** Copies the files as a SIGKILL would leave them: no close, no final snapshot. */
    Path killedCopy() throws IOException {
        Path copy = Files.createTempDirectory(dir.getParent(), "killed");
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                if (!p.getFileName().toString().endsWith(".lock")) {
                    Files.copy(p, copy.resolve(p.getFileName()));
                }
            }
        }
        return copy;
    }

    @Test
    void whatWasWrittenIsReadBackAfterAKillWithoutClose() throws IOException {
        Path copy;
        try (JournaledMap m = open()) {
            m.put("a", "1");
            m.put("b", "two words");
            m.put("a", "3");
            m.remove("b");
            copy = killedCopy();
        }
        try (JournaledMap back = JournaledMap.open(copy, "state", Duration.ZERO)) {
            assertThat(back.entries()).isEqualTo(Map.of("a", "3"));
            assertThat(back.skippedRecords()).isZero();
        }
    }

    @Test
    void aTornLastRecordIsSkippedAndTheRestIsKept() throws IOException {
        Path copy;
        try (JournaledMap m = open()) {
            m.put("a", "1");
            m.put("b", "2");
            copy = killedCopy();
        }
        Path j;
        try (var files = Files.list(copy)) {
            j = files.filter(p -> p.getFileName().toString().startsWith("state.journal-"))
                    .findFirst()
                    .orElseThrow();
        }
        byte[] full = Files.readAllBytes(j);
        Files.write(j, java.util.Arrays.copyOf(full, full.length - 3)); // the write of "b" cut short
        try (JournaledMap back = JournaledMap.open(copy, "state", Duration.ZERO)) {
            assertThat(back.entries()).isEqualTo(Map.of("a", "1"));
            assertThat(back.skippedRecords()).isEqualTo(1);
            back.put("c", "3"); // appends after a torn tail are readable
        }
        try (JournaledMap again = JournaledMap.open(copy, "state", Duration.ZERO)) {
            assertThat(again.entries()).isEqualTo(Map.of("a", "1", "c", "3"));
            assertThat(again.skippedRecords()).isZero();
        }
    }

    @Test
    void aFlippedBitInTheMiddleSkipsThatRecordOnlyAndNeverReadsItAsData() throws IOException {
        Path copy;
        try (JournaledMap m = open()) {
            m.put("a", "1");
            m.put("b", "2");
            m.put("c", "3");
            copy = killedCopy();
        }
        Path j;
        try (var files = Files.list(copy)) {
            j = files.filter(p -> p.getFileName().toString().startsWith("state.journal-"))
                    .findFirst()
                    .orElseThrow();
        }
        byte[] data = Files.readAllBytes(j);
        int second = JournaledMap.record(JournaledMap.PUT, "a", "1").remaining();
        data[second + 13] ^= 0x04; // inside the key of "b"
        Files.write(j, data);
        try (JournaledMap back = JournaledMap.open(copy, "state", Duration.ZERO)) {
            assertThat(back.entries()).isEqualTo(Map.of("a", "1", "c", "3"));
            assertThat(back.skippedRecords()).isEqualTo(1);
        }
    }

    @Test
    void garbageAppendedToAJournalIsSkipped() throws IOException {
        Path copy;
        try (JournaledMap m = open()) {
            m.put("a", "1");
            copy = killedCopy();
        }
        try (var files = Files.list(copy)) {
            Path j = files.filter(p -> p.getFileName().toString().startsWith("state.journal-"))
                    .findFirst()
                    .orElseThrow();
            Files.write(
                    j,
                    new byte[] {0x56, 0x47, 0x4c, 0x31, 0, 0, 0, 5, 1, 2, 3, 4, 'P', 'x', 0, 'y', 'z'},
                    StandardOpenOption.APPEND);
        }
        try (JournaledMap back = JournaledMap.open(copy, "state", Duration.ZERO)) {
            assertThat(back.entries()).isEqualTo(Map.of("a", "1"));
            assertThat(back.skippedRecords()).isEqualTo(1);
        }
    }

    @Test
    void compactionKeepsEveryEntryAndRemovesOldJournals() throws IOException {
        try (JournaledMap m = open()) {
            for (int i = 0; i < 30_000; i++) {
                m.put("k" + (i % 100), "value number " + i); // ~1.3 MB of journal: compacts at least once
            }
        }
        try (JournaledMap back = open()) {
            assertThat(back.entries()).hasSize(100).containsEntry("k99", "value number 29999");
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())
                            .filter(n -> n.startsWith("state.journal-"))
                            .toList())
                    .hasSize(1);
        }
    }

    @Test
    void aSecondOpenOfTheSameMapFailsNamingTheDirectory() {
        JournaledMap first = open();
        try (first) {
            assertThatThrownBy(this::open)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(dir.toAbsolutePath().toString());
        }
        open().close(); // released at close
    }

    @Test
    void fieldsRoundTripWhateverTheyHold() {
        List<String> tricky = List.of("a b", "-", "%20", "é\u0000\n", "", "x=y&z");
        assertThat(Fields.split(Fields.join(tricky.toArray()))).isEqualTo(tricky);
        assertThat(Fields.split(Fields.join("a", null, "b"))).containsExactly("a", null, "b");
        assertThat(Fields.labels(Fields.labels(Map.of("k 1", "v-", "k2", ""))))
                .isEqualTo(Map.of("k 1", "v-", "k2", ""));
    }
}

package dev.vigil.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureLogTest {

    private final RecordingLogger logger = new RecordingLogger();
    private final FailureLog failures = new FailureLog(logger);

    @Test
    void aRunOfFailuresIsLoggedOnceAndItsEndOnce() {
        failures.succeeded("source {} recovered", "disk");
        for (int i = 0; i < 3; i++) {
            failures.failed("source {} failed", "disk", new IllegalStateException("boom " + i));
        }
        assertThat(failures.failing()).isTrue();
        failures.succeeded("source {} recovered", "disk");
        failures.succeeded("source {} recovered", "disk");

        assertThat(logger.lines).containsExactly("WARN source disk failed | boom 0", "INFO source disk recovered");
        assertThat(failures.failing()).isFalse();
    }

    @Test
    void aFailureAfterARecoveryIsLoggedAgain() {
        failures.failed("checkpoint failed", new IllegalStateException("disk full"));
        failures.succeeded("checkpoint succeeded again");
        failures.failed("rule {} could not evaluate {}", "cpu", "host.cpu", new IllegalStateException("nan"));
        failures.succeeded("rule {} evaluates {} again", "cpu", "host.cpu");

        assertThat(logger.lines)
                .containsExactly(
                        "WARN checkpoint failed | disk full",
                        "INFO checkpoint succeeded again",
                        "WARN rule cpu could not evaluate host.cpu | nan",
                        "INFO rule cpu evaluates host.cpu again");
    }
}

package dev.vigil.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;

/**
 * Vigil stops after the web server's graceful shutdown has drained requests, and before the web
 * server stops (Spring Boot stops it 1024 phases below the graceful shutdown), so the actuator
 * answers until Vigil has sent its last notifications. Lifecycles stop from the highest phase down.
 */
class LifecyclePhaseTest {

    @Test
    void vigilStopsBetweenTheGracefulShutdownAndTheWebServerStop() {
        int gracefulShutdown = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE;
        int webServerStop = gracefulShutdown - 1024;

        assertThat(VigilLifecycle.PHASE).isLessThan(gracefulShutdown).isGreaterThan(webServerStop);
    }
}

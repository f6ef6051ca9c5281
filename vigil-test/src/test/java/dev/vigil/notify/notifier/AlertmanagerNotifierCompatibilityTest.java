package dev.vigil.notify.notifier;

import dev.vigil.core.time.ManualClock;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.Secret;
import dev.vigil.notify.testkit.LoopbackHttpReceiver;
import dev.vigil.test.NotifierCompatibilityKit;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * AlertmanagerNotifier against the {@link NotifierCompatibilityKit}, with a real HTTP receiver on loopback. The notifier's own
 * behaviour (payload shape, limits, escaping) is tested in monitor-notify's AlertmanagerNotifierTest.
 */
class AlertmanagerNotifierCompatibilityTest extends NotifierCompatibilityKit {

    private final LoopbackHttpReceiver server = LoopbackHttpReceiver.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Override
    protected Notifier notifier(Duration timeout) {
        return AlertmanagerNotifier.builder(server.uri("/")).clock(clock).timeout(timeout).build();
    }

    @Override
    protected Notifier notifierAt(InetSocketAddress silent, Duration timeout) {
        return AlertmanagerNotifier.builder(URI.create("http://127.0.0.1:" + silent.getPort())).timeout(timeout).build();
    }

    @Override
    protected List<String> received() {
        return server.bodies();
    }

    // after the test alerts' start, so that the alerts' endsAt lie ahead of "now"
    private final ManualClock clock = ManualClock.at(Instant.parse("2026-01-01T00:02:00Z"));

    /** Alertmanager's API takes at most {@value AlertmanagerNotifier#MAX_ALERTS_PER_REQUEST} alerts a request. */
    @Override
    protected int requestsForAlerts(int alerts) {
        return (alerts + AlertmanagerNotifier.MAX_ALERTS_PER_REQUEST - 1) / AlertmanagerNotifier.MAX_ALERTS_PER_REQUEST;
    }
}

package dev.vigil.notify.notifier;

import dev.vigil.core.time.ManualClock;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.testkit.LoopbackHttpReceiver;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * AlertmanagerNotifier against the {@link dev.vigil.test.NotifierCompatibilityKit}, with a real HTTP receiver on loopback.
 * The notifier's own behaviour (payload, limits, escaping) is tested in monitor-notify's AlertmanagerNotifierTest.
 */
class AlertmanagerNotifierCompatibilityTest extends LoopbackNotifierKit {

    // after the test alerts' start, so that the alerts' endsAt lie ahead of "now"
    private final ManualClock clock = ManualClock.at(Instant.parse("2026-01-01T00:02:00Z"));

    AlertmanagerNotifierCompatibilityTest() {
        super(LoopbackHttpReceiver.start());
    }

    @Override
    protected Notifier notifierAt(String base, Duration timeout) {
        return AlertmanagerNotifier.builder(URI.create(base + "/"))
                .clock(clock)
                .timeout(timeout)
                .build();
    }

    /** Alertmanager's API takes at most {@value AlertmanagerNotifier#MAX_ALERTS_PER_REQUEST} alerts a request. */
    @Override
    protected int requestsForAlerts(int alerts) {
        return (alerts + AlertmanagerNotifier.MAX_ALERTS_PER_REQUEST - 1) / AlertmanagerNotifier.MAX_ALERTS_PER_REQUEST;
    }
}

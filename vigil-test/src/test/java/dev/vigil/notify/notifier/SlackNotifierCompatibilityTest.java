package dev.vigil.notify.notifier;

import dev.vigil.notify.Notifier;
import dev.vigil.notify.Secret;
import dev.vigil.notify.testkit.LoopbackHttpReceiver;
import java.time.Duration;

/**
 * SlackNotifier against the {@link dev.vigil.test.NotifierCompatibilityKit}, with a real HTTP receiver on loopback.
 * The notifier's own behaviour (payload, limits, escaping) is tested in monitor-notify's SlackNotifierTest.
 */
class SlackNotifierCompatibilityTest extends LoopbackNotifierKit {

    SlackNotifierCompatibilityTest() {
        super(LoopbackHttpReceiver.start());
    }

    @Override
    protected Notifier notifierAt(String base, Duration timeout) {
        return SlackNotifier.builder(Secret.of(base + "/services/T0/B0/xyz"))
                .timeout(timeout)
                .build();
    }
}

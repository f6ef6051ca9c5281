package dev.vigil.notify.notifier;

import dev.vigil.notify.Notifier;
import dev.vigil.notify.Secret;
import dev.vigil.notify.testkit.LoopbackHttpReceiver;
import java.time.Duration;

/**
 * WebhookNotifier against the {@link dev.vigil.test.NotifierCompatibilityKit}, with a real HTTP receiver on loopback.
 * The notifier's own behaviour (payload, limits, escaping) is tested in monitor-notify's WebhookNotifierTest.
 */
class WebhookNotifierCompatibilityTest extends LoopbackNotifierKit {

    WebhookNotifierCompatibilityTest() {
        super(LoopbackHttpReceiver.start());
    }

    @Override
    protected Notifier notifierAt(String base, Duration timeout) {
        return WebhookNotifier.builder(Secret.of(base + "/hook"))
                .timeout(timeout)
                .build();
    }
}

package dev.vigil.notify.notifier;

import dev.vigil.notify.Notifier;
import dev.vigil.notify.Secret;
import dev.vigil.notify.testkit.LoopbackHttpReceiver;
import java.net.URI;
import java.time.Duration;

/**
 * PagerDutyNotifier against the {@link dev.vigil.test.NotifierCompatibilityKit}, with a real HTTP receiver on loopback.
 * The notifier's own behaviour (payload, limits, escaping) is tested in monitor-notify's PagerDutyNotifierTest.
 */
class PagerDutyNotifierCompatibilityTest extends LoopbackNotifierKit {

    PagerDutyNotifierCompatibilityTest() {
        super(LoopbackHttpReceiver.start().byDefault(202, Duration.ZERO));
    }

    @Override
    protected Notifier notifierAt(String base, Duration timeout) {
        return PagerDutyNotifier.builder(Secret.of("R0UT1NGKEY"))
                .endpoint(URI.create(base + "/v2/enqueue"))
                .source("app-1")
                .timeout(timeout)
                .build();
    }

    /** PagerDuty resolves by dedup_key alone: its resolve event does not carry the alert's name. */
    @Override
    protected boolean resolvedPayloadNamesTheAlert() {
        return false;
    }
}

package dev.vigil.notify.notifier;

import dev.vigil.notify.Notifier;
import dev.vigil.notify.Secret;
import java.net.URI;
import java.time.Duration;

/**
 * OpsgenieNotifier against the {@link dev.vigil.test.NotifierCompatibilityKit}, with a real HTTP receiver on loopback that answers as the service does.
 * The notifier's own behaviour (payload, limits, escaping) is tested in monitor-notify's OpsgenieNotifierTest.
 */
class OpsgenieNotifierCompatibilityTest extends LoopbackNotifierKit {

    OpsgenieNotifierCompatibilityTest() {
        super(ChannelReceiver.start(
                202, "{\"result\":\"Request will be processed\",\"took\":0.302,\"requestId\":\"43a29c5c\"}"));
    }

    @Override
    protected Notifier notifierAt(String base, Duration timeout) {
        return OpsgenieNotifier.builder(Secret.of("eb243592-faa2-4ba2-a551q-1afdf565c889"))
                .endpoint(URI.create(base))
                .source("app-1")
                .timeout(timeout)
                .build();
    }
}

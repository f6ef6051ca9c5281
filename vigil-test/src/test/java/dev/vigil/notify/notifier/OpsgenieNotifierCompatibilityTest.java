package dev.vigil.notify.notifier;

import dev.vigil.notify.Notifier;
import dev.vigil.notify.Secret;
import dev.vigil.test.NotifierCompatibilityKit;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * OpsgenieNotifier against the {@link NotifierCompatibilityKit}, with a real HTTP receiver on loopback that answers as the service does. The notifier's own
 * behaviour (payload shape, limits, escaping) is tested in monitor-notify's OpsgenieNotifierTest.
 */
class OpsgenieNotifierCompatibilityTest extends NotifierCompatibilityKit {

    static final String KEY = "eb243592-faa2-4ba2-a551q-1afdf565c889";
    static final String ACCEPTED = "{\"result\":\"Request will be processed\",\"took\":0.302,\"requestId\":\"43a29c5c\"}";

    private final ChannelReceiver server = ChannelReceiver.start(202, ACCEPTED);

    @AfterEach
    void stop() {
        server.close();
    }

    @Override
    protected Notifier notifier(Duration timeout) {
        return OpsgenieNotifier.builder(Secret.of(KEY)).endpoint(server.uri("")).source("app-1").timeout(timeout).build();
    }

    @Override
    protected Notifier notifierAt(InetSocketAddress silent, Duration timeout) {
        return OpsgenieNotifier.builder(Secret.of(KEY)).endpoint(URI.create("http://127.0.0.1:" + silent.getPort())).source("app-1")
                .timeout(timeout).build();
    }

    @Override
    protected List<String> received() {
        return server.bodies();
    }
}

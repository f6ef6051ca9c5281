package dev.vigil.notify.notifier;

import dev.vigil.notify.Notifier;
import dev.vigil.notify.Secret;
import dev.vigil.notify.testkit.LoopbackHttpReceiver;
import dev.vigil.test.NotifierCompatibilityKit;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * PagerDutyNotifier against the {@link NotifierCompatibilityKit}, with a real HTTP receiver on loopback. The notifier's own
 * behaviour (payload shape, limits, escaping) is tested in monitor-notify's PagerDutyNotifierTest.
 */
class PagerDutyNotifierCompatibilityTest extends NotifierCompatibilityKit {

    private final LoopbackHttpReceiver server = LoopbackHttpReceiver.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Override
    protected Notifier notifier(Duration timeout) {
        server.byDefault(202, Duration.ZERO);
        return pd().timeout(timeout).build();
    }

    @Override
    protected Notifier notifierAt(InetSocketAddress silent, Duration timeout) {
        return pd().endpoint(URI.create("http://127.0.0.1:" + silent.getPort() + "/v2/enqueue")).timeout(timeout).build();
    }

    @Override
    protected List<String> received() {
        return server.bodies();
    }

    private PagerDutyNotifier.Builder pd() {
        return PagerDutyNotifier.builder(Secret.of("R0UT1NGKEY")).endpoint(server.uri("/v2/enqueue")).source("app-1");
    }

    /** PagerDuty resolves by dedup_key alone: its resolve event does not carry the alert's name. */
    @Override
    protected boolean resolvedPayloadNamesTheAlert() {
        return false;
    }
}

package dev.vigil.notify.notifier;

import dev.vigil.notify.Notifier;
import dev.vigil.notify.Secret;
import dev.vigil.notify.testkit.LoopbackHttpReceiver;
import dev.vigil.test.NotifierCompatibilityKit;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * WebhookNotifier against the {@link NotifierCompatibilityKit}, with a real HTTP receiver on loopback. The notifier's own
 * behaviour (payload shape, limits, escaping) is tested in monitor-notify's WebhookNotifierTest.
 */
class WebhookNotifierCompatibilityTest extends NotifierCompatibilityKit {

    private final LoopbackHttpReceiver server = LoopbackHttpReceiver.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Override
    protected Notifier notifier(Duration timeout) {
        return WebhookNotifier.builder(Secret.of(server.uri("/hook").toString())).timeout(timeout).build();
    }

    @Override
    protected Notifier notifierAt(InetSocketAddress silent, Duration timeout) {
        return WebhookNotifier.builder(Secret.of("http://127.0.0.1:" + silent.getPort() + "/hook")).timeout(timeout).build();
    }

    @Override
    protected List<String> received() {
        return server.bodies();
    }
}

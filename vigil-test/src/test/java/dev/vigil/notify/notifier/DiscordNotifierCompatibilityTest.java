package dev.vigil.notify.notifier;

import dev.vigil.notify.Notifier;
import dev.vigil.notify.Secret;
import dev.vigil.test.NotifierCompatibilityKit;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * DiscordNotifier against the {@link NotifierCompatibilityKit}, with a real HTTP receiver on loopback that answers as the service does. The notifier's own
 * behaviour (payload shape, limits, escaping) is tested in monitor-notify's DiscordNotifierTest.
 */
class DiscordNotifierCompatibilityTest extends NotifierCompatibilityKit {

    static final String HOOK_PATH = "/api/webhooks/1234567890/s3cr3tDiscordWebhookToken_abcdef";

    private final ChannelReceiver server = ChannelReceiver.start(200, "{\"id\":\"1\",\"type\":0,\"content\":\"\"}");

    @AfterEach
    void stop() {
        server.close();
    }

    @Override
    protected Notifier notifier(Duration timeout) {
        return DiscordNotifier.builder(Secret.of(server.uri(HOOK_PATH).toString())).timeout(timeout).build();
    }

    @Override
    protected Notifier notifierAt(InetSocketAddress silent, Duration timeout) {
        return DiscordNotifier.builder(Secret.of("http://127.0.0.1:" + silent.getPort() + HOOK_PATH)).timeout(timeout).build();
    }

    @Override
    protected List<String> received() {
        return server.bodies();
    }
}

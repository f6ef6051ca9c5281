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
 * TelegramNotifier against the {@link NotifierCompatibilityKit}, with a real HTTP receiver on loopback that answers as the service does. The notifier's own
 * behaviour (payload shape, limits, escaping) is tested in monitor-notify's TelegramNotifierTest.
 */
class TelegramNotifierCompatibilityTest extends NotifierCompatibilityKit {

    static final String TOKEN = "123456789:AAHsecretTelegramToken_0123456789-abc";
    static final String OK = "{\"ok\":true,\"result\":{\"message_id\":7}}";

    private final ChannelReceiver server = ChannelReceiver.start(200, OK);

    @AfterEach
    void stop() {
        server.close();
    }

    @Override
    protected Notifier notifier(Duration timeout) {
        return TelegramNotifier.builder(Secret.of(TOKEN), "-1001234567890").endpoint(server.uri("")).timeout(timeout).build();
    }

    @Override
    protected Notifier notifierAt(InetSocketAddress silent, Duration timeout) {
        return TelegramNotifier.builder(Secret.of(TOKEN), "-1001234567890")
                .endpoint(URI.create("http://127.0.0.1:" + silent.getPort())).timeout(timeout).build();
    }

    @Override
    protected List<String> received() {
        return server.bodies();
    }
}

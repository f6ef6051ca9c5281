package dev.vigil.notify.notifier;

import dev.vigil.notify.Notifier;
import dev.vigil.notify.Secret;
import java.net.URI;
import java.time.Duration;

/**
 * TelegramNotifier against the {@link dev.vigil.test.NotifierCompatibilityKit}, with a real HTTP receiver on loopback that answers as the service does.
 * The notifier's own behaviour (payload, limits, escaping) is tested in monitor-notify's TelegramNotifierTest.
 */
class TelegramNotifierCompatibilityTest extends LoopbackNotifierKit {

    TelegramNotifierCompatibilityTest() {
        super(ChannelReceiver.start(200, "{\"ok\":true,\"result\":{\"message_id\":7}}"));
    }

    @Override
    protected Notifier notifierAt(String base, Duration timeout) {
        return TelegramNotifier.builder(Secret.of("123456789:AAHsecretTelegramToken_0123456789-abc"), "-1001234567890")
                .endpoint(URI.create(base))
                .timeout(timeout)
                .build();
    }
}

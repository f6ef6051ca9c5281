package dev.vigil.notify.notifier;

import dev.vigil.notify.Notifier;
import dev.vigil.notify.Secret;
import java.time.Duration;

/**
 * DiscordNotifier against the {@link dev.vigil.test.NotifierCompatibilityKit}, with a real HTTP receiver on loopback that answers as the service does.
 * The notifier's own behaviour (payload, limits, escaping) is tested in monitor-notify's DiscordNotifierTest.
 */
class DiscordNotifierCompatibilityTest extends LoopbackNotifierKit {

    DiscordNotifierCompatibilityTest() {
        super(ChannelReceiver.start(200, "{\"id\":\"1\",\"type\":0,\"content\":\"\"}"));
    }

    @Override
    protected Notifier notifierAt(String base, Duration timeout) {
        return DiscordNotifier.builder(Secret.of(base + "/api/webhooks/1234567890/s3cr3tDiscordWebhookToken_abcdef"))
                .timeout(timeout)
                .build();
    }
}

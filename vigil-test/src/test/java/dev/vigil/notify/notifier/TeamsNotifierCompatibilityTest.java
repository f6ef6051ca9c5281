package dev.vigil.notify.notifier;

import dev.vigil.notify.Notifier;
import dev.vigil.notify.Secret;
import dev.vigil.test.NotifierCompatibilityKit;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * TeamsNotifier against the {@link NotifierCompatibilityKit}, with a real HTTP receiver on loopback that answers as the service does. The notifier's own
 * behaviour (payload shape, limits, escaping) is tested in monitor-notify's TeamsNotifierTest.
 */
class TeamsNotifierCompatibilityTest extends NotifierCompatibilityKit {

    static final String FLOW = "/workflows/4f1c/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=S1gnatureTeamsSecret0123456789";

    private final ChannelReceiver server = ChannelReceiver.start(202, "");

    @AfterEach
    void stop() {
        server.close();
    }

    @Override
    protected Notifier notifier(Duration timeout) {
        return TeamsNotifier.builder(Secret.of(server.uri(FLOW).toString())).timeout(timeout).build();
    }

    @Override
    protected Notifier notifierAt(InetSocketAddress silent, Duration timeout) {
        return TeamsNotifier.builder(Secret.of("http://127.0.0.1:" + silent.getPort() + FLOW)).timeout(timeout).build();
    }

    @Override
    protected List<String> received() {
        return server.bodies();
    }
}

package dev.vigil.notify.notifier;

import dev.vigil.notify.Notifier;
import dev.vigil.notify.Secret;
import java.time.Duration;

/**
 * TeamsNotifier against the {@link dev.vigil.test.NotifierCompatibilityKit}, with a real HTTP receiver on loopback that answers as the service does.
 * The notifier's own behaviour (payload, limits, escaping) is tested in monitor-notify's TeamsNotifierTest.
 */
class TeamsNotifierCompatibilityTest extends LoopbackNotifierKit {

    static final String FLOW =
            "/workflows/4f1c/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=S1gnatureTeamsSecret0123456789";

    TeamsNotifierCompatibilityTest() {
        super(ChannelReceiver.start(202, ""));
    }

    @Override
    protected Notifier notifierAt(String base, Duration timeout) {
        return TeamsNotifier.builder(Secret.of(base + FLOW)).timeout(timeout).build();
    }
}

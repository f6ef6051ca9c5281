package dev.vigil.notify.notifier;

import dev.vigil.alerts.label.LabelNames;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs once per name when two label or annotation names meet in Alertmanager's form at run time
 * (series tag keys are known only then): the alert still goes out, the later name suffixed.
 */
final class NameCollisions {

    private static final Logger log = LoggerFactory.getLogger(NameCollisions.class);
    // Tag keys come from the application's meters: bounded, so a key per request id cannot grow it.
    private static final int MAX_REMEMBERED = 1000;

    private final String receiver;
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    NameCollisions(String receiver) {
        this.receiver = receiver;
    }

    void report(String original, String given) {
        if (logged.size() < MAX_REMEMBERED && logged.add(original + '\u0000' + given)) {
            log.warn(
                    "receiver {}: name '{}' is sent as '{}': '{}' is taken by another name of the same alert",
                    receiver,
                    original,
                    given,
                    LabelNames.forAlertmanager(original));
        }
    }
}

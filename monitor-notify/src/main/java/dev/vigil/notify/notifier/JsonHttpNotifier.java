package dev.vigil.notify.notifier;

import dev.vigil.core.time.Clock;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Notifier;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** What the HTTP notifiers share: a name, a timeout, and one classified JSON POST per attempt. */
abstract class JsonHttpNotifier implements Notifier {

    private final String name;
    private final Duration timeout;
    private final HttpPost http;

    JsonHttpNotifier(String name, Duration timeout) {
        this(name, timeout, Clock.system());
    }

    /** {@code clock} dates {@code Retry-After} given as an HTTP date. */
    JsonHttpNotifier(String name, Duration timeout, Clock clock) {
        this.name = Checks.requireName(name);
        this.timeout = Checks.requireTimeout(timeout);
        this.http = new HttpPost(timeout, clock);
    }

    final DeliveryResult post(URI uri, Map<String, String> headers, byte[] body) {
        return http.post(uri, headers, body);
    }

    /**
     * As {@link #post(URI, Map, byte[])}; {@code secrets} that the body carries (a routing key, a
     * bot token) are also redacted from the excerpt of an error answer kept in the reason.
     */
    final DeliveryResult post(URI uri, Map<String, String> headers, byte[] body, java.util.Collection<String> secrets) {
        return http.post(uri, headers, body, secrets);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Duration timeout() {
        return timeout;
    }

    /** The type and the receiver name: never the URL, which may be a secret. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + "]";
    }
}

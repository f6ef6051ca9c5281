package dev.vigil.notify.notifier;

import dev.vigil.notify.Notifier;
import java.time.Duration;

/**
 * What the Opsgenie, Teams, Telegram and Discord notifiers share: a name, a timeout, and an
 * {@link ChannelHttp} that keeps the response body, where these channels put their reasons and
 * retry hints.
 */
abstract class ChannelNotifier implements Notifier {

    private final String name;
    private final Duration timeout;
    final ChannelHttp http;

    ChannelNotifier(String name, Duration timeout) {
        this.name = Checks.requireName(name);
        this.timeout = Checks.requireTimeout(timeout);
        this.http = new ChannelHttp(timeout);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Duration timeout() {
        return timeout;
    }

    /** The type and the receiver name: never the URL or the key. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + "]";
    }
}

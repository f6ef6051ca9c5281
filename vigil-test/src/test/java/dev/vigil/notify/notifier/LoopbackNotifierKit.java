package dev.vigil.notify.notifier;

import dev.vigil.notify.Notifier;
import dev.vigil.notify.testkit.LoopbackHttpReceiver;
import dev.vigil.test.NotifierCompatibilityKit;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;

/**
 * The compatibility kit for a built-in HTTP notifier: one receiver on loopback (monitor-notify's
 * test receivers), and one method that aims the notifier at a base URL, the receiver's or the
 * silent endpoint's.
 */
abstract class LoopbackNotifierKit extends NotifierCompatibilityKit {

    private final String base;
    private final Supplier<List<String>> bodies;
    private final AutoCloseable receiver;

    LoopbackNotifierKit(LoopbackHttpReceiver receiver) {
        this(receiver.uri("").toString(), receiver::bodies, receiver);
    }

    LoopbackNotifierKit(ChannelReceiver receiver) {
        this(receiver.uri("").toString(), receiver::bodies, receiver);
    }

    private LoopbackNotifierKit(String base, Supplier<List<String>> bodies, AutoCloseable receiver) {
        this.base = base;
        this.bodies = bodies;
        this.receiver = receiver;
    }

    /** The notifier under test, aimed at {@code base}: {@code http://127.0.0.1:<port>}, no path. */
    protected abstract Notifier notifierAt(String base, Duration timeout);

    @AfterEach
    void stopReceiver() throws Exception {
        receiver.close();
    }

    @Override
    protected final Notifier notifier(Duration timeout) {
        return notifierAt(base, timeout);
    }

    @Override
    protected final Notifier notifierAt(InetSocketAddress silent, Duration timeout) {
        return notifierAt("http://127.0.0.1:" + silent.getPort(), timeout);
    }

    @Override
    protected final List<String> received() {
        return bodies.get();
    }
}

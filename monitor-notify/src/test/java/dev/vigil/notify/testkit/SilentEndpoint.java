package dev.vigil.notify.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP endpoint that accepts connections and never answers: the receiver that hangs.
 *
 * <pre>{@code
 * try (SilentEndpoint silent = SilentEndpoint.start()) {
 *     Notifier n = myNotifierAt(silent.address());
 * }
 * }</pre>
 */
public final class SilentEndpoint implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    private SilentEndpoint() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try {
                            held.add(server.accept());
                        } catch (IOException closed) {
                            return;
                        }
                    }
                },
                "silent-endpoint");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts on a free loopback port. */
    public static SilentEndpoint start() {
        try {
            return new SilentEndpoint();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a loopback socket", e);
        }
    }

    /** Where it listens. */
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : held) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}

package dev.vigil.core.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A TCP connect check: success when a connection to {@code host:port} opens within the timeout.
 * Measured phases: {@code resolve} and {@code connect}.
 *
 * <pre>{@code
 * Probe db = Probes.tcp("db", "localhost", 5432).timeout(Duration.ofSeconds(2)).build();
 * }</pre>
 */
public final class TcpProbe extends Probe {

    private final String host;
    private final int port;

    private TcpProbe(Builder b) {
        super(b, b.host + ":" + b.port);
        this.host = b.host;
        this.port = b.port;
    }

    /** The host connected to. */
    public String host() {
        return host;
    }

    /** The port connected to. */
    public int port() {
        return port;
    }

    @Override
    ProbeResult check(long startedWallMillis) {
        CheckRecorder rec = new CheckRecorder(name(), startedWallMillis);
        try {
            connect(host, port, timeout(), rec).close();
            return rec.succeeded();
        } catch (IOException | RuntimeException e) {
            if (e instanceof SocketTimeoutException || rec.deadlinePassed()) {
                return rec.failed("no connection within the timeout of " + timeout());
            }
            return rec.failed(CheckRecorder.describe(e));
        }
    }

    /** Resolves and connects, recording both phases; the caller closes the socket. */
    static Socket connect(String host, int port, Duration timeout, CheckRecorder rec) throws IOException {
        InetAddress address = InetAddress.getByName(host);
        rec.phase("resolve");
        Socket socket = new Socket();
        try {
            rec.guard(socket, timeout);
            socket.connect(new InetSocketAddress(address, port), rec.remainingMillis(timeout));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        rec.phase("connect");
        return socket;
    }

    static void validate(Probe.Builder<?> b, String host, int port) {
        if (host == null || host.isBlank()) {
            throw b.invalid("host", host, "must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw b.invalid("port", port, "must be from 1 to 65535");
        }
    }

    /**
     * Builder of {@link TcpProbe}; made by {@link Probes#tcp(String, String, int)}.
     *
     * <pre>{@code
     * Probes.tcp("redis", "cache.internal", 6379).timeout(Duration.ofSeconds(1)).build();
     * }</pre>
     */
    public static final class Builder extends Probe.Builder<Builder> {
        private final String host;
        private final int port;

        Builder(String name, String host, int port) {
            super(name);
            validate(this, host, port);
            this.host = host;
            this.port = port;
        }

        @Override
        public TcpProbe build() {
            return new TcpProbe(this);
        }
    }
}

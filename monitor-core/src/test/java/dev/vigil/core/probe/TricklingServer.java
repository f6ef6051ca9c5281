package dev.vigil.core.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A raw loopback server that answers one byte at a time, {@link #BYTE_EVERY_MILLIS} apart, as a
 * server stuck behind a saturated link does: every single read of a client arrives well within
 * any socket timeout, yet the whole exchange takes minutes. Three behaviours:
 *
 * <ul>
 *   <li>{@link #slowHandshake}: a real TLS server (a test certificate) behind a proxy that
 *       trickles the server's bytes, so the TLS handshake itself is slow;</li>
 *   <li>{@link #slowHeader}: sends a status line, then an endless header a byte at a time;</li>
 *   <li>{@link #slowBody}: sends a complete head (200, a length), then the body a byte at a time.</li>
 * </ul>
 */
final class TricklingServer implements AutoCloseable {

    static final long BYTE_EVERY_MILLIS = 20;

    private final ServerSocket listener;
    private final ServerSocket backend;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-trickling-server");
        t.setDaemon(true);
        return t;
    });
    // the pace of the bytes: a scheduled task per connection, one byte per run
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-trickle-pacer");
        t.setDaemon(true);
        return t;
    });

    private interface Behaviour {
        void serve(Socket client) throws IOException;
    }

    private TricklingServer(ServerSocket backend, Behaviour behaviour) throws IOException {
        this.backend = backend;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(() -> accept(listener, behaviour));
    }

    static TricklingServer slowHeader() throws IOException {
        TricklingServer[] self = new TricklingServer[1];
        self[0] = new TricklingServer(null, client -> {
            readRequestHead(client.getInputStream());
            OutputStream out = client.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            self[0].trickle(client, () -> 'a');
        });
        return self[0];
    }

    static TricklingServer slowBody() throws IOException {
        TricklingServer[] self = new TricklingServer[1];
        self[0] = new TricklingServer(null, client -> {
            readRequestHead(client.getInputStream());
            OutputStream out = client.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            self[0].trickle(client, () -> 'x');
        });
        return self[0];
    }

    /** A TLS server answering {@code 200 ok} to any request, reached through a trickling proxy. */
    static TricklingServer slowHandshake(SSLContext serverContext) throws IOException {
        SSLServerSocket tls = (SSLServerSocket)
                serverContext.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        TricklingServer[] self = new TricklingServer[1];
        self[0] = new TricklingServer(tls, client -> {
            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), tls.getLocalPort());
            self[0].sockets.add(upstream);
            self[0].threads.execute(() -> copy(client, upstream)); // client to server: at full speed
            BlockingQueue<Integer> fromServer = new LinkedBlockingQueue<>();
            self[0].threads.execute(() -> {
                try (InputStream in = upstream.getInputStream()) {
                    for (int b = in.read(); b >= 0; b = in.read()) {
                        fromServer.add(b);
                    }
                } catch (IOException closed) {
                    // the client or the test went away
                }
            });
            self[0].trickle(client, () -> {
                Integer b = fromServer.poll();
                return b == null ? -1 : b;
            });
        });
        self[0].threads.execute(() -> self[0].accept(tls, socket -> {
            SSLSocket s = (SSLSocket) socket;
            s.startHandshake();
            readRequestHead(s.getInputStream());
            s.getOutputStream()
                    .write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
        }));
        return self[0];
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept(ServerSocket server, Behaviour behaviour) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                threads.execute(() -> {
                    try {
                        behaviour.serve(client);
                    } catch (IOException gone) {
                        // the probe closed the connection at its deadline
                    }
                });
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Writes the bytes {@code next} gives (-1: none yet) one per {@link #BYTE_EVERY_MILLIS}. */
    @SuppressWarnings("FutureReturnValueIgnored") // the task handles its own write failures; close() stops the pacer
    private void trickle(Socket client, IntSupplier next) {
        pacer.scheduleAtFixedRate(
                () -> {
                    int b = next.getAsInt();
                    if (b < 0) {
                        return;
                    }
                    try {
                        client.getOutputStream().write(b);
                        client.getOutputStream().flush();
                    } catch (IOException gone) {
                        throw new IllegalStateException("client gone", gone); // ends this periodic task
                    }
                },
                0,
                BYTE_EVERY_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException closed) {
            // either side went away
        }
    }

    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b = in.read(); b >= 0; b = in.read()) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == end.length) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        if (backend != null) {
            backend.close();
        }
        for (Socket s : sockets) {
            s.close();
        }
        pacer.shutdownNow();
        threads.shutdownNow();
    }
}

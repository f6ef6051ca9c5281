package dev.vigil.examples;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@code --dry-run}: a receiver on the loopback interface that prints what it is sent instead of
 * passing it on. The notifier under demonstration is pointed at it and runs unchanged, so what
 * is printed is exactly what it would send to the real service.
 */
final class DryRun {

    static final Options.Spec OPTION =
            new Options.Spec("--dry-run", null, "print the exact payload instead of sending it");

    /** The line printed before every captured payload. */
    static final String MARKER = "dry-run: would send";

    private DryRun() {}

    /** An HTTP receiver answering 202 to every POST, printing each body on one line. */
    static final class Http implements AutoCloseable {
        private final HttpServer server;

        Http(PrintStream out, String service) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                synchronized (out) {
                    out.println(MARKER + " to " + service + " (" + exchange.getRequestMethod() + ", "
                            + exchange.getRequestHeaders().getFirst("Content-Type") + "):");
                    out.println(new String(body, StandardCharsets.UTF_8));
                }
                exchange.sendResponseHeaders(202, -1);
                exchange.close();
            });
            server.start();
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /**
     * A minimal SMTP receiver (no TLS, no authentication) that accepts every message and prints
     * it as sent: headers and MIME body.
     */
    static final class Smtp implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread thread;

        Smtp(PrintStream out) throws IOException {
            socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
            thread = new Thread(
                    () -> {
                        while (!socket.isClosed()) {
                            try (Socket client = socket.accept()) {
                                client.setSoTimeout(10_000);
                                converse(client, out);
                            } catch (IOException closedOrBroken) {
                                // closed by close(), or a client that went away: wait for the next one
                            }
                        }
                    },
                    "vigil-examples-smtp-dry-run");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private static void converse(Socket client, PrintStream out) throws IOException {
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            Writer reply = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.UTF_8);
            say(reply, "220 localhost dry-run SMTP");
            String envelope = "";
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.length() >= 4
                        ? line.substring(0, 4).toUpperCase(Locale.ROOT)
                        : line.toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO", "HELO" -> say(reply, "250 localhost");
                    case "MAIL", "RCPT" -> {
                        envelope += line + "\n";
                        say(reply, "250 OK");
                    }
                    case "DATA" -> {
                        say(reply, "354 end with <CRLF>.<CRLF>");
                        StringBuilder message = new StringBuilder();
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                            message.append(line.startsWith("..") ? line.substring(1) : line)
                                    .append('\n');
                        }
                        synchronized (out) {
                            out.println(MARKER + " by SMTP (" + envelope.strip().replace("\n", ", ") + "):");
                            out.println(message);
                        }
                        envelope = "";
                        say(reply, "250 OK queued");
                    }
                    case "QUIT" -> {
                        say(reply, "221 bye");
                        return;
                    }
                    default -> say(reply, "250 OK");
                }
            }
        }

        private static void say(Writer reply, String text) throws IOException {
            reply.write(text + "\r\n");
            reply.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}

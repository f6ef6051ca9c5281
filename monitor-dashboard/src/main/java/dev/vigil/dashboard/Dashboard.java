package dev.vigil.dashboard;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.core.Monitor;
import dev.vigil.core.internal.Threads;
import dev.vigil.notify.Notifications;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A web dashboard over a {@link Monitor}'s history, an {@link AlertEngine}'s alerts and a
 * {@link Notifications}' receivers: trends by category, the container, probes, alerts with their
 * reports, silences and acknowledgements, and a JSON API behind every page.
 *
 * <p>It runs on the JDK's own HTTP server and does nothing when nobody is looking: no timer, no
 * thread but the server's (request threads are started on demand and end after 30 s idle). It
 * binds to {@code 127.0.0.1} unless told otherwise, and refuses to bind anywhere else without
 * {@link Credentials}. Every answer carries a strict Content-Security-Policy.
 *
 * <pre>{@code
 * try (Dashboard dashboard = Dashboard.builder().monitor(monitor).alerts(engine).notifications(delivery)
 *         .port(8077).start()) {
 *     System.out.println("dashboard at " + dashboard.url());
 *     ...
 * }
 * }</pre>
 */
public final class Dashboard implements AutoCloseable {

    /** Default address: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Default port: 0, any free port ({@link #url()} tells which). */
    public static final int DEFAULT_PORT = 0;
    /** At most this many requests are served at once; more wait in the server's backlog. */
    static final int MAX_REQUEST_THREADS = 4;

    private final HttpServer server;
    private final Router router;
    private final ThreadPoolExecutor requests;
    private final URI url;
    private final boolean readOnly;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Dashboard(Builder b, InetAddress address) throws IOException {
        this.readOnly = b.readOnly;
        String csrf = randomToken();
        this.server = HttpServer.create(new InetSocketAddress(address, b.port), 50);
        int port = server.getAddress().getPort();
        Guard guard = new Guard(b.credentials, address.isLoopbackAddress(), port, csrf);
        Site site = new Site(b.monitor, b.alerts, b.notifications, readOnly, csrf, b.credentials);
        this.router = new Router(guard, site);
        server.createContext("/", router);
        // No core thread: when nobody is looking, the dashboard holds only the server's dispatcher.
        this.requests = new ThreadPoolExecutor(
                0,
                MAX_REQUEST_THREADS,
                30,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                Threads.daemon("vigil-dashboard-" + port + "-"),
                new ThreadPoolExecutor.CallerRunsPolicy());
        server.setExecutor(requests);
        server.start();
        String host = address.getHostAddress();
        if (host.indexOf(':') >= 0) {
            host = "[" + host.replaceFirst("%.*$", "") + "]";
        }
        this.url = URI.create("http://" + host + ":" + port + "/");
    }

    /** A builder; {@link Builder#monitor} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Where the dashboard answers, e.g. {@code http://127.0.0.1:8077/}. */
    public URI url() {
        return url;
    }

    /** Whether the dashboard refuses every action (silence, expire, acknowledge). */
    public boolean readOnly() {
        return readOnly;
    }

    /** Stops answering; requests in flight get up to one second to finish. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(1);
            requests.shutdown();
        }
    }

    /** API requests answered so far. */
    long apiRequests() {
        return router.apiRequests();
    }

    @Override
    public String toString() {
        return "Dashboard[" + url + (readOnly ? ", read-only" : "") + (closed.get() ? ", closed" : "") + "]";
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Builds and starts a {@link Dashboard}. */
    public static final class Builder {
        private @Nullable Monitor monitor;
        private @Nullable AlertEngine alerts;
        private @Nullable Notifications notifications;
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private @Nullable Credentials credentials;
        private boolean readOnly;

        private Builder() {}

        /** The monitor whose history the dashboard shows; required. */
        public Builder monitor(Monitor monitor) {
            this.monitor = Objects.requireNonNull(monitor, "monitor");
            return this;
        }

        /** The engine whose alerts, silences and acknowledgements the dashboard shows and changes. */
        public Builder alerts(AlertEngine alerts) {
            this.alerts = Objects.requireNonNull(alerts, "alerts");
            return this;
        }

        /** The notifications whose receivers and queue the dashboard shows. */
        public Builder notifications(Notifications notifications) {
            this.notifications = Objects.requireNonNull(notifications, "notifications");
            return this;
        }

        /** The address to bind (an IP literal or a host name); {@value Dashboard#DEFAULT_HOST} by default. */
        public Builder host(String host) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("dashboard host must not be blank, got '" + host + "'");
            }
            this.host = host;
            return this;
        }

        /** The port, 0 for any free port; {@value Dashboard#DEFAULT_PORT} by default. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("dashboard port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** What every request must present; required unless the dashboard binds to loopback. */
        public Builder credentials(Credentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /** Shows everything and changes nothing: no silence, expiry or acknowledgement. */
        public Builder readOnly() {
            this.readOnly = true;
            return this;
        }

        /**
         * Binds and starts the dashboard.
         *
         * @throws IllegalStateException when no monitor is set, or the address is not loopback and
         *         no credentials are set
         * @throws UncheckedIOException when the address cannot be bound
         */
        public Dashboard start() {
            if (monitor == null) {
                throw new IllegalStateException("dashboard monitor is not set: call monitor(...)");
            }
            InetAddress address;
            try {
                address = InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("dashboard host '" + host + "' cannot be resolved", e);
            }
            if (!address.isLoopbackAddress() && credentials == null) {
                throw new IllegalStateException("dashboard host '" + host + "' (" + address.getHostAddress()
                        + ") is not loopback: set credentials(Credentials.basic(...) or Credentials.bearer(...)) "
                        + "or bind to 127.0.0.1");
            }
            try {
                return new Dashboard(this, address);
            } catch (IOException e) {
                throw new UncheckedIOException("dashboard cannot bind " + host + ":" + port, e);
            }
        }
    }
}

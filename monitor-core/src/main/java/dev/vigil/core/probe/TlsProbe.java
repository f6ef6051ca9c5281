package dev.vigil.core.probe;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A TLS check on a bare {@code host:port}: success when a TLS handshake completes within the
 * timeout with a certificate the probe trusts (and, unless {@link Builder#trustAll()}, one issued
 * for {@code host}); reports the earliest expiry of the peer's chain. Measured phases:
 * {@code resolve}, {@code connect} and {@code tls}.
 *
 * <pre>{@code
 * Probe smtp = Probes.tls("smtps", "mail.example.com", 465).every(Duration.ofHours(1)).build();
 * }</pre>
 */
public final class TlsProbe extends Probe {

    private final String host;
    private final int port;
    private final Trust trust;

    private TlsProbe(Builder b) {
        super(b, b.host + ":" + b.port);
        this.host = b.host;
        this.port = b.port;
        this.trust = b.trust;
    }

    /** The host connected to, also sent as the TLS server name. */
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
            handshake(TcpProbe.connect(host, port, timeout(), rec), host, port, trust, timeout(), rec)
                    .close();
            return rec.succeeded();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (e instanceof SocketTimeoutException || rec.deadlinePassed()) {
                return rec.failed("no TLS handshake within the timeout of " + timeout());
            }
            return rec.failed(CheckRecorder.describe(e));
        }
    }

    /**
     * Runs a TLS handshake over {@code plain}, checking that the certificate is for {@code host},
     * and records the {@code tls} phase and the peer's certificates. Closes {@code plain} on failure.
     * The socket timeout bounds each read only; the check's deadline closes {@code plain} (guarded
     * since it was connected) to end a handshake the server trickles.
     */
    static SSLSocket handshake(Socket plain, String host, int port, Trust trust, Duration timeout, CheckRecorder rec)
            throws IOException, GeneralSecurityException {
        try {
            SSLSocket socket = (SSLSocket) trust.resolve().getSocketFactory().createSocket(plain, host, port, true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(rec.remainingMillis(timeout));
            socket.startHandshake();
            rec.phase("tls");
            rec.certificates(socket.getSession().getPeerCertificates());
            return socket;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /**
     * Builder of {@link TlsProbe}; made by {@link Probes#tls(String, String, int)}.
     *
     * <pre>{@code
     * Probes.tls("smtps", "mail.example.com", 465).every(Duration.ofHours(1)).build();
     * }</pre>
     */
    public static final class Builder extends Probe.TlsBuilder<Builder> {
        private final String host;
        private final int port;

        Builder(String name, String host, int port) {
            super(name);
            TcpProbe.validate(this, host, port);
            this.host = host;
            this.port = port;
        }

        @Override
        public TlsProbe build() {
            return new TlsProbe(this);
        }
    }
}

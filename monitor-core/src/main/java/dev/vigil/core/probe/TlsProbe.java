package dev.vigil.core.probe;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
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
        try (Socket plain = TcpProbe.connect(host, port, timeout(), rec);
             SSLSocket tls = (SSLSocket) trust.resolve().getSocketFactory().createSocket(plain, host, port, true)) {
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
            tls.setSoTimeout(rec.remainingMillis(timeout()));
            tls.startHandshake();
            rec.phase("tls");
            rec.certificates(tls.getSession().getPeerCertificates());
            return rec.succeeded();
        } catch (SocketTimeoutException e) {
            return rec.failed("no TLS handshake within the timeout of " + timeout());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return rec.failed(CheckRecorder.describe(e));
        }
    }

    /** Builder of {@link TlsProbe}; made by {@link Probes#tls(String, String, int)}. */
    public static final class Builder extends Probe.Builder<Builder> {
        private final String host;
        private final int port;
        private Trust trust = Trust.DEFAULT;

        Builder(String name, String host, int port) {
            super(name);
            TcpProbe.validate(this, host, port);
            this.host = host;
            this.port = port;
        }

        /** Accepts any certificate and host name, to watch the expiry of a self-signed endpoint. */
        public Builder trustAll() {
            this.trust = Trust.all();
            return this;
        }

        /** Accepts the certificates that {@code trustStore} vouches for. */
        public Builder trustStore(KeyStore trustStore) {
            this.trust = Trust.of(trustStore);
            return this;
        }

        /** Uses {@code sslContext} for the handshake. */
        public Builder sslContext(SSLContext sslContext) {
            this.trust = Trust.of(sslContext);
            return this;
        }

        @Override
        public TlsProbe build() {
            return new TlsProbe(this);
        }
    }
}

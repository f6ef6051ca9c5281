package dev.vigil.core.probe;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Which certificates a TLS-speaking probe accepts. {@code null} context means the JDK's default
 * trust store, resolved when the check runs so that building a probe never fails on it.
 */
record Trust(@Nullable SSLContext context, String description) {

    static final Trust DEFAULT = new Trust(null, "default");

    static Trust of(SSLContext context) {
        return new Trust(Objects.requireNonNull(context, "sslContext"), "custom SSLContext");
    }

    static Trust of(KeyStore trustStore) {
        Objects.requireNonNull(trustStore, "trustStore");
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), new SecureRandom());
            return new Trust(context, "trust store");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("trustStore cannot be used: " + e.getMessage(), e);
        }
    }

    /**
     * Accepts any certificate and any host name: the check then still sees the certificate and
     * its expiry, which is the point of probing a self-signed endpoint.
     */
    static Trust all() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustingManager()}, new SecureRandom());
            return new Trust(context, "trust all");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS implementation in this JDK", e);
        }
    }

    SSLContext resolve() throws NoSuchAlgorithmException {
        return context != null ? context : SSLContext.getDefault();
    }

    /** Extended, so that the JDK does not add its own host name check around it. */
    private static final class TrustingManager extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

package dev.vigil.core.probe;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where probes are made: one builder per kind of check. Group the built probes in a
 * {@link ProbeSource} and add that to the monitor.
 *
 * <pre>{@code
 * ProbeSource probes = ProbeSource.of(
 *         Probes.http("api", URI.create("https://api.example.com/health")).expectStatus(200).build(),
 *         Probes.tcp("db", "db.internal", 5432).build(),
 *         Probes.tls("site", "www.example.com", 443).every(Duration.ofHours(1)).build());
 * }</pre>
 */
public final class Probes {

    private Probes() {}

    /** An HTTP(S) probe of {@code url}. */
    public static HttpProbe.Builder http(String name, URI url) {
        return new HttpProbe.Builder(name, url);
    }

    /** An HTTP(S) probe of {@code url}, which must parse as a URI. */
    public static HttpProbe.Builder http(String name, String url) {
        try {
            return http(name, new URI(url));
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("url of probe '" + name + "' is not a valid URI, got '" + url + "'", e);
        }
    }

    /** A TCP connect probe of {@code host:port}. */
    public static TcpProbe.Builder tcp(String name, String host, int port) {
        return new TcpProbe.Builder(name, host, port);
    }

    /** A TLS handshake and certificate expiry probe of {@code host:port}. */
    public static TlsProbe.Builder tls(String name, String host, int port) {
        return new TlsProbe.Builder(name, host, port);
    }
}

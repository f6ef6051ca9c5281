package dev.vigil.core.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.core.Monitor;
import dev.vigil.core.Tick;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.time.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTPS and bare TLS probes against a loopback server with a freshly made self-signed certificate. */
class TlsProbesTest {

    private static final int VALIDITY_DAYS = 10;

    private static SelfSignedCertificate cert;
    private static LoopbackServer server;
    private static Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        dir = Files.createTempDirectory("vigil-tls");
        cert = SelfSignedCertificate.generate(dir, VALIDITY_DAYS);
        server = LoopbackServer.https(cert.serverContext());
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void httpsProbeTrustingTheCertificateSucceedsAndReportsItsExpiry() throws Exception {
        ProbeResult r = Probes.http("site", server.url("/ok"))
                .trustStore(cert.trustStore())
                .build()
                .check(System.currentTimeMillis());

        assertThat(r.success()).as(r.failure()).isTrue();
        assertThat(r.phases()).containsOnlyKeys("resolve", "connect", "tls", "processing", "transfer");
        assertThat(r.certNotAfter()).isEqualTo(cert.certificate.getNotAfter().toInstant());
        assertThat(Duration.between(Instant.now(), r.certNotAfter()))
                .isBetween(Duration.ofDays(VALIDITY_DAYS).minusMinutes(5), Duration.ofDays(VALIDITY_DAYS));
    }

    @Test
    void httpsProbeWithDefaultTrustFailsOnASelfSignedCertificate() {
        ProbeResult r = Probes.http("site", server.url("/ok")).build().check(System.currentTimeMillis());

        assertThat(r.success()).isFalse();
        assertThat(r.failure()).containsIgnoringCase("SSL");
    }

    @Test
    void httpsProbeTrustingAllStillReportsTheCertificate() {
        ProbeResult r =
                Probes.http("site", server.url("/error")).trustAll().build().check(System.currentTimeMillis());

        assertThat(r.success()).isFalse();
        assertThat(r.httpStatus()).isEqualTo(500);
        assertThat(r.certNotAfter()).isEqualTo(cert.certificate.getNotAfter().toInstant());
    }

    @Test
    void tlsProbeReportsTheExpiryAndTheConnectAndHandshakePhases() throws Exception {
        ProbeResult r = Probes.tls("site", "localhost", server.port())
                .trustStore(cert.trustStore())
                .build()
                .check(System.currentTimeMillis());

        assertThat(r.success()).as(r.failure()).isTrue();
        assertThat(r.certNotAfter()).isEqualTo(cert.certificate.getNotAfter().toInstant());
        assertThat(r.phases()).containsOnlyKeys("resolve", "connect", "tls");
        assertThat(r.httpStatus()).isZero();
    }

    @Test
    void tlsProbeFailsWhenTheCertificateIsNotForTheHostNameUnlessTrustingAll() throws Exception {
        // the certificate names localhost only, not the address 127.0.0.1
        ProbeResult checked = Probes.tls("site", "127.0.0.1", server.port())
                .trustStore(cert.trustStore())
                .build()
                .check(System.currentTimeMillis());
        ProbeResult trusting = Probes.tls("site", "127.0.0.1", server.port())
                .trustAll()
                .build()
                .check(System.currentTimeMillis());

        assertThat(checked.success()).isFalse();
        assertThat(checked.failure()).contains("127.0.0.1");
        assertThat(trusting.success()).as(trusting.failure()).isTrue();
        assertThat(trusting.certNotAfter())
                .isEqualTo(cert.certificate.getNotAfter().toInstant());
    }

    @Test
    void sourceReportsSecondsUntilExpiryCountedOnItsClock() throws Exception {
        ManualClock clock = ManualClock.at(Instant.now());
        Probe site = Probes.tls("site", "localhost", server.port())
                .trustStore(cert.trustStore())
                .build();
        MetricId expiry = MetricId.of("probe.tls.cert.expiry", "probe", "site", "target", site.target());
        MetricId notAfter = MetricId.of("probe.tls.cert.not.after", "probe", "site", "target", site.target());
        try (ProbeSource probes = ProbeSource.builder().clock(clock).probe(site).build();
                Monitor monitor = Monitor.builder().clock(clock).source(probes).build()) {
            monitor.tickNow();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !probes.lastResults().isEmpty());
            clock.advance(Duration.ofSeconds(10));
            Tick now = monitor.tickNow();
            clock.advance(Duration.ofDays(1));
            Tick dayLater = monitor.tickNow();

            long notAfterMillis = cert.certificate.getNotAfter().toInstant().toEpochMilli();
            assertThat(now.value(notAfter)).isEqualTo(notAfterMillis / 1000.0);
            assertThat(now.value(expiry)).isEqualTo((notAfterMillis - clock.wallMillis()) / 1000.0 + 86_400);
            assertThat(dayLater.value(expiry)).isEqualTo(now.value(expiry) - 86_400);
            assertThat(now.value(expiry)).isBetween(VALIDITY_DAYS * 86_400.0 - 300, VALIDITY_DAYS * 86_400.0);
        }
    }
}

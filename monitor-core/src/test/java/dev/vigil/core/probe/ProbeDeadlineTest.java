package dev.vigil.core.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.core.Monitor;
import dev.vigil.core.Tick;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.time.ManualClock;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A check has one deadline, enforced at the socket: servers that trickle their TLS handshake,
 * their headers or their body a byte at a time (each read well within any socket timeout) end
 * the check at its timeout, and while they do, a healthy probe keeps its schedule.
 */
class ProbeDeadlineTest {

    static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** What a loaded machine may add to the timeout; the trickling servers would take minutes. */
    static final Duration BOUND = Duration.ofSeconds(2);

    static SelfSignedCertificate cert;
    static TricklingServer slowHandshake;
    static TricklingServer slowHeader;
    static TricklingServer slowBody;
    static LoopbackServer healthy;

    final ManualClock clock = ManualClock.create();
    ProbeSource probes;
    Monitor monitor;

    @BeforeAll
    static void startServers() throws Exception {
        Path dir = Files.createTempDirectory("vigil-deadline");
        cert = SelfSignedCertificate.generate(dir, 10);
        slowHandshake = TricklingServer.slowHandshake(cert.serverContext());
        slowHeader = TricklingServer.slowHeader();
        slowBody = TricklingServer.slowBody();
        healthy = LoopbackServer.http();
    }

    @AfterAll
    static void stopServers() throws Exception {
        slowHandshake.close();
        slowHeader.close();
        slowBody.close();
        healthy.close();
    }

    @AfterEach
    void stop() {
        if (monitor != null) {
            monitor.close();
        }
        if (probes != null) {
            probes.close();
        }
    }

    static Probe httpsSlowHandshake() throws Exception {
        return Probes.http("https-slow-handshake", URI.create("https://localhost:" + slowHandshake.port() + "/"))
                .trustStore(cert.trustStore())
                .timeout(TIMEOUT)
                .every(Duration.ofSeconds(5))
                .build();
    }

    static Probe tlsSlowHandshake() throws Exception {
        return Probes.tls("tls-slow-handshake", "localhost", slowHandshake.port())
                .trustStore(cert.trustStore())
                .timeout(TIMEOUT)
                .every(Duration.ofSeconds(5))
                .build();
    }

    static Probe slowHeader() {
        return Probes.http("slow-header", URI.create("http://127.0.0.1:" + slowHeader.port() + "/"))
                .timeout(TIMEOUT)
                .every(Duration.ofSeconds(5))
                .build();
    }

    static Probe slowBody() {
        return Probes.http("slow-body", URI.create("http://127.0.0.1:" + slowBody.port() + "/"))
                .bodyContains("never there")
                .timeout(TIMEOUT)
                .every(Duration.ofSeconds(5))
                .build();
    }

    private static ProbeResult timed(Probe probe) {
        long started = System.nanoTime();
        ProbeResult r = probe.check(System.currentTimeMillis());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).as("%s took", probe.name()).isLessThan(TIMEOUT.plus(BOUND));
        assertThat(r.duration())
                .as("%s reported", probe.name())
                .isGreaterThanOrEqualTo(TIMEOUT)
                .isLessThan(TIMEOUT.plus(BOUND));
        assertThat(r.success()).as("%s", probe.name()).isFalse();
        assertThat(r.failure()).as("%s", probe.name()).contains("within the timeout of " + TIMEOUT);
        return r;
    }

    @Test
    void aTrickledTlsHandshakeEndsAtTheTimeoutWithoutACertificate() throws Exception {
        for (Probe probe : List.of(httpsSlowHandshake(), tlsSlowHandshake())) {
            ProbeResult r = timed(probe);
            assertThat(r.certNotAfter())
                    .as("%s: no handshake completed", probe.name())
                    .isNull();
            assertThat(r.phases())
                    .as("%s", probe.name())
                    .containsKeys("resolve", "connect")
                    .doesNotContainKey("tls");
        }
    }

    @Test
    void aTrickledHeaderEndsAtTheTimeoutWithoutAStatus() {
        ProbeResult r = timed(slowHeader());
        assertThat(r.httpStatus()).isZero();
    }

    @Test
    void aTrickledBodyEndsAtTheTimeoutAndKeepsTheStatusOfTheHead() {
        ProbeResult r = timed(slowBody());
        assertThat(r.httpStatus())
                .as("as blackbox_exporter: the 200 arrived, the probe still failed")
                .isEqualTo(200);
    }

    @Test
    void aHealthyProbeKeepsItsScheduleWhileEveryOtherThreadMeetsATricklingServer() throws Exception {
        Probe ok = Probes.http("healthy", healthy.url("/ok"))
                .timeout(TIMEOUT)
                .every(Duration.ofSeconds(5))
                .build();
        List<Probe> slow = List.of(httpsSlowHandshake(), tlsSlowHandshake(), slowHeader(), slowBody());
        // the slow probes come first and fill every permit (default parallelism 4)
        probes = ProbeSource.builder().clock(clock).probes(slow).probe(ok).build();
        assertThat(probes.parallelism()).isEqualTo(slow.size());
        monitor = Monitor.builder()
                .clock(clock)
                .every(Duration.ofSeconds(5))
                .source(probes)
                .build();
        MetricId healthySuccess = MetricId.of("probe.success", "probe", ok.name(), "target", ok.target());

        int before = healthy.requests.get();
        for (int round = 1; round <= 3; round++) {
            monitor.tickNow();
            int expected = before + round;
            // before the deadline was enforced at the socket, the slow checks held every thread for
            // minutes and this never happened
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> healthy.requests.get() == expected
                            && probes.lastResults().containsKey(ok.name())
                            && probes.lastResults().get(ok.name()).startedAt().toEpochMilli() >= clock.wallMillis());
            clock.advance(Duration.ofSeconds(5));
        }
        Tick last = monitor.tickNow();

        assertThat(last.value(healthySuccess)).isEqualTo(1.0);
        assertThat(healthy.requests.get()).isEqualTo(before + 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> probes.lastResults().size() == 5);
        for (Probe p : slow) {
            ProbeResult r = probes.lastResults().get(p.name());
            assertThat(r.success()).as("%s", p.name()).isFalse();
            assertThat(r.duration()).as("%s", p.name()).isLessThan(TIMEOUT.plus(BOUND));
        }
    }
}

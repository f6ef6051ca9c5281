package dev.vigil.core.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vigil.core.Monitor;
import dev.vigil.core.Tick;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.source.SampleSink;
import dev.vigil.core.time.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProbeSourceTest {

    private final ManualClock clock = ManualClock.create();
    private LoopbackServer server;
    private ProbeSource probes;
    private Monitor monitor;

    @BeforeEach
    void startServer() throws IOException {
        server = LoopbackServer.http();
    }

    @AfterEach
    void stop() {
        if (monitor != null) {
            monitor.close();
        }
        if (probes != null) {
            probes.close();
        }
        server.close();
    }

    private void monitor(ProbeSource source) {
        probes = source;
        monitor = Monitor.builder()
                .clock(clock)
                .every(Duration.ofSeconds(10))
                .source(source)
                .build();
    }

    private MetricId id(String name, Probe probe) {
        return MetricId.of(name, "probe", probe.name(), "target", probe.target());
    }

    private void awaitResults(int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> probes.lastResults().size() == count);
    }

    @Test
    void reportsNothingBeforeTheFirstCheckCompletesThenItsLatestResultOnEveryTick() {
        Probe api = Probes.http("api", server.url("/ok"))
                .every(Duration.ofSeconds(30))
                .build();
        monitor(ProbeSource.builder().clock(clock).probe(api).build());

        Tick first = monitor.tickNow();
        awaitResults(1);
        clock.advance(Duration.ofSeconds(10));
        Tick second = monitor.tickNow();

        assertThat(first.samples()).isEmpty();
        assertThat(second.value(id("probe.success", api))).isEqualTo(1.0);
        assertThat(second.value(id("probe.http.status", api))).isEqualTo(200.0);
        assertThat(second.value(id("probe.duration", api))).isPositive();
        assertThat(second.value(id("probe.phase.duration", api).withTag("phase", "processing")))
                .isPositive();
        assertThat(second.value(id("probe.tls.cert.expiry", api))).isNaN();
    }

    @Test
    void startsACheckOnlyWhenItsIntervalHasPassedOnTheClock() {
        Probe api = Probes.http("api", server.url("/ok"))
                .every(Duration.ofSeconds(30))
                .build();
        monitor(ProbeSource.builder().clock(clock).probe(api).build());

        monitor.tickNow();
        awaitResults(1);
        clock.advance(Duration.ofSeconds(10));
        monitor.tickNow();
        clock.advance(Duration.ofSeconds(10));
        monitor.tickNow();
        long beforeDue = probes.launches();
        clock.advance(Duration.ofSeconds(10));
        monitor.tickNow();

        assertThat(beforeDue).isEqualTo(1);
        assertThat(probes.launches()).isEqualTo(2);
    }

    @Test
    void aHangingEndpointNeverDelaysTheTickAndFailsAtItsTimeout() {
        Duration timeout = Duration.ofSeconds(2);
        Probe slow = Probes.http("slow", server.url("/hang")).timeout(timeout).build();
        monitor(ProbeSource.builder().clock(clock).probe(slow).build());

        long started = System.nanoTime();
        monitor.tickNow();
        Duration tickTook = Duration.ofNanos(System.nanoTime() - started);
        awaitResults(1);
        clock.advance(Duration.ofSeconds(10));
        Tick after = monitor.tickNow();

        assertThat(tickTook).isLessThan(timeout); // a tick that waited for the check would take the timeout
        assertThat(after.value(id("probe.success", slow))).isZero();
        assertThat(after.value(id("probe.duration", slow))).isGreaterThanOrEqualTo(timeout.toMillis() / 1000.0);
        assertThat(after.unknown()).isEmpty();
        assertThat(probes.lastResults().get("slow").failure()).contains("timeout");
    }

    @Test
    void aCheckStillRunningPastItsTimeoutIsReportedAsFailed() {
        Duration timeout = Duration.ofSeconds(3);
        Probe slow = Probes.http("slow", server.url("/hang")).timeout(timeout).build();
        monitor(ProbeSource.builder().clock(clock).probe(slow).build());

        monitor.tickNow();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.requests.get() == 1);
        clock.advance(timeout.plus(ProbeSource.OVERDUE_GRACE).plusMillis(1));
        Tick overdue = monitor.tickNow();

        assertThat(probes.lastResults()).isEmpty(); // the real check is still waiting for the server
        assertThat(overdue.value(id("probe.success", slow))).isZero();
        assertThat(overdue.value(id("probe.duration", slow))).isGreaterThan(timeout.toMillis() / 1000.0);
        assertThat(probes.launches()).isEqualTo(1);
    }

    @Test
    void runsAtMostParallelismChecksAtOnce() {
        // long enough that the third check cannot start inside the window below on a loaded machine
        Duration timeout = Duration.ofSeconds(3);
        ProbeSource.Builder b = ProbeSource.builder().clock(clock).parallelism(2);
        for (String name : new String[] {"a", "b", "c"}) {
            b.probe(Probes.http(name, server.url("/hang")).timeout(timeout).build());
        }
        monitor(b.build());

        monitor.tickNow();

        // two checks reach the hanging server; the third waits until one of them times out
        await().atMost(Duration.ofSeconds(10)).until(() -> server.requests.get() >= 2);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofMillis(1500)).until(() -> server.requests.get() == 2);
        clock.advance(timeout.plus(ProbeSource.OVERDUE_GRACE).plusMillis(1));
        Tick late = monitor.tickNow();
        awaitResults(3);
        assertThat(server.requests.get()).isEqualTo(3);
        assertThat(probes.lastResults().values())
                .allSatisfy(r -> assertThat(r.success()).isFalse());
        List<Probe> abc = probes.probes();
        assertThat(late.value(id("probe.success", abc.get(0))))
                .as("running past its timeout")
                .isZero();
        assertThat(late.value(id("probe.success", abc.get(1))))
                .as("running past its timeout")
                .isZero();
        assertThat(late.value(id("probe.success", abc.get(2))))
                .as("still queued: not late, no result yet")
                .isNaN();
    }

    @Test
    void afterCloseSamplingFails() {
        probes = ProbeSource.of(Probes.tcp("db", "127.0.0.1", server.port()).build());
        probes.close();
        probes.close();

        assertThatThrownBy(() -> probes.sample(new NoSink())).isInstanceOf(IllegalStateException.class);
    }

    private static final class NoSink implements SampleSink {
        @Override
        public void gauge(MetricId id, dev.vigil.core.metric.Unit unit, double value) {}

        @Override
        public void counter(MetricId id, dev.vigil.core.metric.Unit rateUnit, double total) {}

        @Override
        public void unknown(MetricId id, dev.vigil.core.metric.Unit unit) {}
    }
}

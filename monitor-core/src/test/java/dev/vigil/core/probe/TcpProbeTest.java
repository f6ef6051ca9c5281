package dev.vigil.core.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class TcpProbeTest {

    @Test
    void succeedsWhenSomethingListens() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            ProbeResult r = Probes.tcp("db", "127.0.0.1", listener.getLocalPort()).build()
                    .check(System.currentTimeMillis());

            assertThat(r.success()).as(r.failure()).isTrue();
            assertThat(r.phases()).containsOnlyKeys("resolve", "connect");
            assertThat(r.httpStatus()).isZero();
            assertThat(r.certNotAfter()).isNull();
        }
    }

    @Test
    void failsOnARefusedPort() throws Exception {
        ProbeResult r = Probes.tcp("db", "127.0.0.1", LoopbackServer.refusedPort()).build()
                .check(System.currentTimeMillis());

        assertThat(r.success()).isFalse();
        assertThat(r.failure()).contains("ConnectException");
    }
}

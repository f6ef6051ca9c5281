package dev.vigil.core.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpProbeTest {

    @Test
    void succeedsWhenSomethingListens() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            ProbeResult r = Probes.tcp("db", "127.0.0.1", listener.getLocalPort())
                    .build()
                    .check(System.currentTimeMillis());

            assertThat(r.success()).as(r.failure()).isTrue();
            assertThat(r.phases()).containsOnlyKeys("resolve", "connect");
            assertThat(r.httpStatus()).isZero();
            assertThat(r.certNotAfter()).isNull();
        }
    }

    @Test
    void failsOnARefusedPort() throws Exception {
        ProbeResult r = Probes.tcp("db", "127.0.0.1", LoopbackServer.refusedPort())
                .build()
                .check(System.currentTimeMillis());

        assertThat(r.success()).isFalse();
        assertThat(r.failure()).contains("ConnectException");
    }

    @Test
    void failsAtItsTimeoutWhenConnectionsAreNotAccepted() throws Exception {
        // a listener that never accepts: once its backlog is full, the kernel drops new SYNs
        List<Socket> filling = new ArrayList<>();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Duration timeout = Duration.ofMillis(300);
            ProbeResult r = null;
            for (int i = 0; i < 8 && (r == null || r.success()); i++) {
                r = Probes.tcp("db", "127.0.0.1", listener.getLocalPort())
                        .timeout(timeout)
                        .build()
                        .check(System.currentTimeMillis());
                Socket s = new Socket();
                filling.add(s);
                try {
                    s.connect(listener.getLocalSocketAddress(), 50);
                } catch (IOException full) {
                    // the backlog is full already
                }
            }

            assertThat(r.success()).isFalse();
            assertThat(r.failure()).isEqualTo("no connection within the timeout of PT0.3S");
            assertThat(r.duration()).isBetween(timeout, timeout.plusSeconds(2));
        } finally {
            for (Socket s : filling) {
                s.close();
            }
        }
    }
}

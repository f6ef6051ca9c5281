package dev.vigil.alerts.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.core.Monitor;
import dev.vigil.core.container.ContainerMetrics;
import dev.vigil.core.probe.ProbeResult;
import dev.vigil.core.probe.ProbeSource;
import dev.vigil.core.probe.Probes;
import dev.vigil.core.time.ManualClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe and container packs on the real sources: a loopback HTTP server and a fixture cgroup v2 tree. */
class ProbeAndContainerPacksTest {

    private static final Duration TICK = Duration.ofSeconds(10);
    private static final Duration CHECK_INTERVAL = Duration.ofSeconds(30);

    private final ManualClock clock = ManualClock.create();

    private AlertEngine engine(List<Rule> rules) {
        return AlertEngine.builder()
                .clock(clock)
                .synchronousListeners()
                .reports(ReportCapture.none())
                .rules(rules)
                .build();
    }

    private static Optional<Alert> alert(AlertEngine engine, String name) {
        return engine.alerts().stream().filter(a -> a.name().equals(name)).findFirst();
    }

    private static Optional<AlertState> state(AlertEngine engine, String name) {
        return alert(engine, name).map(Alert::state);
    }

    @Test
    void probeDownFiresWhenTheThirdCheckOfAStoppedServerHasFailed() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health");
        AlertEngine engine = engine(RulePacks.probes(CHECK_INTERVAL));
        try (ProbeSource probes = ProbeSource.builder()
                        .clock(clock)
                        .probe(Probes.http("api", url)
                                .every(CHECK_INTERVAL)
                                .timeout(Duration.ofSeconds(2))
                                .build())
                        .build();
                Monitor monitor = Monitor.builder()
                        .clock(clock)
                        .every(TICK)
                        .source(probes)
                        .listener(engine)
                        .build()) {
            Runnable tick = () -> {
                Instant now = Instant.ofEpochMilli(clock.wallMillis());
                boolean checkDue = probes.lastResults().isEmpty()
                        || !now.isBefore(
                                probes.lastResults().get("api").startedAt().plus(CHECK_INTERVAL));
                monitor.tickNow();
                if (checkDue) { // the check runs in the background: let it finish before time moves on
                    await().atMost(Duration.ofSeconds(10)).until(() -> {
                        ProbeResult r = probes.lastResults().get("api");
                        return r != null && r.startedAt().equals(now);
                    });
                }
                clock.advance(TICK);
            };

            for (int i = 0; i < 6; i++) { // two succeeding checks
                tick.run();
            }
            assertThat(probes.lastResults().get("api").success()).isTrue();
            assertThat(state(engine, "probe-down")).contains(AlertState.INACTIVE);

            server.stop(0);
            // failed checks start at 60 s, 90 s and 120 s; each is seen on the tick after it
            for (int i = 0; i < 7; i++) {
                tick.run();
            }
            assertThat(probes.lastResults().get("api").failure()).isNotNull();
            assertThat(state(engine, "probe-down")).contains(AlertState.PENDING);

            tick.run();
            assertThat(alert(engine, "probe-down")).hasValueSatisfying(a -> {
                assertThat(a.state()).isEqualTo(AlertState.FIRING);
                assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(a.labels()).containsEntry("probe", "api").containsEntry("target", url.toString());
            });
            assertThat(monitor.stats().listenerFailures()).isZero();
        } finally {
            server.stop(0);
        }
    }

    private static final String CGROUP = "sys/fs/cgroup/app.slice/app.service/";

    /** A cgroup v2 tree as the kernel writes it: 300 MiB working set of a 1 GiB limit, half a core. */
    private static void cgroupV2(Path root, long usageUsec, long oomKills) throws IOException {
        write(root, "proc/self/cgroup", "0::/app.slice/app.service\n");
        write(
                root,
                "proc/self/mountinfo",
                "30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw\n");
        write(root, CGROUP + "cpu.max", "50000 100000\n");
        write(
                root,
                CGROUP + "cpu.stat",
                "usage_usec " + usageUsec + "\nuser_usec 1\nsystem_usec 1\n"
                        + "nr_periods 100\nnr_throttled 0\nthrottled_usec 0\n");
        write(root, CGROUP + "memory.current", String.valueOf(400L << 20));
        write(root, CGROUP + "memory.stat", "anon 1000\nfile 2000\ninactive_file " + (100L << 20) + "\n");
        write(root, CGROUP + "memory.max", String.valueOf(1L << 30));
        write(
                root,
                CGROUP + "memory.events",
                "low 0\nhigh 0\nmax 0\noom " + oomKills + "\noom_kill " + oomKills + "\n");
        write(root, CGROUP + "pids.current", "12\n");
        write(root, CGROUP + "pids.max", "100\n");
        write(root, CGROUP + "io.stat", "8:0 rbytes=0 wbytes=0 rios=0 wios=0 dbytes=0 dios=0\n");
    }

    private static void write(Path root, String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    void containerOomKillFiresWhenTheCgroupCountsAKillAndResolvesAfterFifteenMinutes(@TempDir Path root)
            throws IOException {
        cgroupV2(root, 1_000_000, 0);
        AlertEngine engine = engine(RulePacks.container());
        ContainerMetrics container =
                ContainerMetrics.builder().root(root).clock(clock).build();
        try (Monitor monitor = Monitor.builder()
                .clock(clock)
                .every(TICK)
                .source(container)
                .listener(engine)
                .build()) {
            long usage = 1_000_000;
            for (int i = 0; i < 3; i++) {
                monitor.tickNow();
                clock.advance(TICK);
                cgroupV2(root, usage += 1_000_000, 0);
            }
            assertThat(engine.alerts())
                    .as("every series of the pack is read from the tree")
                    .extracting(Alert::name, Alert::state)
                    .containsExactlyInAnyOrder(
                            tuple("container-memory-near-limit", AlertState.INACTIVE),
                            tuple("container-cpu-throttled", AlertState.INACTIVE),
                            tuple("container-oom-kill", AlertState.INACTIVE));

            cgroupV2(root, usage += 1_000_000, 1);
            monitor.tickNow();
            assertThat(alert(engine, "container-oom-kill")).hasValueSatisfying(a -> {
                assertThat(a.state()).isEqualTo(AlertState.FIRING);
                assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            });
            assertThat(engine.activeAlerts()).extracting(Alert::name).containsExactly("container-oom-kill");

            for (int i = 0; i < 90; i++) { // 15 m from the first tick without another kill
                clock.advance(TICK);
                cgroupV2(root, usage += 1_000_000, 1);
                monitor.tickNow();
            }
            assertThat(state(engine, "container-oom-kill")).contains(AlertState.FIRING);
            clock.advance(TICK);
            monitor.tickNow();
            assertThat(engine.activeAlerts()).isEmpty();
            assertThat(monitor.stats().sourceFailures()).isZero();
        }
    }
}

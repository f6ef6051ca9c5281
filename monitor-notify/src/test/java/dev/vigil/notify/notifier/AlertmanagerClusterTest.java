package dev.vigil.notify.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.Monitor;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.time.ManualClock;
import dev.vigil.notify.Notifications;
import dev.vigil.notify.Route;
import dev.vigil.notify.Secret;
import dev.vigil.notify.testkit.JsonTree;
import dev.vigil.notify.testkit.LoopbackHttpReceiver;
import dev.vigil.notify.testkit.OpenApiSchema;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two application instances against a real two-peer Alertmanager cluster (Debian's
 * {@code prometheus-alertmanager}) on loopback, each instance posting to both peers; on-call is a
 * webhook receiver of the cluster. Skipped without the binary.
 */
class AlertmanagerClusterTest {

    private static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String RULE = "FleetDiskFull";
    private static final Duration TICK = Duration.ofSeconds(10);
    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    private static final List<Process> peers = new ArrayList<>();
    private static final List<URI> peerUrls = new ArrayList<>();
    private static LoopbackHttpReceiver oncall;

    @BeforeAll
    static void startCluster() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(BINARY), "prometheus-alertmanager is not installed");
        oncall = LoopbackHttpReceiver.start();
        Path config = dir.resolve("alertmanager.yml");
        // group_by alertname: Alertmanager merges what has the same labels; only the instance label
        // keeps the two hosts apart. Short timers so on-call hears within the test's bounds.
        Files.writeString(config, """
                route:
                  receiver: oncall
                  group_by: ['alertname']
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                  routes:
                    - receiver: oncall
                      matchers: ['team="ops.x"']
                receivers:
                  - name: oncall
                    webhook_configs:
                      - url: %s
                        send_resolved: true
                """.formatted(oncall.uri("/hook")));
        int[] web = {freePort(), freePort()};
        int[] gossip = {freePort(), freePort()};
        for (int i = 0; i < 2; i++) {
            peerUrls.add(URI.create("http://127.0.0.1:" + web[i]));
            peers.add(new ProcessBuilder(
                            BINARY.toString(),
                            "--config.file=" + config,
                            "--storage.path=" + dir.resolve("data-" + i),
                            "--web.listen-address=127.0.0.1:" + web[i],
                            "--cluster.listen-address=127.0.0.1:" + gossip[i],
                            "--cluster.advertise-address=127.0.0.1:" + gossip[i],
                            "--cluster.peer=127.0.0.1:" + gossip[1 - i])
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("alertmanager-" + i + ".log").toFile())
                    .start());
        }
        for (URI peer : peerUrls) {
            await().atMost(BOUND)
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> get(peer, "/-/ready").statusCode() == 200);
        }
        // both peers see each other: the cluster is formed
        for (URI peer : peerUrls) {
            await().atMost(BOUND)
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> ((List<?>) ((Map<?, ?>) JsonTree.object(get(peer, "/api/v2/status")
                                                            .body())
                                                    .get("cluster"))
                                            .get("peers"))
                                    .size()
                            == 2);
        }
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        for (Process p : peers) {
            p.destroy();
        }
        for (Process p : peers) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (oncall != null) {
            oncall.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The alerts a peer holds for the rule, active or not, by {@code instance}. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> statesAt(URI peer) throws Exception {
        Map<String, String> out = new java.util.TreeMap<>();
        for (Object o : JsonTree.array(get(peer, "/api/v2/alerts").body())) {
            Map<String, Object> alert = (Map<String, Object>) o;
            Map<String, Object> labels = (Map<String, Object>) alert.get("labels");
            if (RULE.equals(labels.get("alertname"))) {
                out.put((String) labels.get("instance"), (String)
                        ((Map<String, Object>) alert.get("status")).get("state"));
            }
        }
        return out;
    }

    /** One instance of the application: its own disk, engine, notifications and external label. */
    private static final class Host implements AutoCloseable {
        final Notifications notifications;
        final Monitor monitor;
        volatile double diskUsage;

        Host(String name, ManualClock clock, List<URI> alertmanagers, Route... more) {
            // resend far off: only the evaluation that changes something sends here
            AlertmanagerNotifier am = AlertmanagerNotifier.builder(alertmanagers)
                    .clock(clock)
                    .resendInterval(Duration.ofHours(1))
                    .generatorUrl("http://" + name + ":8080/vigil")
                    .build();
            Notifications.Builder delivery = Notifications.builder()
                    .route(am.route().continueMatching())
                    .clock(clock)
                    .flushEvery(Duration.ZERO);
            for (Route r : more) {
                delivery.route(r);
            }
            this.notifications = delivery.build();
            AlertEngine engine = AlertEngine.builder()
                    .clock(clock)
                    .synchronousListeners()
                    .reports(ReportCapture.none())
                    .externalLabels(Map.of("instance", name))
                    .rule(Rule.threshold(RULE)
                            .metric("disk.usage")
                            .label("team", "ops.x")
                            .critAbove(0.9))
                    .listener(notifications)
                    .build();
            this.monitor = Monitor.builder()
                    .clock(clock)
                    .every(TICK)
                    .source(sink -> sink.gauge("disk.usage", Unit.RATIO, diskUsage, "mount", "/data"))
                    .listener(engine)
                    .build();
        }

        /** One evaluation, and the flush that follows it (no clock advance: no timer is due). */
        void evaluate(double usage) {
            diskUsage = usage;
            monitor.tickNow();
            notifications.poll();
        }

        @Override
        public void close() {
            monitor.close();
            notifications.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void twoHostsGiveTwoAlertsAndOneRecoveringResolvesOnlyItsOwnAtOnce() throws Exception {
        // behind real time, so resolution times are in Alertmanager's past and count at once
        ManualClock clock = ManualClock.at(Instant.now().minus(Duration.ofMinutes(5)));
        try (LoopbackHttpReceiver posted = LoopbackHttpReceiver.start();
                LoopbackHttpReceiver vigilHook = LoopbackHttpReceiver.start()) {
            List<URI> targets = List.of(peerUrls.get(0), peerUrls.get(1), posted.uri(""));
            Route sameRouteAsOncall = Route.where("team", "ops.x")
                    .groupBy("alertname")
                    .groupWait(Duration.ZERO)
                    .to(WebhookNotifier.builder(Secret.of(vigilHook.uri("/hook").toString()))
                            .name("oncall")
                            .build());
            try (Host a = new Host("host-a", clock, targets, sameRouteAsOncall);
                    Host b = new Host("host-b", clock, targets)) {
                clock.advance(TICK);
                a.evaluate(0.95);
                b.evaluate(0.95);

                for (URI peer : peerUrls) {
                    await().atMost(BOUND)
                            .until(() -> statesAt(peer), s -> s.equals(Map.of("host-a", "active", "host-b", "active")));
                }
                await().atMost(BOUND).until(() -> oncallAlerts().size() >= 2);

                // host A recovers; no further evaluation, no re-send: only this one may carry the news
                clock.advance(TICK);
                a.evaluate(0.5);
                b.evaluate(0.95);

                for (URI peer : peerUrls) {
                    await().atMost(BOUND)
                            .until(
                                    () -> statesAt(peer),
                                    s -> s.get("host-b").equals("active") && !"active".equals(s.get("host-a")));
                }
                await().atMost(BOUND)
                        .until(() -> oncallAlerts().stream()
                                .anyMatch(x -> x.instance.equals("host-a") && x.status.equals("resolved")));
                assertThat(oncallAlerts())
                        .filteredOn(x -> x.instance.equals("host-b"))
                        .isNotEmpty()
                        .allSatisfy(x ->
                                assertThat(x.status).as("host-b on-call status").isEqualTo("firing"));

                await().atMost(BOUND).until(() -> !vigilHook.bodies().isEmpty());
                // Vigil's own webhook, on the same route as on-call's in Alertmanager, says what Alertmanager says
                Map<String, Object> fromVigil =
                        JsonTree.object(vigilHook.bodies().get(0));
                Map<String, String> fingerprintsFromAlertmanager = new java.util.TreeMap<>();
                for (String body : oncall.bodies()) {
                    Map<String, Object> fromAlertmanager = JsonTree.object(body);
                    assertThat(fromVigil.get("groupKey"))
                            .isEqualTo(fromAlertmanager.get("groupKey"))
                            .isEqualTo("{}/{team=\"ops.x\"}:{alertname=\"" + RULE + "\"}");
                    fingerprintsFromAlertmanager.putAll(fingerprints(fromAlertmanager));
                }
                assertThat(fingerprints(fromVigil)).containsKey("host-a");
                assertThat(fingerprintsFromAlertmanager).containsAllEntriesOf(fingerprints(fromVigil));
            }
            assertThat(posted.bodies()).isNotEmpty();
            OpenApiSchema.find("alertmanager-v0.25.0-openapi.json")
                    .ifPresentOrElse(
                            api -> {
                                for (String body : posted.bodies()) {
                                    assertThat(api.violations("postableAlerts", JsonTree.parse(body)))
                                            .as(body)
                                            .isEmpty();
                                }
                            },
                            () -> System.out.println(
                                    "SKIPPED schema validation: ../shared/specs/alertmanager-v0.25.0-openapi.json "
                                            + "not found from the project root"));
        }
    }

    private record OncallAlert(String instance, String status) {}

    @SuppressWarnings("unchecked")
    private static List<OncallAlert> oncallAlerts() {
        List<OncallAlert> out = new ArrayList<>();
        for (String body : oncall.bodies()) {
            for (Object o : (List<Object>) JsonTree.object(body).get("alerts")) {
                Map<String, Object> alert = (Map<String, Object>) o;
                Map<String, Object> labels = (Map<String, Object>) alert.get("labels");
                if (RULE.equals(labels.get("alertname"))) {
                    out.add(new OncallAlert((String) labels.get("instance"), (String) alert.get("status")));
                }
            }
        }
        return out;
    }

    /** instance -> fingerprint of the payload's alerts. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> fingerprints(Map<String, Object> payload) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (Object o : (List<Object>) payload.get("alerts")) {
            Map<String, Object> alert = (Map<String, Object>) o;
            out.put((String) ((Map<String, Object>) alert.get("labels")).get("instance"), (String)
                    alert.get("fingerprint"));
        }
        return out;
    }
}

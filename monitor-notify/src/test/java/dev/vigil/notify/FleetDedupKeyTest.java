package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.metric.MetricId;
import dev.vigil.notify.notifier.PagerDutyNotifier;
import dev.vigil.notify.testkit.JsonTree;
import dev.vigil.notify.testkit.LoopbackHttpReceiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hosts of a fleet, each with its own engine and notifications, never share a deduplication
 * key downstream: one host's resolution must not close another host's incident.
 */
class FleetDedupKeyTest {

    static final MetricId DISK = MetricId.of("disk.usage", "mount", "/data");
    static final Timings AT_ONCE = new Timings(Duration.ZERO, Duration.ofSeconds(10), Duration.ofHours(4));

    private final LoopbackHttpReceiver pagerDuty = LoopbackHttpReceiver.start();

    @AfterEach
    void stop() {
        pagerDuty.close();
    }

    /** One host of a fleet: its own engine (instance label = its name) and notifications, one PagerDuty service. */
    private record Host(Harness harness, AlertEngine engine) implements AutoCloseable {
        void reads(double value) {
            harness.tick(engine, DISK, value);
        }

        @Override
        public void close() {
            engine.close();
            harness.close();
        }
    }

    private Host host(String instance) {
        Harness h = new Harness(b -> b.timings(AT_ONCE)
                .route(Route.all()
                        .to(PagerDutyNotifier.builder(Secret.of("R0UT1NGKEY"))
                                .endpoint(pagerDuty.uri("/v2/enqueue"))
                                .source(instance)
                                .build())));
        AlertEngine engine = AlertEngine.builder()
                .synchronousListeners()
                .reports(ReportCapture.none())
                .clock(h.clock)
                .externalLabels(Map.of("instance", instance))
                .rule(Rule.threshold("disk-full").metric("disk.usage").critAbove(0.95))
                .listener(h.notifications)
                .build();
        return new Host(h, engine);
    }

    private List<Map<String, Object>> events() {
        return pagerDuty.bodies().stream().map(JsonTree::object).toList();
    }

    /**
     * Expected: the two hosts' incidents have different {@code dedup_key}s, so web-1's resolve
     * cannot close the incident web-2's full disk keeps open. docs/alerts.md "External labels": the
     * engine's external labels exist "so the alerts of a fleet's instances never merge downstream
     * (in Alertmanager, or a PagerDuty incident)"; promises "never says RESOLVED while the problem
     * holds" and "a fleet ... never merges hosts". With the default grouping
     * ({@code groupBy("alertname")}) both hosts' group key is {@code {}:{alertname="disk-full"}};
     * the dedup key adds each host's external labels (Notification.scope()).
     */
    @Test
    void oneHostsResolutionDoesNotCloseTheIncidentOfAnotherHostStillFiring() {
        pagerDuty.byDefault(202, Duration.ZERO);
        try (Host web1 = host("web-1");
                Host web2 = host("web-2")) {
            web1.reads(0.99);
            web2.reads(0.99);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> pagerDuty.bodies().size() >= 2);

            web1.reads(0.5); // web-1 recovers; web-2's disk stays full
            web1.harness().advance(Duration.ofSeconds(10));
            web2.reads(0.99);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> pagerDuty.bodies().size() >= 3);

            List<Map<String, Object>> events = events();
            assertThat(events).extracting(e -> e.get("event_action")).containsExactly("trigger", "trigger", "resolve");
            Object web2Incident = events.get(1).get("dedup_key");
            Object web1Resolve = events.get(2).get("dedup_key");
            assertThat(web1Resolve)
                    .as("web-1's resolve must not carry the dedup_key of web-2's open incident (hosts merged"
                            + " into one PagerDuty incident, resolved while web-2 still fires)")
                    .isNotEqualTo(web2Incident);
        }
    }
}

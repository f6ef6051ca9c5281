package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEvent;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.core.time.ManualClock;
import dev.vigil.notify.notifier.SlackNotifier;
import dev.vigil.notify.notifier.WebhookNotifier;
import dev.vigil.notify.testkit.JsonTree;
import dev.vigil.notify.testkit.LoopbackHttpReceiver;
import dev.vigil.notify.testkit.TestAlerts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * No alert disappears without a trace: routes without receivers inherit, bad alerts fail alone,
 * callbacks cannot hold up routing, flapping announcements recover. Real notifiers, loopback servers.
 */
class TrustedDeliveryTest {

    private final LoopbackHttpReceiver pages = LoopbackHttpReceiver.start();
    private final LoopbackHttpReceiver chat = LoopbackHttpReceiver.start();
    private final List<DeliveryFailure> failures = Collections.synchronizedList(new ArrayList<>());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void stop() {
        pages.close();
        chat.close();
    }

    private static WebhookNotifier hook(LoopbackHttpReceiver server, String name) {
        return WebhookNotifier.builder(Secret.of(server.uri("/" + name).toString()))
                .name(name)
                .timeout(Duration.ofSeconds(5))
                .build();
    }

    private static List<String> alertnames(LoopbackHttpReceiver server) {
        List<String> names = new ArrayList<>();
        for (String body : server.bodies()) {
            for (Object alert : (List<?>) JsonTree.object(body).get("alerts")) {
                names.add((String) ((Map<?, ?>) ((Map<?, ?>) alert).get("labels")).get("alertname"));
            }
        }
        return names;
    }

    private Harness harness(java.util.function.UnaryOperator<Notifications.Builder> config) {
        return new Harness(
                b -> config.apply(b.timings(Timings.embeddedDefaults().withGroupWait(Duration.ZERO))
                        .onFailure(failures::add)
                        .meterRegistry(registry)));
    }

    // 1. A route without receivers

    @Test
    void aRouteWithoutReceiversSendsToTheDefaultReceivers() {
        try (Harness h = harness(b -> b.route(Route.where("severity", "critical"))
                .route(Route.where("team", "web").to(hook(chat, "chat")))
                .defaultReceivers(hook(pages, "pages")))) {
            h.fire(TestAlerts.firing("DiskFull", Severity.CRITICAL, Map.of("team", "web"), "disk full"));

            // The critical route matched first and, having no receiver of its own, used the root's.
            assertThat(alertnames(pages)).containsExactly("DiskFull");
            assertThat(chat.requests()).isEmpty();
        }
    }

    @Test
    void aNestedRouteWithoutReceiversUsesItsParentsReceiversWithItsOwnGrouping() {
        try (Harness h = harness(b -> b.route(Route.where("team", "db")
                        .to(hook(pages, "db-pages"))
                        .child(Route.where("severity", "critical").groupBy("instance")))
                .defaultReceivers(hook(chat, "chat")))) {
            h.fire(TestAlerts.firing("Replication", Severity.CRITICAL, Map.of("team", "db", "instance", "a"), "lag"));
            h.fire(TestAlerts.firing("Connections", Severity.CRITICAL, Map.of("team", "db", "instance", "a"), "many"));
            h.advance(Duration.ofMinutes(1));

            assertThat(alertnames(pages)).containsExactly("Replication", "Replication", "Connections");
            assertThat(JsonTree.object(pages.bodies().get(1)).get("groupLabels"))
                    .isEqualTo(Map.of("instance", "a"));
            assertThat(chat.requests()).isEmpty();
        }
    }

    @Test
    void onlyATreeWithNoReceiverAnywhereIsRefused() {
        assertThatThrownBy(() -> Notifications.builder()
                        .route(Route.where("severity", "critical"))
                        .route(Route.all().child(Route.where("team", "db")))
                        .flushEvery(Duration.ZERO)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("routes: no receiver anywhere in the routing tree (2 route(s), none with a receiver, "
                        + "and no defaultReceivers)");

        Notifications.builder()
                .route(Route.where("severity", "critical"))
                .route(Route.all().child(Route.where("team", "db").to(hook(pages, "p"))))
                .flushEvery(Duration.ZERO)
                .build()
                .close();
    }

    @Test
    void anAlertReachingNoReceiverIsCountedAndLoggedOnce() {
        String logs = capturingStderr(() -> {
            try (Harness h = harness(b -> b.route(Route.where("team", "web").to(hook(chat, "chat"))))) {
                Alert orphan = TestAlerts.firing("Orphan", Severity.WARNING, Map.of("team", "db"), "nobody listens");
                h.fire(orphan);
                h.event(new AlertEvent.SeverityChanged(
                        TestAlerts.withSeverity(orphan, Severity.CRITICAL), Severity.WARNING, h.now()));
                h.advance(Duration.ofMinutes(10));
            }
            return null;
        });

        assertThat(registry.get("vigil.notify.unrouted").counter().count()).isEqualTo(1);
        assertThat(logs.lines().filter(l -> l.contains("alert Orphan reached no receiver")))
                .hasSize(1);
        assertThat(chat.requests()).isEmpty();
    }

    // 4. Group keys (in every log line naming a group) stay on one line

    @Test
    void aGroupKeyQuotesItsValuesAndKeepsThemOnOneLine() {
        try (Harness h = harness(b -> b.route(Route.all().groupBy("instance").to(hook(pages, "pages"))))) {
            h.fire(TestAlerts.firing("Odd", Severity.WARNING, Map.of("instance", "a\"b\\c\nd\u001be"), "s"));
            h.fire(TestAlerts.firing("Plain", Severity.WARNING, Map.of("instance", "web-1"), "s"));

            List<String> keys = pages.bodies().stream()
                    .map(body -> (String) JsonTree.object(body).get("groupKey"))
                    .toList();
            assertThat(keys).hasSize(2);
            // quoted as Alertmanager quotes group label values (Go %q): an escape byte reads \\x1b
            assertThat(keys.get(0))
                    .endsWith(":{instance=\"a\\\"b\\\\c\\nd\\x1be\"}")
                    .doesNotContain("\n");
            assertThat(keys.get(1)).endsWith(":{instance=\"web-1\"}");
        }
    }

    // 2. One bad alert or group

    // A null label or annotation value, the poison of issue 12, can no longer be made: Alert
    // refuses it where it is built (AlertValidationTest). What can still fail for one group, a
    // notifier that throws, is contained to that group:

    @Test
    void aNotifierThatThrowsForOneGroupCostsOnlyThatGroup() {
        WebhookNotifier real = hook(pages, "pages");
        Notifier choking = new Notifier() {
            @Override
            public DeliveryResult deliver(Notification n) {
                if (n.alerts().stream().anyMatch(a -> a.name().equals("Choke"))) {
                    throw new IllegalStateException("renderer bug");
                }
                return real.deliver(n);
            }

            @Override
            public String name() {
                return "pages";
            }
        };
        try (Harness h =
                harness(b -> b.route(Route.all().to(choking)).retryPolicy(RetryPolicy.DEFAULT.withMaxAttempts(2)))) {
            h.fire(TestAlerts.firing("Choke", Severity.CRITICAL, Map.of(), "x"));
            h.fire(TestAlerts.firing("Fine", Severity.CRITICAL, Map.of(), "y"));

            assertThat(alertnames(pages)).containsExactly("Fine");
            assertThat(failures).singleElement().satisfies(f -> {
                assertThat(f.kind()).isEqualTo(DeliveryFailure.Kind.RETRIES_EXHAUSTED);
                assertThat(f.reason()).isEqualTo("notifier threw java.lang.IllegalStateException (after 2 attempts)");
            });
        }
    }

    // 5. Callbacks outside locks

    @Test
    void aSlowFailureCallbackOnADropDelaysNoOtherRoute() throws Exception {
        pages.byDefault(200, Duration.ofSeconds(30)); // the warning receiver hangs: its queue fills
        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ManualClock clock = ManualClock.create();
        Notifications n = Notifications.builder()
                .clock(clock)
                .flushEvery(Duration.ZERO)
                .timings(Timings.embeddedDefaults().withGroupWait(Duration.ZERO))
                .queueCapacity(1)
                .closeTimeout(Duration.ofMillis(100))
                .route(Route.where("severity", "critical").to(hook(chat, "oncall")))
                .route(Route.all()
                        .to(WebhookNotifier.builder(Secret.of(pages.uri("/w").toString()))
                                .name("warnings")
                                .timeout(Duration.ofSeconds(60))
                                .build()))
                .onFailure(f -> {
                    inCallback.countDown();
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })
                .build();
        try {
            Thread storm = new Thread(
                    () -> {
                        for (int i = 0; i < 4; i++) {
                            n.onEvent(new AlertEvent.Fired(
                                    TestAlerts.firing("Warn" + i, Severity.WARNING, Map.of(), "w"), clock.now()));
                        }
                    },
                    "storm");
            storm.start();
            assertThat(inCallback.await(30, TimeUnit.SECONDS)).isTrue();

            // On a thread of its own: if routing waited for the callback, so would this page.
            Thread page = new Thread(
                    () -> n.onEvent(new AlertEvent.Fired(
                            TestAlerts.firing("Page", Severity.CRITICAL, Map.of(), "p"), clock.now())),
                    "page");
            page.start();

            await().atMost(Duration.ofSeconds(20)).until(() -> chat.requests().size() == 1);
            page.join(TimeUnit.SECONDS.toMillis(20));
            assertThat(page.isAlive()).isFalse();
            assertThat(release.getCount()).isEqualTo(1); // the callback is still running
            storm.join(TimeUnit.SECONDS.toMillis(20));
            assertThat(storm.isAlive()).isFalse(); // and the thread that dropped did not wait for it
        } finally {
            release.countDown();
            n.close();
        }
    }

    // 3. A receiver's queue is bounded by bytes as well as by count

    @Test
    void aQueueFullInBytesDropsTheOldestWarningsLongBeforeItsCountIsReached() {
        pages.byDefault(200, Duration.ofSeconds(30)); // hangs: everything after the first waits in the queue
        ManualClock clock = ManualClock.create();
        String big = "d".repeat(1000); // the text shows 1,000 characters of it
        Notifications n = Notifications.builder()
                .clock(clock)
                .flushEvery(Duration.ZERO)
                .timings(Timings.embeddedDefaults().withGroupWait(Duration.ZERO))
                .queueCapacity(1000)
                .queueMaxBytes(32 * 1024)
                .closeTimeout(Duration.ofMillis(100))
                .route(Route.all()
                        .to(WebhookNotifier.builder(Secret.of(pages.uri("/w").toString()))
                                .name("slow")
                                .timeout(Duration.ofSeconds(60))
                                .build()))
                .onFailure(failures::add)
                .meterRegistry(registry)
                .build();
        try {
            for (int i = 0; i < 40; i++) {
                Alert a = TestAlerts.withAnnotations(
                        TestAlerts.firing("Big" + i, Severity.WARNING, Map.of(), "s"),
                        Map.of("summary", "s", "description", big));
                n.onEvent(new AlertEvent.Fired(a, clock.now()));
            }
            n.onEvent(new AlertEvent.Fired(
                    TestAlerts.withAnnotations(
                            TestAlerts.firing("Page", Severity.CRITICAL, Map.of(), "p"), Map.of("description", big)),
                    clock.now()));

            await().atMost(Duration.ofSeconds(10)).until(() -> failures.size() >= 20);
            assertThat(n.pending()).isLessThan(20); // about 32 KiB of ~2.5 KB notifications, not 1,000
            assertThat(failures).allSatisfy(f -> {
                assertThat(f.kind()).isEqualTo(DeliveryFailure.Kind.DROPPED);
                assertThat(f.reason()).isEqualTo("queue full (capacity 1000 notifications, 32768 bytes)");
                assertThat(f.notification().severity()).isEqualTo(Severity.WARNING);
            });
            assertThat(registry.get("vigil.notify.dropped")
                            .tag("receiver", "slow")
                            .counter()
                            .count())
                    .isEqualTo(41 - n.pending()); // pending counts the one in delivery too
        } finally {
            n.close();
        }
    }

    // 7. Flapping announcements after the alert went

    @Test
    void anAlertThatWentWhileFlappingIsAnnouncedAgainWhenItFlapsAgain() {
        try (Harness h = harness(b -> b.route(Route.all()
                .to(SlackNotifier.builder(Secret.of(chat.uri("/slack").toString()))
                        .build())))) {
            Alert hot = TestAlerts.firing("Hot", Severity.CRITICAL, Map.of(), "hot");
            h.fire(hot);
            h.event(new AlertEvent.FlappingStarted(TestAlerts.flapping(hot, true), 60.0, h.now()));
            // It resolved while flapping and went (its series was forgotten, so no FlappingStopped
            // ever comes); later it came back as a new alert, not flapping, and flaps again.
            h.event(new AlertEvent.Resolved(TestAlerts.flapping(TestAlerts.resolved(hot, h.now()), true), h.now()));
            h.advance(Duration.ofMinutes(2));
            h.fire(hot);
            h.advance(Duration.ofMinutes(2));
            h.event(new AlertEvent.FlappingStarted(TestAlerts.flapping(hot, true), 61.0, h.now()));

            assertThat(chat.bodies())
                    .filteredOn(b -> b.contains("[FLAPPING] Hot"))
                    .hasSize(2);
        }
    }

    static String capturingStderr(Supplier<Void> action) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.get();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}

package dev.vigil.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Notifier;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Notifier} owes Vigil, as JUnit 5 tests. A notifier of your own proves
 * it by extending this class with a receiver it can observe (a loopback server, a fake gateway):
 *
 * <ul>
 *   <li>a firing and a resolved notification are delivered and name the alert;
 *   <li>unicode arrives unchanged, and hostile text (markup, quotes, control characters) neither
 *       breaks the payload nor the receiver;
 *   <li>a group of 500 alerts with long descriptions is delivered, cut to the receiver's limits
 *       rather than rejected;
 *   <li>a receiver that accepts the connection and never answers is given up within the notifier's
 *       {@link Notifier#timeout() timeout}, as {@link DeliveryResult.Retry} (nothing is dropped);
 *   <li>concurrent calls are safe, and the notifier's name holds no secret (no URL).
 * </ul>
 *
 * <pre>{@code
 * class SmsNotifierTest extends NotifierCompatibilityKit {
 *     final FakeSmsGateway gateway = FakeSmsGateway.start();   // the test's receiver on loopback
 *
 *     protected Notifier notifier(Duration timeout) {
 *         return new SmsNotifier(gateway.uri(), timeout);
 *     }
 *     protected Notifier notifierAt(InetSocketAddress silent, Duration timeout) {
 *         return new SmsNotifier(URI.create("http://127.0.0.1:" + silent.getPort()), timeout);
 *     }
 *     protected List<String> received() {
 *         return gateway.messages();
 *     }
 * }
 * }</pre>
 *
 * <p>docs/testing.md shows a complete one, with the fake gateway written out.
 *
 * <p>Override the hooks ({@link #resolvedPayloadNamesTheAlert()}, {@link #requestsForAlerts(int)},
 * {@link #largeDeliveryTimeout()}) where the channel differs. Alerts and notifications come from
 * {@link TestAlerts}.
 */
public abstract class NotifierCompatibilityKit {

    /** Text every notifier must carry through unchanged. */
    protected static final String UNICODE = "Ünïcödé ✓ 日本語 🚨";
    /** Text that breaks naive JSON, HTML or mrkdwn building. */
    protected static final String HOSTILE =
            "<script>alert(\"x\")</script> & \\ ' \" {\"a\":1} \n\t\u0001 </td> *bold* <@U123>";

    private SilentEndpoint silent;

    /** A notifier aimed at this test's working receiver. */
    protected abstract Notifier notifier(Duration timeout);

    /** A notifier aimed at {@code silent}, which accepts connections and never answers. */
    protected abstract Notifier notifierAt(InetSocketAddress silent, Duration timeout);

    /** Everything the receiver got, one decoded text per delivery, in order. */
    protected abstract List<String> received();

    /**
     * Whether a resolved notification's payload names the alert. Receivers that resolve by key
     * alone (PagerDuty's {@code dedup_key}) answer false.
     */
    protected boolean resolvedPayloadNamesTheAlert() {
        return true;
    }

    /** How long one large delivery may take. */
    protected Duration largeDeliveryTimeout() {
        return Duration.ofSeconds(20);
    }

    @AfterEach
    void closeSilentEndpoint() {
        if (silent != null) {
            silent.close();
        }
    }

    /** A firing notification about one alert with {@code summary}. */
    protected static Notification firing(String name, String summary) {
        return TestAlerts.notification(
                "kit", TestAlerts.firing(name, Severity.CRITICAL, Map.of("service", "kit"), summary));
    }

    @Test
    void deliversAFiringNotification() {
        DeliveryResult result = notifier(Duration.ofSeconds(5)).deliver(firing("KitFiring", "it fires"));

        assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(received()).hasSize(1);
        assertThat(received().get(0)).contains("KitFiring");
    }

    @Test
    void deliversAResolvedNotification() {
        Alert alert = TestAlerts.firing("KitResolved", Severity.WARNING, Map.of(), "it resolved");
        Notification resolved =
                TestAlerts.notification("kit", TestAlerts.resolved(alert, Instant.parse("2026-01-01T00:10:00Z")));

        DeliveryResult result = notifier(Duration.ofSeconds(5)).deliver(resolved);

        assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(received()).hasSize(1);
        if (resolvedPayloadNamesTheAlert()) {
            assertThat(received().get(0)).contains("KitResolved");
        }
    }

    @Test
    void keepsUnicodeIntact() {
        DeliveryResult result = notifier(Duration.ofSeconds(5)).deliver(firing("KitUnicode", UNICODE));

        assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(received()).singleElement().asString().contains(UNICODE);
    }

    @Test
    void deliversHostileTextWithoutBreakingThePayload() {
        DeliveryResult result = notifier(Duration.ofSeconds(5)).deliver(firing("KitHostile", HOSTILE));

        assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(received()).singleElement().asString().contains("KitHostile");
    }

    @Test
    void deliversALargeGroupCutToTheReceiversLimits() {
        List<Alert> alerts = new ArrayList<>();
        String description = "x".repeat(2000) + UNICODE;
        for (int i = 0; i < 500; i++) {
            alerts.add(TestAlerts.withAnnotations(
                    TestAlerts.firing("KitLarge", Severity.WARNING, Map.of("instance", "host-" + i), "big " + i),
                    Map.of("summary", "big " + i, "description", description)));
        }
        Notification large = TestAlerts.notification("kit", alerts);

        DeliveryResult result = notifier(largeDeliveryTimeout()).deliver(large);

        assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(received()).hasSize(requestsForAlerts(500));
    }

    /**
     * How many messages the receiver gets for one notification of {@code alerts} alerts: 1 unless
     * the channel splits large groups (Alertmanager's API takes at most 256 alerts a request).
     */
    protected int requestsForAlerts(int alerts) {
        return 1;
    }

    @Test
    void givesUpWithinItsTimeoutWhenTheReceiverHangs() throws Exception {
        silent = SilentEndpoint.start();
        Duration timeout = Duration.ofMillis(500);
        Notifier notifier = notifierAt(silent.address(), timeout);
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            long start = System.nanoTime();
            Future<DeliveryResult> call = caller.submit(() -> notifier.deliver(firing("KitHang", "no answer")));
            DeliveryResult result = call.get(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(result).isInstanceOf(DeliveryResult.Retry.class);
            assertThat(tookMillis).isLessThan(timeout.toMillis() + 5000);
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void isSafeForConcurrentCalls() throws Exception {
        Notifier notifier = notifier(Duration.ofSeconds(5));
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<DeliveryResult>> calls = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int n = i;
                calls.add(callers.submit(() -> notifier.deliver(firing("KitConcurrent" + n, "call " + n))));
            }
            for (Future<DeliveryResult> call : calls) {
                assertThat(call.get(30, TimeUnit.SECONDS)).isInstanceOf(DeliveryResult.Delivered.class);
            }
            assertThat(received()).hasSize(12);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void hasANameWithoutSecrets() {
        Notifier notifier = notifier(Duration.ofSeconds(5));

        assertThat(notifier.name()).isNotBlank().doesNotContain("://");
        assertThat(notifier.timeout()).isPositive();
    }
}

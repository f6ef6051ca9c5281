package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEvent;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.core.time.ManualClock;
import dev.vigil.notify.notifier.WebhookNotifier;
import dev.vigil.notify.testkit.LoopbackHttpReceiver;
import dev.vigil.notify.testkit.SilentEndpoint;
import dev.vigil.notify.testkit.TestAlerts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeliveryTest {

    private final ManualClock clock = ManualClock.create();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final Sleeper sleeper = d -> {
        waits.add(d);
        clock.advance(d);
    };
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<DeliveryFailure> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private final LoopbackHttpReceiver server = LoopbackHttpReceiver.start();
    private ReceiverWorker worker;

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.beginClose();
            worker.awaitClose(System.nanoTime() + 2_000_000_000L);
        }
        server.close();
    }

    private ReceiverWorker worker(Notifier notifier, int capacity) {
        worker = new ReceiverWorker(notifier, capacity, RetryPolicy.DEFAULT, clock, sleeper, registry, failures::add);
        return worker;
    }

    private WebhookNotifier webhook() {
        return WebhookNotifier.builder(Secret.of(server.uri("/hook").toString()))
                .timeout(Duration.ofSeconds(2))
                .build();
    }

    private double count(String meter, String receiver) {
        var counter = registry.find(meter).tag("receiver", receiver).counter();
        return counter == null ? 0 : counter.count();
    }

    private static Notification notification(String name, Severity severity) {
        return TestAlerts.notification("r", TestAlerts.firing(name, severity, Map.of(), "summary of " + name));
    }

    @Test
    void threeServiceUnavailableAnswersThenSuccessGiveOneDeliveryInFourAttempts() {
        server.respond(503).respond(503).respond(503);

        worker(webhook(), 10).submit(notification("Flaky", Severity.CRITICAL));

        await().atMost(Duration.ofSeconds(10)).until(() -> count("vigil.notify.sent", "webhook") == 1);
        assertThat(server.requests()).hasSize(4);
        assertThat(count("vigil.notify.retried", "webhook")).isEqualTo(3);
        assertThat(count("vigil.notify.failed", "webhook")).isZero();
        assertThat(failures).isEmpty();
        // Latency runs from the first attempt to the outcome, backoff included (7 s at most on the manual clock).
        var latency =
                registry.get("vigil.notify.latency").tag("receiver", "webhook").timer();
        assertThat(latency.count()).isEqualTo(1);
        assertThat(latency.totalTime(java.util.concurrent.TimeUnit.SECONDS)).isBetween(5.6, 7.5);
        // Exponential backoff with 20 % jitter: about 1 s, 2 s, 4 s.
        assertThat(waits).hasSize(3);
        assertThat(waits.get(0)).isBetween(Duration.ofMillis(800), Duration.ofSeconds(1));
        assertThat(waits.get(1)).isBetween(Duration.ofMillis(1600), Duration.ofSeconds(2));
        assertThat(waits.get(2)).isBetween(Duration.ofMillis(3200), Duration.ofSeconds(4));
    }

    @Test
    void aBadRequestGivesOneAttemptAndAPermanentFailure() {
        server.respond(400);

        worker(webhook(), 10).submit(notification("Bad", Severity.WARNING));

        await().atMost(Duration.ofSeconds(10)).until(() -> failures.size() == 1);
        assertThat(server.requests()).hasSize(1);
        DeliveryFailure failure = failures.get(0);
        assertThat(failure.kind()).isEqualTo(DeliveryFailure.Kind.PERMANENT);
        assertThat(failure.reason()).isEqualTo("HTTP 400: error");
        assertThat(failure.attempts()).isEqualTo(1);
        assertThat(failure.receiver()).isEqualTo("webhook");
        assertThat(count("vigil.notify.failed", "webhook")).isEqualTo(1);
        assertThat(count("vigil.notify.sent", "webhook")).isZero();
    }

    @Test
    void tooManyRequestsWithRetryAfterWaitsAtLeastThatLong() {
        server.respond(429, Map.of("Retry-After", "2"));
        long start = clock.monotonicNanos();

        worker(webhook(), 10).submit(notification("Throttled", Severity.WARNING));

        await().atMost(Duration.ofSeconds(10)).until(() -> count("vigil.notify.sent", "webhook") == 1);
        assertThat(server.requests()).hasSize(2);
        assertThat(waits).containsExactly(Duration.ofSeconds(2));
        assertThat(Duration.ofNanos(clock.monotonicNanos() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void retriesGiveUpWhenTheBudgetIsSpent() {
        server.byDefault(503, Duration.ZERO);
        worker = new ReceiverWorker(
                webhook(),
                10,
                RetryPolicy.DEFAULT.withBudget(Duration.ofSeconds(10)),
                clock,
                sleeper,
                registry,
                failures::add);

        worker.submit(notification("Down", Severity.CRITICAL));

        await().atMost(Duration.ofSeconds(10)).until(() -> failures.size() == 1);
        assertThat(failures.get(0).kind()).isEqualTo(DeliveryFailure.Kind.RETRIES_EXHAUSTED);
        assertThat(failures.get(0).reason()).startsWith("HTTP 503").contains("budget");
        // 1 + 2 + 4 s fit in 10 s, 8 s more would not.
        assertThat(server.requests()).hasSize(4);
    }

    @Test
    void aResetConnectionIsRetried() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket raw = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread serverThread = new Thread(() -> {
                while (!raw.isClosed()) {
                    try (Socket s = raw.accept()) {
                        readRequest(s.getInputStream());
                        if (connections.incrementAndGet() == 1) {
                            s.setSoLinger(true, 0);
                        } else {
                            OutputStream out = s.getOutputStream();
                            out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                    .getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            serverThread.setDaemon(true);
            serverThread.start();
            WebhookNotifier notifier = WebhookNotifier.builder(
                            Secret.of("http://127.0.0.1:" + raw.getLocalPort() + "/hook"))
                    .name("reset")
                    .build();

            worker(notifier, 10).submit(notification("Reset", Severity.CRITICAL));

            await().atMost(Duration.ofSeconds(10)).until(() -> count("vigil.notify.sent", "reset") == 1);
            assertThat(connections.get()).isEqualTo(2);
            assertThat(count("vigil.notify.retried", "reset")).isEqualTo(1);
        }
    }

    private static void readRequest(InputStream in) throws IOException {
        // Headers end with an empty line; the small JSON body follows within the same read usually.
        byte[] buf = new byte[65536];
        int total = 0;
        String text = "";
        while (!text.contains("\r\n\r\n")) {
            int n = in.read(buf, total, buf.length - total);
            if (n < 0) {
                return;
            }
            total += n;
            text = new String(buf, 0, total, StandardCharsets.ISO_8859_1);
        }
        int headerEnd = text.indexOf("\r\n\r\n") + 4;
        int length = 0;
        for (String line : text.substring(0, headerEnd).split("\r\n", -1)) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        while (total < headerEnd + length) {
            int n = in.read(buf, total, buf.length - total);
            if (n < 0) {
                return;
            }
            total += n;
        }
    }

    @Test
    void aHangingReceiverIsCutAtItsTimeoutWhileAnotherDeliversOnTime() {
        RecordingNotifier fast = new RecordingNotifier("fast");
        try (SilentEndpoint silent = SilentEndpoint.start();
                Notifications notifications = Notifications.builder()
                        .route(Route.all()
                                .to(
                                        fast,
                                        WebhookNotifier.builder(Secret.of("http://127.0.0.1:"
                                                        + silent.address().getPort() + "/hook"))
                                                .name("hanging")
                                                .timeout(Duration.ofMillis(300))
                                                .build()))
                        .timings(Timings.embeddedDefaults().withGroupWait(Duration.ZERO))
                        .retryPolicy(RetryPolicy.DEFAULT.withMaxAttempts(2))
                        .clock(clock)
                        .sleeper(sleeper)
                        .meterRegistry(registry)
                        .onFailure(failures::add)
                        .flushEvery(Duration.ZERO)
                        .closeTimeout(Duration.ofSeconds(1))
                        .build()) {
            long start = System.nanoTime();

            notifications.onEvent(
                    new AlertEvent.Fired(TestAlerts.firing("Hang", Severity.CRITICAL, Map.of(), "s"), clock.now()));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(200));
            await().atMost(Duration.ofSeconds(1)).until(() -> fast.received().size() == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> failures.size() == 1);
            assertThat(failures.get(0).receiver()).isEqualTo("hanging");
            assertThat(failures.get(0).kind()).isEqualTo(DeliveryFailure.Kind.RETRIES_EXHAUSTED);
            assertThat(failures.get(0).reason()).startsWith("timed out after");
            assertThat(failures.get(0).attempts()).isEqualTo(2);
        }
    }

    @Test
    void aNotifierThatIgnoresItsTimeoutIsCutByTheWorker() {
        Notifier stuck = new Notifier() {
            @Override
            public DeliveryResult deliver(Notification n) {
                long until = System.nanoTime() + 30_000_000_000L;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                    if (Thread.currentThread().isInterrupted()) {
                        break;
                    }
                }
                return DeliveryResult.delivered();
            }

            @Override
            public String name() {
                return "stuck";
            }

            @Override
            public Duration timeout() {
                return Duration.ofMillis(200);
            }
        };
        worker = new ReceiverWorker(stuck, 10, RetryPolicy.none(), clock, sleeper, registry, failures::add);

        worker.submit(notification("Stuck", Severity.WARNING));

        await().atMost(Duration.ofSeconds(3)).until(() -> failures.size() == 1);
        assertThat(failures.get(0).reason()).isEqualTo("timed out after PT0.2S (after 1 attempts)");
    }

    @Test
    void aStormIntoABoundedQueueKeepsCriticalsAndCountsEveryDrop() {
        RecordingNotifier blocked = new RecordingNotifier("blocked", Duration.ofMinutes(5)).hang();
        int storm = 100_000;
        int capacity = 100;
        Notifications notifications = Notifications.builder()
                .route(Route.all().to(blocked).groupBy(Route.ALL_LABELS))
                .timings(Timings.embeddedDefaults().withGroupWait(Duration.ZERO))
                .queueCapacity(capacity)
                .clock(clock)
                .sleeper(sleeper)
                .meterRegistry(registry)
                .onFailure(failures::add)
                .flushEvery(Duration.ZERO)
                .closeTimeout(Duration.ofSeconds(10))
                .build();
        int maxDepth = 0;
        for (int i = 0; i < storm; i++) {
            Severity severity = i % 1000 == 999 ? Severity.CRITICAL : Severity.WARNING;
            Alert alert = TestAlerts.firing("Storm", severity, Map.of("i", Integer.toString(i)), "storm " + i);
            notifications.onEvent(new AlertEvent.Fired(alert, clock.now()));
            if (i % 1000 == 0) {
                maxDepth = Math.max(maxDepth, notifications.pending());
            }
        }

        // the queue's capacity, the notification being delivered, and at most one more in hand:
        // one the worker took while an idle receiver's first attempt was being started for it
        assertThat(maxDepth).isLessThanOrEqualTo(capacity + 2);
        assertThat(registry.get("vigil.notify.queue.depth")
                        .tag("receiver", "blocked")
                        .gauge()
                        .value())
                .isEqualTo(capacity);
        blocked.release();
        notifications.close();

        double dropped = count("vigil.notify.dropped", "blocked");
        double sent = count("vigil.notify.sent", "blocked");
        assertThat(sent + dropped).isEqualTo(storm);
        // the one in delivery, the queue's capacity, and the one in hand when the worker took it
        // while the first attempt was being started (as above): never more
        assertThat(sent).isBetween(capacity + 1.0, capacity + 2.0);
        assertThat(List.copyOf(failures))
                .hasSize((int) dropped)
                .allSatisfy(f -> assertThat(f.kind()).isEqualTo(DeliveryFailure.Kind.DROPPED));
        // Those delivered before the storm filled the queue came first; the queue kept the 100 criticals.
        List<Notification> received = blocked.received();
        assertThat(received.subList(received.size() - capacity, received.size()))
                .allSatisfy(n -> assertThat(n.severity()).isEqualTo(Severity.CRITICAL));
    }

    @Test
    void closeDeliversWhatIsStillWithinItsGroupWait() {
        RecordingNotifier receiver = new RecordingNotifier("r");
        Notifications notifications = Notifications.builder()
                .route(Route.all().to(receiver))
                .timings(Timings.alertmanagerDefaults())
                .clock(clock)
                .flushEvery(Duration.ZERO)
                .build();
        notifications.onEvent(
                new AlertEvent.Fired(TestAlerts.firing("Late", Severity.WARNING, Map.of(), "s"), clock.now()));
        assertThat(receiver.received()).isEmpty();

        notifications.close();

        assertThat(receiver.received()).hasSize(1);
        notifications.close();
    }

    @Test
    void closeReturnsWithinItsTimeoutAndReportsWhatWasLeft() {
        RecordingNotifier stuck = new RecordingNotifier("stuck", Duration.ofMinutes(5)).hang();
        Notifications notifications = Notifications.builder()
                .route(Route.all().to(stuck).groupBy(Route.ALL_LABELS))
                .timings(Timings.embeddedDefaults().withGroupWait(Duration.ZERO))
                .clock(clock)
                .onFailure(failures::add)
                .meterRegistry(registry)
                .flushEvery(Duration.ZERO)
                .closeTimeout(Duration.ofMillis(300))
                .build();
        for (int i = 0; i < 5; i++) {
            notifications.onEvent(new AlertEvent.Fired(
                    TestAlerts.firing("Stuck", Severity.WARNING, Map.of("i", "" + i), "s"), clock.now()));
        }
        long start = System.nanoTime();

        notifications.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(failures).hasSize(5).allSatisfy(f -> assertThat(f.kind()).isEqualTo(DeliveryFailure.Kind.CLOSED));
        assertThat(count("vigil.notify.dropped", "stuck")).isEqualTo(5);
    }

    @Test
    void anInterruptedCloseStillWaitsItsTimeoutAndReportsEveryUndeliveredNotificationOnce() {
        RecordingNotifier stuck = new RecordingNotifier("stuck", Duration.ofMinutes(5)).hang();
        Notifications notifications = Notifications.builder()
                .route(Route.all().to(stuck).groupBy(Route.ALL_LABELS))
                .timings(Timings.embeddedDefaults().withGroupWait(Duration.ZERO))
                .clock(clock)
                .sleeper(sleeper)
                .onFailure(failures::add)
                .meterRegistry(registry)
                .flushEvery(Duration.ZERO)
                .closeTimeout(Duration.ofMillis(300))
                .build();
        for (int i = 0; i < 3; i++) {
            notifications.onEvent(new AlertEvent.Fired(
                    TestAlerts.firing("Stuck", Severity.WARNING, Map.of("i", "" + i), "s"), clock.now()));
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> notifications.pending() == 3);

        Thread.currentThread().interrupt();
        notifications.close();

        assertThat(Thread.interrupted()).as("the caller's interrupt is kept").isTrue();
        assertThat(List.copyOf(failures))
                .hasSize(3)
                .allSatisfy(f -> assertThat(f.kind()).isEqualTo(DeliveryFailure.Kind.CLOSED))
                .extracting(f -> f.notification().groupLabels().get("i"))
                .containsExactlyInAnyOrder("0", "1", "2");
        assertThat(notifications.pending()).isZero();
        assertThat(stuck.received()).isEmpty();
    }

    @Test
    void aNotifierWhoseTimeoutIsMissingOrThrowsIsGivenTheDefaultAndKeepsDelivering() {
        List<Notification> delivered = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        Notifier odd = new Notifier() {
            @Override
            public DeliveryResult deliver(Notification n) {
                delivered.add(n);
                return DeliveryResult.delivered();
            }

            @Override
            public Duration timeout() {
                if (calls.incrementAndGet() % 2 == 0) {
                    throw new IllegalStateException("no timeout configured");
                }
                return null;
            }
        };
        worker(odd, 10);

        worker.submit(notification("One", Severity.WARNING));
        worker.submit(notification("Two", Severity.WARNING));

        await().atMost(Duration.ofSeconds(3)).until(() -> delivered.size() == 2);
        assertThat(failures).isEmpty();
    }

    @Test
    void aWorkerThatHitsAnUnexpectedErrorReportsTheNotificationAndCarriesOn() {
        RecordingNotifier flaky = new RecordingNotifier("flaky");
        AtomicInteger attempts = new AtomicInteger();
        Notifier failingOnce = new Notifier() {
            @Override
            public DeliveryResult deliver(Notification n) {
                return attempts.incrementAndGet() == 1 ? DeliveryResult.retry("busy") : flaky.deliver(n);
            }

            @Override
            public String name() {
                return "flaky";
            }
        };
        Sleeper broken = d -> {
            throw new IllegalStateException("sleeper broke");
        };
        worker = new ReceiverWorker(failingOnce, 10, RetryPolicy.DEFAULT, clock, broken, registry, failures::add);

        worker.submit(notification("First", Severity.WARNING));
        worker.submit(notification("Second", Severity.WARNING));

        await().atMost(Duration.ofSeconds(3)).until(() -> flaky.received().size() == 1);
        assertThat(flaky.received().get(0).alerts().get(0).name()).isEqualTo("Second");
        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.notification().alerts().get(0).name()).isEqualTo("First");
            assertThat(f.reason()).contains("IllegalStateException");
        });
        await().atMost(Duration.ofSeconds(1)).until(() -> worker.queued() == 0);
    }

    @Test
    void attemptsStuckInUninterruptibleCallsHoldAtMostTwoThreadsAndLaterAttemptsCountAsFailures() {
        java.util.concurrent.CountDownLatch unblock = new java.util.concurrent.CountDownLatch(1);
        Notifier deaf = new Notifier() {
            @Override
            public DeliveryResult deliver(Notification n) {
                boolean interrupted = false;
                while (true) {
                    try {
                        unblock.await();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return DeliveryResult.delivered();
            }

            @Override
            public String name() {
                return "deaf";
            }

            @Override
            public Duration timeout() {
                return Duration.ofMillis(50);
            }
        };
        worker = new ReceiverWorker(
                deaf, 10, RetryPolicy.DEFAULT.withMaxAttempts(6), clock, sleeper, registry, failures::add);
        try {
            worker.submit(notification("Deaf", Severity.WARNING));

            await().atMost(Duration.ofSeconds(5)).until(() -> failures.size() == 1);
            assertThat(failures.get(0).attempts()).isEqualTo(6);
            assertThat(failures.get(0).reason()).startsWith("previous attempt still running");
            assertThat(Thread.getAllStackTraces().keySet())
                    .filteredOn(t -> t.getName().equals("vigil-notify-attempt-deaf"))
                    .hasSizeLessThanOrEqualTo(2);
        } finally {
            unblock.countDown();
        }
    }
}

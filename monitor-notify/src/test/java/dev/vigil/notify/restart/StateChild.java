package dev.vigil.notify.restart;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.Monitor;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.Sources;
import dev.vigil.core.time.ManualClock;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Notifications;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.Secret;
import dev.vigil.notify.Timings;
import dev.vigil.notify.notifier.PagerDutyNotifier;
import dev.vigil.notify.notifier.WebhookNotifier;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The application a restart test starts in a JVM of its own: a monitor with one gauge, an engine
 * and notifications, sending to a loopback webhook and a loopback PagerDuty-shaped receiver, and one
 * storage directory given once, to the monitor: the engine takes it from the monitor and the
 * notifications from the engine. Time is a manual clock; the test drives it with lines on stdin:
 * {@code value X}, {@code advance SECONDS}, {@code tick} (a monitor tick, then due flushes),
 * {@code drain} (waits until every queued notification was delivered; answers {@code ok drain TIME
 * WEBHOOK PAGERDUTY}, the requests each receiver had answered as delivered by then, so the test knows
 * exactly which of this process's requests the notification log had recorded), {@code state} (answers
 * {@code ok state TIME STATE FIRING-SINCE} of the rule's alert, {@code NONE -} without one),
 * {@code history} (answers {@code ok history TIME SAMPLES LATEST-TIME} of the gauge's raw history),
 * {@code exit}. Each command is answered with a line starting {@code ok}.
 *
 * <p>Arguments: state directory, start time (epoch millis), webhook URL, PagerDuty URL.
 */
public final class StateChild {

    /** The rule: warns above 0.8 for 30 s, critical above 0.95. */
    public static final String RULE = "gauge-high";

    private StateChild() {}

    private static void drain(Notifications notifications) {
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(1))
                .until(() -> notifications.pending() == 0);
    }

    /**
     * A receiver that counts the requests it posted and saw answered as delivered (flapping
     * announcements post nothing and are not counted). Requests reach a receiver one at a time, so
     * the first N requests of this process a receiver got are the ones counted N.
     */
    private static final class Answered implements Notifier {
        private final Notifier notifier;
        final java.util.concurrent.atomic.AtomicInteger delivered = new java.util.concurrent.atomic.AtomicInteger();

        Answered(Notifier notifier) {
            this.notifier = notifier;
        }

        @Override
        public DeliveryResult deliver(Notification n) {
            DeliveryResult result = notifier.deliver(n);
            if (result instanceof DeliveryResult.Delivered && !n.kind().announcement()) {
                delivered.incrementAndGet();
            }
            return result;
        }

        @Override
        public String name() {
            return notifier.name();
        }

        @Override
        public Duration timeout() {
            return notifier.timeout();
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        ManualClock clock = ManualClock.at(Instant.ofEpochMilli(Long.parseLong(args[1])));
        double[] value = {0.0};
        Answered webhook = new Answered(
                WebhookNotifier.builder(Secret.of(args[2])).name("webhook").build());
        Answered pagerDuty = new Answered(PagerDutyNotifier.builder(Secret.of("routing-key-0123456789abcdef0123"))
                .endpoint(URI.create(args[3]))
                .name("pagerduty")
                .build());
        Notifications notifications = Notifications.builder()
                .defaultReceivers(webhook, pagerDuty)
                .groupBy("alertname")
                .timings(new Timings(Duration.ZERO, Duration.ofSeconds(10), Duration.ofHours(1)))
                .flushEvery(Duration.ZERO)
                .clock(clock)
                .build();
        AlertEngine engine = AlertEngine.builder()
                .clock(clock)
                .synchronousListeners()
                .reports(ReportCapture.none())
                .rule(Rule.threshold(RULE)
                        .metric("test.gauge")
                        .warnAbove(0.8)
                        .critAbove(0.95)
                        .forDuration(Duration.ofSeconds(30)))
                .listener(notifications)
                .build();
        Monitor monitor = Monitor.builder()
                .clock(clock)
                .every(Duration.ofSeconds(10))
                .storage(dir)
                .source(Sources.named("gauge", sink -> sink.gauge("test.gauge", Unit.RATIO, value[0])))
                .listener(engine)
                .build();
        System.out.println("ok ready");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] cmd = line.trim().split(" ", -1);
            switch (cmd[0]) {
                case "value" -> value[0] = Double.parseDouble(cmd[1]);
                case "advance" -> clock.advance(Duration.ofSeconds(Long.parseLong(cmd[1])));
                case "tick" -> {
                    monitor.tickNow();
                    notifications.poll();
                }
                case "drain" -> {
                    drain(notifications);
                    int toWebhook = webhook.delivered.get();
                    int toPagerDuty = pagerDuty.delivered.get();
                    // an event still on its way from the engine may have started a delivery since: once
                    // nothing is outstanding again, each request counted above was recorded in the log
                    drain(notifications);
                    System.out.println("ok drain " + clock.wallMillis() + " " + toWebhook + " " + toPagerDuty);
                    System.out.flush();
                    continue;
                }
                case "state" -> {
                    var alert = engine.alerts().stream().findFirst();
                    System.out.println("ok state " + clock.wallMillis() + " "
                            + alert.map(a -> a.state() + " " + a.firingSince()).orElse("NONE -"));
                    System.out.flush();
                    continue;
                }
                case "history" -> {
                    var series = monitor.history().byName("test.gauge");
                    System.out.println("ok history " + clock.wallMillis() + " "
                            + (series.isEmpty()
                                    ? "0 0"
                                    : series.get(0).rawSize() + " "
                                            + series.get(0).latestTimeMillis()));
                    System.out.flush();
                    continue;
                }
                case "exit" -> {
                    monitor.close();
                    System.out.println("ok exit");
                    System.out.flush();
                    return;
                }
                default -> throw new IllegalArgumentException("unknown command " + line);
            }
            System.out.println("ok " + cmd[0] + " " + clock.wallMillis());
            System.out.flush();
        }
    }
}

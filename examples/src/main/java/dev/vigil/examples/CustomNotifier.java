package dev.vigil.examples;

import dev.vigil.alerts.Alert;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Notifications;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.Route;
import dev.vigil.notify.notifier.LogNotifier;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * {@code custom-notifier}: a notifier of your own is one method, {@link Notifier#deliver}, that
 * makes one attempt and says how it went. Here it prints to the console; a real one would call
 * an SMS gateway or a chat API the same way. The route sends the demo alert to it and every
 * other alert to the log.
 */
final class CustomNotifier implements Example {

    /** The whole notifier. */
    record ConsoleNotifier(PrintStream out) implements Notifier {
        @Override
        public DeliveryResult deliver(Notification n) {
            out.println("console notifier: " + n.title());
            for (Alert a : n.alerts()) {
                out.println("    " + a.name() + " " + a.labels().get("severity") + ": "
                        + a.annotations().get("summary"));
            }
            return DeliveryResult.delivered(); // or retry("busy") / permanentFailure("rejected")
        }

        @Override
        public String name() {
            return "console";
        }
    }

    @Override
    public String name() {
        return "custom-notifier";
    }

    @Override
    public String summary() {
        return "a notifier written in a few lines, on its own route";
    }

    @Override
    public List<Options.Spec> options() {
        return Demo.OPTIONS;
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        Notifications delivery = Notifications.builder()
                .route(Route.where("demo", "true")
                        .to(new ConsoleNotifier(out))
                        .groupWait(Duration.ofSeconds(1))
                        .groupInterval(Duration.ofSeconds(1)))
                .defaultReceivers(LogNotifier.create()) // alerts no route matched
                .build();

        Demo.watch(options, out, delivery);
        return 0;
    }
}

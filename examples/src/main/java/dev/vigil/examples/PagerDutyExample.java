package dev.vigil.examples;

import dev.vigil.notify.Notifications;
import dev.vigil.notify.Route;
import dev.vigil.notify.Secret;
import dev.vigil.notify.notifier.PagerDutyNotifier;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pagerduty}: the quickstart's alerts as PagerDuty Events API v2 events — a
 * {@code trigger} when the group fires, a {@code resolve} with the same {@code dedup_key} when it
 * ends.
 */
final class PagerDutyExample implements Example {

    static final Options.Spec ROUTING_KEY = new Options.Spec(
            "--routing-key", "<key>", "Events API v2 integration key (or VIGIL_PAGERDUTY_ROUTING_KEY)");

    @Override
    public String name() {
        return "pagerduty";
    }

    @Override
    public String summary() {
        return "the quickstart's alerts to PagerDuty (Events API v2)";
    }

    @Override
    public List<Options.Spec> options() {
        List<Options.Spec> specs = new ArrayList<>(List.of(ROUTING_KEY, DryRun.OPTION));
        specs.addAll(Demo.OPTIONS);
        return specs;
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        boolean dryRun = options.flag(DryRun.OPTION.name());
        Secret routingKey = Secret.of(
                dryRun
                        ? options.value(ROUTING_KEY.name(), "VIGIL_PAGERDUTY_ROUTING_KEY")
                                .orElse("dry-run-routing-key")
                        : options.required(ROUTING_KEY.name(), "VIGIL_PAGERDUTY_ROUTING_KEY"));
        try (DryRun.Http capture = dryRun ? new DryRun.Http(out, "PagerDuty") : null) {
            PagerDutyNotifier.Builder pagerDuty =
                    PagerDutyNotifier.builder(routingKey).source("vigil-examples");
            if (dryRun) {
                pagerDuty.endpoint(capture.uri("/v2/enqueue"));
            }

            Notifications delivery = Notifications.builder()
                    .route(Route.all()
                            .to(pagerDuty.build())
                            .groupWait(Duration.ofSeconds(1))
                            .groupInterval(Duration.ofSeconds(1)))
                    .onFailure(f -> out.println("not delivered: " + f.kind() + " " + f.reason()))
                    .build();

            Demo.watch(options, out, delivery);
        }
        return 0;
    }
}

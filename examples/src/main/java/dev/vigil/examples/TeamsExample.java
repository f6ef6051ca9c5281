package dev.vigil.examples;

import dev.vigil.notify.Notifications;
import dev.vigil.notify.Route;
import dev.vigil.notify.Secret;
import dev.vigil.notify.notifier.TeamsNotifier;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code teams}: the quickstart's alerts as Adaptive Cards posted to a Microsoft Teams Workflows
 * webhook. The URL carries the flow's signature: it comes from {@code --webhook-url} or
 * {@code VIGIL_TEAMS_WEBHOOK_URL} and is only ever held in a {@link Secret}.
 */
final class TeamsExample implements Example {

    static final Options.Spec WEBHOOK_URL =
            new Options.Spec("--webhook-url", "<url>", "Teams Workflows webhook URL (or VIGIL_TEAMS_WEBHOOK_URL)");

    @Override
    public String name() {
        return "teams";
    }

    @Override
    public String summary() {
        return "the quickstart's alerts to Microsoft Teams (Workflows webhook, Adaptive Card)";
    }

    @Override
    public List<Options.Spec> options() {
        List<Options.Spec> specs = new ArrayList<>(List.of(WEBHOOK_URL, DryRun.OPTION));
        specs.addAll(Demo.OPTIONS);
        return specs;
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        boolean dryRun = options.flag(DryRun.OPTION.name());
        String url = dryRun ? null : options.required(WEBHOOK_URL.name(), "VIGIL_TEAMS_WEBHOOK_URL");
        try (DryRun.Http capture = dryRun ? new DryRun.Http(out, "Teams") : null) {
            Secret webhook = Secret.of(
                    dryRun
                            ? capture.uri("/workflows/dry-run/triggers/manual/paths/invoke")
                                    .toString()
                            : url);

            Notifications delivery = Notifications.builder()
                    .route(Route.all()
                            .to(TeamsNotifier.of(webhook))
                            .groupWait(Duration.ofSeconds(1))
                            .groupInterval(Duration.ofSeconds(1)))
                    .onFailure(f -> out.println("not delivered: " + f.kind() + " " + f.reason()))
                    .build();

            Demo.watch(options, out, delivery);
        }
        return 0;
    }
}

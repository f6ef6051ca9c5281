package dev.vigil.examples;

import dev.vigil.notify.Notifications;
import dev.vigil.notify.Route;
import dev.vigil.notify.Secret;
import dev.vigil.notify.notifier.SlackNotifier;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code slack}: the quickstart's alerts posted to a Slack incoming webhook.
 *
 * <p>The webhook URL is a secret: it comes from {@code --webhook-url} or
 * {@code VIGIL_SLACK_WEBHOOK_URL} and is only ever held in a {@link Secret}.
 */
final class SlackExample implements Example {

    static final Options.Spec WEBHOOK_URL =
            new Options.Spec("--webhook-url", "<url>", "Slack incoming webhook URL (or VIGIL_SLACK_WEBHOOK_URL)");

    @Override
    public String name() {
        return "slack";
    }

    @Override
    public String summary() {
        return "the quickstart's alerts to a Slack incoming webhook";
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
        String url = dryRun
                ? null
                : options.httpUrl(WEBHOOK_URL.name(), "VIGIL_SLACK_WEBHOOK_URL", true)
                        .toString();
        try (DryRun.Http capture = dryRun ? new DryRun.Http(out, "Slack") : null) {
            Secret webhook = Secret.of(dryRun ? capture.uri("/services/dry-run").toString() : url);

            Notifications delivery = Notifications.builder()
                    .route(Route.all()
                            .to(SlackNotifier.of(webhook))
                            .groupWait(Duration.ofSeconds(1))
                            .groupInterval(Duration.ofSeconds(1)))
                    .onFailure(f -> out.println("not delivered: " + f.kind() + " " + f.reason()))
                    .build();

            Demo.watch(options, out, delivery);
        }
        return 0;
    }
}

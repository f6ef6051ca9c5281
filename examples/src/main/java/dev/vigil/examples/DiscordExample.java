package dev.vigil.examples;

import dev.vigil.notify.Notifications;
import dev.vigil.notify.Route;
import dev.vigil.notify.Secret;
import dev.vigil.notify.notifier.DiscordNotifier;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code discord}: the quickstart's alerts posted to a Discord webhook, an embed per alert. The
 * URL carries the webhook's token: it comes from {@code --webhook-url} or
 * {@code VIGIL_DISCORD_WEBHOOK_URL} and is only ever held in a {@link Secret}.
 */
final class DiscordExample implements Example {

    static final Options.Spec WEBHOOK_URL =
            new Options.Spec("--webhook-url", "<url>", "Discord webhook URL (or VIGIL_DISCORD_WEBHOOK_URL)");

    @Override
    public String name() {
        return "discord";
    }

    @Override
    public String summary() {
        return "the quickstart's alerts to a Discord webhook";
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
        String url = dryRun ? null : options.required(WEBHOOK_URL.name(), "VIGIL_DISCORD_WEBHOOK_URL");
        try (DryRun.Http capture = dryRun ? new DryRun.Http(out, "Discord") : null) {
            Secret webhook =
                    Secret.of(dryRun ? capture.uri("/api/webhooks/0/dry-run").toString() : url);

            Notifications delivery = Notifications.builder()
                    .route(Route.all()
                            .to(DiscordNotifier.of(webhook))
                            .groupWait(Duration.ofSeconds(1))
                            .groupInterval(Duration.ofSeconds(1)))
                    .onFailure(f -> out.println("not delivered: " + f.kind() + " " + f.reason()))
                    .build();

            Demo.watch(options, out, delivery);
        }
        return 0;
    }
}

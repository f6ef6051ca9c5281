package dev.vigil.examples;

import dev.vigil.notify.Notifications;
import dev.vigil.notify.Route;
import dev.vigil.notify.Secret;
import dev.vigil.notify.notifier.OpsgenieNotifier;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code opsgenie}: the quickstart's alerts as Opsgenie alerts (Alert API v2) — created with the
 * group's stable key as {@code alias} when the group fires, closed by that alias when it ends.
 */
final class OpsgenieExample implements Example {

    static final Options.Spec API_KEY =
            new Options.Spec("--api-key", "<key>", "API integration key (or VIGIL_OPSGENIE_API_KEY)");
    static final Options.Spec REGION = new Options.Spec("--region", "<us|eu>", "the account's region (default us)");

    @Override
    public String name() {
        return "opsgenie";
    }

    @Override
    public String summary() {
        return "the quickstart's alerts to Opsgenie (Alert API v2)";
    }

    @Override
    public List<Options.Spec> options() {
        List<Options.Spec> specs = new ArrayList<>(List.of(API_KEY, REGION, DryRun.OPTION));
        specs.addAll(Demo.OPTIONS);
        return specs;
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        boolean dryRun = options.flag(DryRun.OPTION.name());
        Secret apiKey = Secret.of(
                dryRun
                        ? options.value(API_KEY.name(), "VIGIL_OPSGENIE_API_KEY")
                                .orElse("dry-run-api-key")
                        : options.required(API_KEY.name(), "VIGIL_OPSGENIE_API_KEY"));
        OpsgenieNotifier.Region region =
                region(options.value(REGION.name(), null).orElse("us"));
        try (DryRun.Http capture = dryRun ? new DryRun.Http(out, "Opsgenie") : null) {
            OpsgenieNotifier.Builder opsgenie =
                    OpsgenieNotifier.builder(apiKey).region(region).source("vigil-examples");
            if (dryRun) {
                opsgenie.endpoint(capture.uri(""));
            }

            Notifications delivery = Notifications.builder()
                    .route(Route.all()
                            .to(opsgenie.build())
                            .groupWait(Duration.ofSeconds(1))
                            .groupInterval(Duration.ofSeconds(1)))
                    .onFailure(f -> out.println("not delivered: " + f.kind() + " " + f.reason()))
                    .build();

            Demo.watch(options, out, delivery);
        }
        return 0;
    }

    private static OpsgenieNotifier.Region region(String text) {
        try {
            return OpsgenieNotifier.Region.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException(REGION.name() + " takes us or eu, got '" + text + "'");
        }
    }
}

package dev.vigil.examples;

import dev.vigil.notify.Notifications;
import dev.vigil.notify.notifier.AlertmanagerNotifier;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code alertmanager}: the quickstart's alerts handed to a Prometheus Alertmanager, which then
 * deduplicates, silences and routes them for a whole fleet. Every alert carries its
 * {@code alertname} and {@code severity} labels (and its series' tags).
 */
final class AlertmanagerExample implements Example {

    static final Options.Spec URL = new Options.Spec(
            "--url", "<url>", "Alertmanager base URL, e.g. http://localhost:9093 (or VIGIL_ALERTMANAGER_URL)");

    @Override
    public String name() {
        return "alertmanager";
    }

    @Override
    public String summary() {
        return "the quickstart's alerts to a Prometheus Alertmanager (API v2)";
    }

    @Override
    public List<Options.Spec> options() {
        List<Options.Spec> specs = new ArrayList<>(List.of(URL));
        specs.addAll(Demo.OPTIONS);
        return specs;
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        URI url = options.httpUrl(URL.name(), "VIGIL_ALERTMANAGER_URL", false);
        AlertmanagerNotifier alertmanager = AlertmanagerNotifier.builder(url).build();

        // route(): Alertmanager's view kept in sync: changes sent at once, everything re-sent each minute.
        Notifications delivery =
                Notifications.builder().route(alertmanager.route()).build();

        out.println("sending alerts to " + url + "/api/v2/alerts");
        Demo.watch(options, out, delivery);
        return 0;
    }
}

package dev.vigil.notify.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.notify.Notifier;
import dev.vigil.notify.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every built-in notifier: {@code builder(...)} with {@code name} and {@code timeout}, {@code of(...)} for defaults. */
class NotifierBuildersTest {

    private static final Secret HOOK = Secret.of("https://hooks.example/services/x");
    private static final Duration FIVE = Duration.ofSeconds(5);

    @Test
    void everyBuilderTakesANameAndATimeout() {
        List<Notifier> built = List.of(
                SlackNotifier.builder(HOOK).name("n1").timeout(FIVE).build(),
                WebhookNotifier.builder(HOOK).name("n2").timeout(FIVE).build(),
                PagerDutyNotifier.builder(Secret.of("key"))
                        .name("n3")
                        .timeout(FIVE)
                        .build(),
                AlertmanagerNotifier.builder(URI.create("http://am:9093"))
                        .name("n4")
                        .timeout(FIVE)
                        .build(),
                LogNotifier.builder()
                        .logger("audit.alerts")
                        .name("n5")
                        .timeout(FIVE)
                        .build(),
                EmailNotifier.builder("smtp.example", 587)
                        .from("a@example.com")
                        .to("b@example.com")
                        .name("n6")
                        .timeout(FIVE)
                        .build());

        assertThat(built).extracting(Notifier::name).containsExactly("n1", "n2", "n3", "n4", "n5", "n6");
        assertThat(built).extracting(Notifier::timeout).containsOnly(FIVE);
    }

    @Test
    void theShortcutsUseTheDefaults() {
        List<Notifier> defaults = List.of(
                SlackNotifier.of(HOOK),
                WebhookNotifier.of(HOOK),
                PagerDutyNotifier.of(Secret.of("key")),
                AlertmanagerNotifier.of(URI.create("http://am:9093")),
                LogNotifier.create());

        assertThat(defaults)
                .extracting(Notifier::name)
                .containsExactly("slack", "webhook", "pagerduty", "alertmanager", "log");
        assertThat(defaults).extracting(Notifier::timeout).containsOnly(Notifier.DEFAULT_TIMEOUT);
    }
}

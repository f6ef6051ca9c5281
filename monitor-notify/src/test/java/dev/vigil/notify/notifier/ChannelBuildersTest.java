package dev.vigil.notify.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.notify.Notifier;
import dev.vigil.notify.Secret;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Opsgenie, Teams, Telegram and Discord builders: {@code name}, {@code timeout}, an {@code of(...)} shortcut, secrets kept out of messages. */
class ChannelBuildersTest {

    private static final String SECRET_PART = "S3cretPart0123456789";
    private static final Secret HOOK = Secret.of("https://hooks.example/x/" + SECRET_PART);
    private static final Secret TOKEN = Secret.of("123:" + SECRET_PART);
    private static final Duration FIVE = Duration.ofSeconds(5);

    @Test
    void everyBuilderTakesANameAndATimeout() {
        List<Notifier> built = List.of(
                OpsgenieNotifier.builder(Secret.of("key"))
                        .name("c1")
                        .timeout(FIVE)
                        .build(),
                TeamsNotifier.builder(HOOK).name("c2").timeout(FIVE).build(),
                TelegramNotifier.builder(TOKEN, "42").name("c3").timeout(FIVE).build(),
                DiscordNotifier.builder(HOOK).name("c4").timeout(FIVE).build());

        assertThat(built).extracting(Notifier::name).containsExactly("c1", "c2", "c3", "c4");
        assertThat(built).extracting(Notifier::timeout).containsOnly(FIVE);
    }

    @Test
    void theShortcutsUseTheDefaults() {
        List<Notifier> defaults = List.of(
                OpsgenieNotifier.of(Secret.of("key")),
                TeamsNotifier.of(HOOK),
                TelegramNotifier.of(TOKEN, "42"),
                DiscordNotifier.of(HOOK));

        assertThat(defaults).extracting(Notifier::name).containsExactly("opsgenie", "teams", "telegram", "discord");
        assertThat(defaults).extracting(Notifier::timeout).containsOnly(Notifier.DEFAULT_TIMEOUT);
        assertThat(defaults).extracting(Object::toString).noneMatch(s -> s.contains(SECRET_PART) || s.contains("key"));
    }

    @Test
    void aWebhookUrlThatIsNotHttpIsRejectedWithoutQuotingIt() {
        Secret bad = Secret.of("ftp://hooks.example/" + SECRET_PART);

        assertThatThrownBy(() -> TeamsNotifier.builder(bad))
                .hasMessage("url must be an absolute http(s) URL (value redacted)");
        assertThatThrownBy(() -> DiscordNotifier.builder(bad))
                .hasMessage("url must be an absolute http(s) URL (value redacted)");
    }

    @Test
    void badNamesAndTimeoutsNameTheField() {
        assertThatThrownBy(() -> DiscordNotifier.builder(HOOK).name(" ")).hasMessage("name must not be blank, got ' '");
        assertThatThrownBy(() -> OpsgenieNotifier.builder(Secret.of("k")).timeout(Duration.ZERO))
                .hasMessage("timeout must be positive, got PT0S");
    }
}

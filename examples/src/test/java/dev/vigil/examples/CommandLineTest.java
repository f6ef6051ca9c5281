package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void helpListsEveryExampleAndTheOptions() {
        Run run = Run.of("--help");

        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("usage: java -jar examples/target/vigil-examples.jar <example> [options]");
        for (Example e : Main.EXAMPLES) {
            assertThat(run.out()).contains("  " + e.name() + " ", e.summary());
            e.options().forEach(o -> assertThat(run.out()).contains(o.name()));
        }
        assertThat(run.out())
                .contains(
                        "--interval <duration>",
                        "--duration <duration>",
                        "--dry-run",
                        "VIGIL_SLACK_WEBHOOK_URL",
                        "VIGIL_PAGERDUTY_ROUTING_KEY",
                        "VIGIL_SMTP_PASSWORD");
    }

    @Test
    void helpAfterAnExampleNameAlsoPrintsTheUsage() {
        Run run = Run.of("slack", "--help");

        assertThat(run.code()).isZero();
        assertThat(run.out()).startsWith("usage:").contains("--webhook-url <url>");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void noArgumentsPrintsTheUsage() {
        Run run = Run.of();

        assertThat(run.code()).isZero();
        assertThat(run.out()).startsWith("usage:");
    }

    @Test
    void everyExampleTheIssueAsksForIsRegistered() {
        assertThat(Main.EXAMPLES)
                .extracting(Example::name)
                .containsExactly(
                        "quickstart",
                        "dashboard",
                        "custom-notifier",
                        "custom-source",
                        "alertmanager",
                        "slack",
                        "pagerduty",
                        "email",
                        "opsgenie",
                        "teams",
                        "telegram",
                        "discord");
    }

    @Test
    void anUnknownOptionIsOneLineOfErrorThenTheUsageAndExitCode2() {
        Run run = Run.of("quickstart", "--bogus");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines().get(0)).isEqualTo("vigil-examples quickstart: unknown option '--bogus'");
        assertThat(run.errLines().get(1)).startsWith("usage:");
    }

    @Test
    void anUnknownExampleIsAUsageError() {
        Run run = Run.of("quickstrat");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.errLines().get(0)).isEqualTo("vigil-examples: unknown example 'quickstrat'");
        assertThat(run.errLines().get(1)).startsWith("usage:");
    }

    @Test
    void aBadDurationNamesTheOptionAndTheValue() {
        Run run = Run.of("quickstart", "--interval", "soon");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.errLines().get(0))
                .isEqualTo(
                        "vigil-examples quickstart: --interval takes a duration like 500ms, 15s, 2m or 1h, got 'soon'");
    }

    @Test
    void aDemoDurationIsCheckedBeforeAnythingStarts() {
        Run run = Run.of("custom-notifier", "--demo-length=0s");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.errLines().get(0))
                .isEqualTo("vigil-examples custom-notifier: --demo-length must be longer than zero, got '0s'");
    }

    @Test
    void anOptionWithoutItsValueIsAUsageError() {
        Run run = Run.of("quickstart", "--duration");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.errLines().get(0)).isEqualTo("vigil-examples quickstart: --duration needs a value <duration>");
    }

    @Test
    void slackWithoutAWebhookUrlSaysWhereToPutIt() {
        Assumptions.assumeTrue(System.getenv("VIGIL_SLACK_WEBHOOK_URL") == null, "VIGIL_SLACK_WEBHOOK_URL is set");
        Run run = Run.of("slack");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.errLines().get(0))
                .isEqualTo("vigil-examples slack: --webhook-url is required (or set VIGIL_SLACK_WEBHOOK_URL)");
    }

    @Test
    void pagerDutyWithoutARoutingKeySaysWhereToPutIt() {
        Assumptions.assumeTrue(
                System.getenv("VIGIL_PAGERDUTY_ROUTING_KEY") == null, "VIGIL_PAGERDUTY_ROUTING_KEY is set");
        Run run = Run.of("pagerduty");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.errLines().get(0))
                .isEqualTo("vigil-examples pagerduty: --routing-key is required (or set VIGIL_PAGERDUTY_ROUTING_KEY)");
    }

    @Test
    void emailChecksItsPortAndSecurity() {
        Run port = Run.of(
                "email",
                "--smtp-host",
                "mail.example.com",
                "--smtp-port",
                "99999",
                "--from",
                "a@example.com",
                "--to",
                "b@example.com");
        Run security = Run.of(
                "email",
                "--smtp-host",
                "mail.example.com",
                "--smtp-security",
                "tls",
                "--from",
                "a@example.com",
                "--to",
                "b@example.com");

        assertThat(port.code()).isEqualTo(2);
        assertThat(port.errLines().get(0))
                .isEqualTo("vigil-examples email: --smtp-port takes a port number 1-65535, got '99999'");
        assertThat(security.code()).isEqualTo(2);
        assertThat(security.errLines().get(0))
                .isEqualTo("vigil-examples email: --smtp-security takes none, starttls or smtps, got 'tls'");
    }

    @Test
    void alertmanagerChecksItsUrl() {
        Run run = Run.of("alertmanager", "--url", "localhost:9093");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.errLines().get(0))
                .isEqualTo(
                        "vigil-examples alertmanager: --url takes an http(s) URL like https://host/path, got 'localhost:9093'");
        assertThat(run.err()).contains("usage: ");
    }

    @Test
    void aBadSlackWebhookUrlIsAUsageErrorThatDoesNotQuoteTheSecret() {
        Run run = Run.of("slack", "--webhook-url", "hooks.slack.com/services/T0/B0/s3cr3t");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.errLines().get(0))
                .isEqualTo("vigil-examples slack: --webhook-url takes an http(s) URL like "
                        + "https://host/path, got something else (not shown: it is a secret)");
        assertThat(run.err()).contains("usage: ").doesNotContain("s3cr3t");
    }

    @Test
    void badEmailAddressesAreUsageErrorsNamingTheOption() {
        Run from = Run.of(
                "email", "--smtp-host", "mail.example.com", "--from", "not an address@", "--to", "b@example.com");
        Run to = Run.of(
                "email", "--smtp-host", "mail.example.com", "--from", "a@example.com", "--to", "b@example.com, @@");

        assertThat(from.code()).isEqualTo(2);
        assertThat(from.errLines().get(0))
                .isEqualTo("vigil-examples email: --from takes an e-mail address, got 'not an address@'");
        assertThat(from.err()).contains("usage: ");
        assertThat(to.code()).isEqualTo(2);
        assertThat(to.errLines().get(0))
                .isEqualTo(
                        "vigil-examples email: --to takes e-mail addresses separated by commas, got 'b@example.com, @@'");
    }

    @Test
    void durationsReadAsWritten() {
        assertThat(DurationText.parse("--x", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationText.parse("--x", "15s")).isEqualTo(Duration.ofSeconds(15));
        assertThat(DurationText.parse("--x", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationText.parse("--x", "1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(DurationText.format(Duration.ofSeconds(20))).isEqualTo("20s");
        assertThat(DurationText.format(Duration.ofMinutes(2))).isEqualTo("2m");
    }

    @Test
    void storageAndNoStorageTogetherAreAUsageError() {
        Run run = Run.of("quickstart", "--storage", "somewhere", "--no-storage", "--duration", "1s");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.errLines().get(0))
                .isEqualTo("vigil-examples quickstart: --storage and --no-storage exclude each other");
    }

    @Test
    void anExampleKeepsHistoryAlertStateAndTheNotificationLogInTheStorageDirectory(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path data = dir.resolve("vigil-data");
        Run run = Run.of(
                "quickstart", "--no-demo", "--interval", "250ms", "--duration", "1s", "--storage", data.toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(data.resolve("history").resolve("series.log")).exists();
        assertThat(data.resolve("alerts").resolve("alerts.snapshot")).exists();
        assertThat(data.resolve("notify").resolve("nflog.snapshot")).exists();
    }

    @Test
    void theExamplesKeepTheirStateInVigilDataUnlessToldOtherwise() {
        assertThat(Options.parse(java.util.List.of(), Options.COMMON).storage())
                .contains(java.nio.file.Path.of("vigil-data"));
        assertThat(Options.parse(java.util.List.of("--no-storage"), Options.COMMON)
                        .storage())
                .isEmpty();
    }

    @Test
    void aRunWithoutStorageWritesNothing() {
        Run run = Run.of("quickstart", "--no-demo", "--interval", "250ms", "--duration", "1s", "--no-storage");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(java.nio.file.Path.of("vigil-data"))
                .as("nothing in the working directory")
                .doesNotExist();
    }
}

package dev.vigil.examples;

import dev.vigil.notify.Notifications;
import dev.vigil.notify.Route;
import dev.vigil.notify.Secret;
import dev.vigil.notify.notifier.EmailNotifier;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code email}: the quickstart's alerts by SMTP, a plain-text and an HTML part, reports
 * attached. The password is read from {@code VIGIL_SMTP_PASSWORD} only, never from the command
 * line (where {@code ps} would show it).
 */
final class EmailExample implements Example {

    static final Options.Spec HOST = new Options.Spec("--smtp-host", "<host>", "SMTP server (or VIGIL_SMTP_HOST)");
    static final Options.Spec PORT =
            new Options.Spec("--smtp-port", "<port>", "SMTP port (or VIGIL_SMTP_PORT; default 587)");
    static final Options.Spec SECURITY = new Options.Spec(
            "--smtp-security",
            "<none|starttls|smtps>",
            "transport security (or VIGIL_SMTP_SECURITY; default starttls)");
    static final Options.Spec USER = new Options.Spec(
            "--smtp-user", "<name>", "SMTP user (or VIGIL_SMTP_USER); the password comes from VIGIL_SMTP_PASSWORD");
    static final Options.Spec FROM = new Options.Spec("--from", "<address>", "sender (or VIGIL_EMAIL_FROM)");
    static final Options.Spec TO = new Options.Spec("--to", "<address,...>", "recipients (or VIGIL_EMAIL_TO)");

    @Override
    public String name() {
        return "email";
    }

    @Override
    public String summary() {
        return "the quickstart's alerts by email (SMTP; --dry-run prints the MIME message)";
    }

    @Override
    public List<Options.Spec> options() {
        List<Options.Spec> specs = new ArrayList<>(List.of(HOST, PORT, SECURITY, USER, FROM, TO, DryRun.OPTION));
        specs.addAll(Demo.OPTIONS);
        return specs;
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        boolean dryRun = options.flag(DryRun.OPTION.name());
        try (DryRun.Smtp capture = dryRun ? new DryRun.Smtp(out) : null) {
            EmailNotifier email = dryRun ? dryRunNotifier(options, capture.port()) : notifier(options);

            Notifications delivery = Notifications.builder()
                    .route(Route.all()
                            .to(email)
                            .groupWait(Duration.ofSeconds(1))
                            .groupInterval(Duration.ofSeconds(1)))
                    .onFailure(f -> out.println("not delivered: " + f.kind() + " " + f.reason()))
                    .build();

            Demo.watch(options, out, delivery);
        }
        return 0;
    }

    private static EmailNotifier notifier(Options options) {
        EmailNotifier.Builder email = EmailNotifier.builder(
                        options.required(HOST.name(), "VIGIL_SMTP_HOST"),
                        port(options.value(PORT.name(), "VIGIL_SMTP_PORT").orElse("587")))
                .security(security(
                        options.value(SECURITY.name(), "VIGIL_SMTP_SECURITY").orElse("starttls")));
        addresses(
                email,
                options.required(FROM.name(), "VIGIL_EMAIL_FROM"),
                options.required(TO.name(), "VIGIL_EMAIL_TO"));
        options.value(USER.name(), "VIGIL_SMTP_USER").ifPresent(user -> {
            if (System.getenv("VIGIL_SMTP_PASSWORD") == null
                    || System.getenv("VIGIL_SMTP_PASSWORD").isBlank()) {
                throw new UsageException(USER.name() + " needs the password in VIGIL_SMTP_PASSWORD");
            }
            email.credentials(user, Secret.fromEnv("VIGIL_SMTP_PASSWORD"));
        });
        return email.build();
    }

    /** Dry run: the same message, handed to a loopback SMTP receiver that prints it. */
    private static EmailNotifier dryRunNotifier(Options options, int port) {
        EmailNotifier.Builder email = EmailNotifier.builder("127.0.0.1", port).security(EmailNotifier.Security.NONE);
        addresses(
                email,
                options.value(FROM.name(), "VIGIL_EMAIL_FROM").orElse("vigil@localhost"),
                options.value(TO.name(), "VIGIL_EMAIL_TO").orElse("oncall@localhost"));
        return email.build();
    }

    /** Sender and recipients; an address the mail library refuses is a usage error naming its option. */
    private static void addresses(EmailNotifier.Builder email, String from, String to) {
        try {
            email.from(from);
        } catch (IllegalArgumentException e) {
            throw new UsageException(FROM.name() + " takes an e-mail address, got '" + from + "'");
        }
        try {
            email.to(to.split("\\s*,\\s*"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(TO.name() + " takes e-mail addresses separated by commas, got '" + to + "'");
        }
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new UsageException(PORT.name() + " takes a port number 1-65535, got '" + text + "'");
        }
    }

    private static EmailNotifier.Security security(String text) {
        try {
            return EmailNotifier.Security.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException(SECURITY.name() + " takes none, starttls or smtps, got '" + text + "'");
        }
    }
}

package dev.vigil.examples;

import dev.vigil.notify.Notifications;
import dev.vigil.notify.Route;
import dev.vigil.notify.Secret;
import dev.vigil.notify.notifier.TelegramNotifier;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code telegram}: the quickstart's alerts as Telegram messages (Bot API {@code sendMessage},
 * HTML). The bot token sits in the request's path: it comes from {@code --bot-token} or
 * {@code VIGIL_TELEGRAM_BOT_TOKEN} and is only ever held in a {@link Secret}.
 */
final class TelegramExample implements Example {

    static final Options.Spec BOT_TOKEN =
            new Options.Spec("--bot-token", "<token>", "the bot's token from @BotFather (or VIGIL_TELEGRAM_BOT_TOKEN)");
    static final Options.Spec CHAT_ID =
            new Options.Spec("--chat-id", "<id>", "numeric chat id or @channel (or VIGIL_TELEGRAM_CHAT_ID)");

    @Override
    public String name() {
        return "telegram";
    }

    @Override
    public String summary() {
        return "the quickstart's alerts to a Telegram chat (Bot API)";
    }

    @Override
    public List<Options.Spec> options() {
        List<Options.Spec> specs = new ArrayList<>(List.of(BOT_TOKEN, CHAT_ID, DryRun.OPTION));
        specs.addAll(Demo.OPTIONS);
        return specs;
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        boolean dryRun = options.flag(DryRun.OPTION.name());
        Secret token = Secret.of(
                dryRun
                        ? options.value(BOT_TOKEN.name(), "VIGIL_TELEGRAM_BOT_TOKEN")
                                .orElse("123456:dry-run-token")
                        : options.required(BOT_TOKEN.name(), "VIGIL_TELEGRAM_BOT_TOKEN"));
        String chatId = dryRun
                ? options.value(CHAT_ID.name(), "VIGIL_TELEGRAM_CHAT_ID").orElse("-1001234567890")
                : options.required(CHAT_ID.name(), "VIGIL_TELEGRAM_CHAT_ID");
        TelegramNotifier.Builder telegram;
        try {
            telegram = TelegramNotifier.builder(token, chatId);
        } catch (IllegalArgumentException e) {
            // The message names the field and never the token.
            throw new UsageException(e.getMessage());
        }
        try (DryRun.Http capture = dryRun ? new DryRun.Http(out, "Telegram") : null) {
            if (dryRun) {
                telegram.endpoint(capture.uri(""));
            }

            Notifications delivery = Notifications.builder()
                    .route(Route.all()
                            .to(telegram.build())
                            .groupWait(Duration.ofSeconds(1))
                            .groupInterval(Duration.ofSeconds(1)))
                    .onFailure(f -> out.println("not delivered: " + f.kind() + " " + f.reason()))
                    .build();

            Demo.watch(options, out, delivery);
        }
        return 0;
    }
}

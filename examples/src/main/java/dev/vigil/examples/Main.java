package dev.vigil.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code java -jar vigil-examples.jar <example> [options]}: runs one of Vigil's examples;
 * {@code check-rules FILE...} checks rule files.
 */
public final class Main {

    static final List<Example> EXAMPLES = List.of(
            new Quickstart(),
            new DashboardExample(),
            new CustomNotifier(),
            new CustomSource(),
            new AlertmanagerExample(),
            new SlackExample(),
            new PagerDutyExample(),
            new EmailExample(),
            new OpsgenieExample(),
            new TeamsExample(),
            new TelegramExample(),
            new DiscordExample());

    private Main() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the command line; returns the process exit code (2 for a usage error). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0
                || args[0].equals("help")
                || Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"))) {
            usage(out);
            return 0;
        }
        if (args[0].equals(CheckRules.NAME)) {
            return CheckRules.run(Arrays.asList(args).subList(1, args.length), out, err);
        }
        if (args[0].equals(DumpStorage.NAME)) {
            try {
                return DumpStorage.run(args, out, err);
            } catch (UsageException e) {
                err.println("vigil-examples: " + e.getMessage());
                usage(err);
                return 2;
            } catch (Exception e) {
                err.println("vigil-examples " + DumpStorage.NAME + " failed: " + e);
                return 1;
            }
        }
        if (args[0].equals(DumpAlertState.NAME)) {
            return DumpAlertState.run(Arrays.asList(args).subList(1, args.length), out, err);
        }
        Optional<Example> example =
                EXAMPLES.stream().filter(e -> e.name().equals(args[0])).findFirst();
        if (example.isEmpty()) {
            err.println("vigil-examples: unknown example '" + args[0] + "'");
            usage(err);
            return 2;
        }
        List<Options.Spec> accepted = new ArrayList<>(Options.COMMON);
        accepted.addAll(example.get().options());
        Options options;
        try {
            options = Options.parse(Arrays.asList(args).subList(1, args.length), accepted);
        } catch (UsageException e) {
            err.println("vigil-examples " + args[0] + ": " + e.getMessage());
            usage(err);
            return 2;
        }
        try {
            return example.get().run(options, out);
        } catch (UsageException e) {
            err.println("vigil-examples " + args[0] + ": " + e.getMessage());
            usage(err);
            return 2;
        } catch (Exception e) {
            err.println("vigil-examples " + args[0] + " failed: " + e);
            return 1;
        }
    }

    static void usage(PrintStream out) {
        out.println("usage: java -jar examples/target/vigil-examples.jar <example> [options]");
        out.println(
                "       java -jar examples/target/vigil-examples.jar dump-storage DIR   (a storage directory as text)");
        out.println();
        out.println("examples:");
        for (Example e : EXAMPLES) {
            out.printf("  %-18s %s%n", e.name(), e.summary());
            for (Options.Spec s : e.options()) {
                if (!Demo.OPTIONS.contains(s)) {
                    option(out, "      ", s);
                }
            }
        }
        out.println();
        out.println("commands:");
        out.printf("  %-18s %s%n", CheckRules.NAME + " FILE...", CheckRules.SUMMARY);
        out.printf(
                "%s%-26s %s%n",
                "      ", "--metric <name>", "a Vigil series name PromQL names may map to (repeatable)");
        out.printf("  %-18s %s%n", DumpAlertState.NAME + " DIR", DumpAlertState.SUMMARY);
        out.println();
        out.println("options of every example:");
        Options.COMMON.forEach(s -> option(out, "  ", s));
        out.println("options of the examples that watch this machine (all but custom-source):");
        Demo.OPTIONS.forEach(s -> option(out, "  ", s));
        out.println("durations are written like 500ms, 15s, 2m, 1h");
    }

    private static void option(PrintStream out, String indent, Options.Spec s) {
        String left = s.name() + (s.isFlag() ? "" : " " + s.argument());
        out.printf("%s%-26s %s%n", indent, left, s.help());
    }
}

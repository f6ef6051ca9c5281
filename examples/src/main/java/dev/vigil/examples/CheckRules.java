package dev.vigil.examples;

import dev.vigil.alerts.rulefile.LoadedRules;
import dev.vigil.alerts.rulefile.RuleFileError;
import dev.vigil.alerts.rulefile.RuleFileException;
import dev.vigil.alerts.rulefile.RuleFileLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code check-rules [--metric NAME]... FILE...}: checks rule files as {@code promtool check rules}
 * does. Exit 0 when every file is valid, 1 with each error as {@code file:line:column: ...} on
 * standard error, 2 for a usage error.
 */
final class CheckRules {

    static final String NAME = "check-rules";
    static final String SUMMARY = "checks rule files (Prometheus or Vigil form); exit 0 valid, 1 with the errors";

    private CheckRules() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        List<String> metrics = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--metric")) {
                if (i + 1 >= args.size()) {
                    err.println(
                            "vigil-examples check-rules: --metric needs a Vigil series name, e.g. --metric http.server.errors");
                    return 2;
                }
                metrics.add(args.get(++i));
            } else if (a.startsWith("--")) {
                err.println("vigil-examples check-rules: unknown option '" + a + "'");
                usage(err);
                return 2;
            } else {
                files.add(Path.of(a));
            }
        }
        if (files.isEmpty()) {
            err.println("vigil-examples check-rules: no rule file given");
            usage(err);
            return 2;
        }
        RuleFileLoader loader;
        try {
            loader = RuleFileLoader.builder().knownMetrics(metrics).build();
        } catch (IllegalArgumentException e) {
            err.println("vigil-examples check-rules: " + e.getMessage());
            return 2;
        }
        boolean failed = false;
        for (Path file : files) {
            out.println("Checking " + file);
            try {
                LoadedRules rules = loader.load(file);
                out.println("  SUCCESS: " + rules.entries().size() + " rules found");
            } catch (RuleFileException e) {
                failed = true;
                out.println("  FAILED: " + e.errors().size() + (e.errors().size() == 1 ? " error" : " errors"));
                for (RuleFileError error : e.errors()) {
                    err.println(error);
                }
            }
        }
        return failed ? 1 : 0;
    }

    static void usage(PrintStream out) {
        out.println("usage: java -jar examples/target/vigil-examples.jar check-rules [--metric NAME]... FILE...");
    }
}

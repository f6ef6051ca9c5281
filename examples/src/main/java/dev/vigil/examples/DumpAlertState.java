package dev.vigil.examples;

import dev.vigil.core.journal.Fields;
import dev.vigil.core.journal.JournaledMap;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code dump-alert-state DIR}: prints the alert state and the notification log of a storage
 * directory (its {@code alerts/} and {@code notify/}) or of a state directory holding both, as text, one entry a line, fields decoded and separated by {@code |}. Reads without
 * taking the lock, so it works on the directory of a running application (an entry being written
 * just then is reported as skipped). Exit 0, 1 when a record failed its checksum, 2 for a usage
 * error.
 */
final class DumpAlertState {

    static final String NAME = "dump-alert-state";
    static final String SUMMARY = "prints the alert state and notification log of a state directory";
    static final List<String> MAPS = List.of("alerts", "nflog");

    private DumpAlertState() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 1 || args.get(0).startsWith("--")) {
            err.println(
                    "vigil-examples dump-alert-state: give exactly one state directory, e.g. dump-alert-state ./vigil-data");
            return 2;
        }
        Path dir = Path.of(args.get(0));
        if (!Files.isDirectory(dir)) {
            err.println("vigil-examples dump-alert-state: no directory " + dir.toAbsolutePath());
            return 2;
        }
        long skipped = 0;
        try {
            for (String name : MAPS) {
                // a storage directory keeps each in a sub-directory of its own (alerts/, notify/)
                Path sub = dir.resolve(name.equals("nflog") ? "notify" : name);
                JournaledMap.Inspection in = JournaledMap.inspect(Files.isDirectory(sub) ? sub : dir, name);
                skipped += in.skipped();
                out.println("# " + name + ": " + in.entries().size() + " entries, files " + in.files()
                        + (in.skipped() > 0
                                ? ", " + in.skipped() + " record(s) failed their checksum and were skipped"
                                : ""));
                for (Map.Entry<String, String> e : new TreeMap<>(in.entries()).entrySet()) {
                    List<String> fields = decoded(e.getValue());
                    // label sets are a field of their own, encoded once more
                    for (int i : e.getKey().startsWith("alert/")
                            ? new int[] {2, 22, 23, 24}
                            : name.equals("nflog") ? new int[] {3, 4} : new int[0]) {
                        if (i < fields.size()) {
                            fields.set(i, Fields.labels(fields.get(i)).toString());
                        }
                    }
                    out.println(String.join(" ", decoded(e.getKey())) + " = " + String.join(" | ", fields));
                }
            }
        } catch (IOException | RuntimeException e) {
            err.println("vigil-examples dump-alert-state: cannot read " + dir.toAbsolutePath() + ": " + e);
            return 1;
        }
        return skipped > 0 ? 1 : 0;
    }

    private static List<String> decoded(String line) {
        return new java.util.ArrayList<>(
                Fields.split(line).stream().map(f -> f == null ? "-" : f).toList());
    }
}

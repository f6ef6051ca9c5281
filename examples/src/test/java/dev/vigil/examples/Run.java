package dev.vigil.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One run of {@link Main#run} with its exit code and what it printed. */
record Run(int code, String out, String err) {

    /**
     * Runs {@code args}; an example not told where to keep its state keeps it in a temporary
     * directory, deleted after the run, never in the working directory.
     */
    static Run of(String... args) {
        boolean example =
                args.length > 0 && Main.EXAMPLES.stream().anyMatch(e -> e.name().equals(args[0]));
        boolean placed =
                java.util.Arrays.stream(args).anyMatch(a -> a.startsWith("--storage") || a.equals("--no-storage"));
        if (!example || placed) {
            return run(args);
        }
        java.nio.file.Path dir;
        try {
            dir = java.nio.file.Files.createTempDirectory("vigil-examples-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try {
            List<String> withStorage = new ArrayList<>(List.of(args));
            withStorage.add(1, "--storage"); // right after the name: a trailing option keeps its missing value
            withStorage.add(2, dir.toString());
            return run(withStorage.toArray(String[]::new));
        } finally {
            deleteTree(dir);
        }
    }

    static void deleteTree(java.nio.file.Path dir) {
        try (var paths = java.nio.file.Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary directory: the system cleans it up eventually
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, o, e);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    List<String> outLines() {
        return out.lines().toList();
    }

    List<String> errLines() {
        return err.lines().toList();
    }

    /** The line after each {@link DryRun#MARKER} line: the HTTP payloads, one per line. */
    List<String> dryRunPayloads() {
        List<String> lines = outLines();
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).startsWith(DryRun.MARKER)) {
                payloads.add(lines.get(i + 1));
            }
        }
        return payloads;
    }

    /** Index of the first line matching {@code regex}, or -1. */
    int lineMatching(String regex) {
        List<String> lines = outLines();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches(regex)) {
                return i;
            }
        }
        return -1;
    }
}

package dev.vigil.examples;

import java.io.PrintStream;
import java.util.List;

/** One runnable example: a name, a line of help, the options it takes, and its body. */
interface Example {

    String name();

    String summary();

    /** Options beyond {@link Options#COMMON}. */
    default List<Options.Spec> options() {
        return List.of();
    }

    /** Runs until {@code --duration} has passed (or forever); returns the exit code. */
    int run(Options options, PrintStream out) throws Exception;
}

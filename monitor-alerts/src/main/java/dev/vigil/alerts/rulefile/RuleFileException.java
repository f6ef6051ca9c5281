package dev.vigil.alerts.rulefile;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Rule files that cannot be used, with every problem found in them (a file is read to its end,
 * so one run shows all its mistakes).
 *
 * <pre>{@code
 * try {
 *     loader.load(List.of(Path.of("rules.yml")));
 * } catch (RuleFileException e) {
 *     e.errors().forEach(System.err::println);
 * }
 * }</pre>
 */
public final class RuleFileException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<RuleFileError> errors;

    /** @param errors the problems, at least one */
    public RuleFileException(List<RuleFileError> errors) {
        super(errors.stream().map(RuleFileError::toString).collect(Collectors.joining("\n")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a RuleFileException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    /** The problems, in file order. */
    public List<RuleFileError> errors() {
        return errors;
    }
}

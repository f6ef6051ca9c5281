package dev.vigil.alerts.rulefile;

/** A PromQL expression that cannot be read or is outside Vigil's subset, at a character offset. */
final class PromQlException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int offset;

    PromQlException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    /** Offset in the expression text, from 0. */
    int offset() {
        return offset;
    }
}

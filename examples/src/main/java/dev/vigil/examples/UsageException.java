package dev.vigil.examples;

/** A bad command line: printed as one line followed by the usage, exit code 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}

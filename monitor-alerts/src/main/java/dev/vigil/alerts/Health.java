package dev.vigil.alerts;

/**
 * The overall state of the application, as Nagios would report it (with its exit codes).
 *
 * <pre>{@code
 * System.exit(engine.health().exitCode());
 * }</pre>
 */
public enum Health {
    /** Nothing is firing. */
    OK(0),
    /** At least one warning is firing, no critical. */
    WARNING(1),
    /** At least one critical is firing. */
    CRITICAL(2),
    /** Nothing firing, but some data cannot be trusted. */
    UNKNOWN(3);

    private final int exitCode;

    Health(int exitCode) {
        this.exitCode = exitCode;
    }

    /** Nagios' plugin exit code: 0, 1, 2 or 3. */
    public int exitCode() {
        return exitCode;
    }
}

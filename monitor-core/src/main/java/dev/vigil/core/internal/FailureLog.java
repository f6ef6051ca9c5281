package dev.vigil.core.internal;

import org.slf4j.Logger;

/**
 * Logs a repeated failure once per change of state: the first failure after a success (or after
 * the start) at WARN, the first success after a failure at INFO, nothing in between. A source or
 * listener that fails on every tick would otherwise write a stack trace every ten seconds and
 * hide everything else in the log. Not API.
 *
 * <p>Confined to one thread at a time (the thread that calls the code it watches); the methods
 * take fixed arguments, not varargs, so that a success costs no allocation on the tick path.
 *
 * <pre>{@code
 * try {
 *     listener.onTick(tick);
 *     failures.succeeded("Vigil listener {} recovered", listener);
 * } catch (Throwable t) {
 *     failures.failed("Vigil listener {} failed", listener, t);
 * }
 * }</pre>
 */
public final class FailureLog {

    private final Logger log;
    private boolean failing;

    public FailureLog(Logger log) {
        this.log = log;
    }

    /** Whether the last call reported a failure. */
    public boolean failing() {
        return failing;
    }

    /** A success: logs {@code message} at INFO when the last call failed. */
    public void succeeded(String message) {
        if (failing) {
            failing = false;
            log.info(message);
        }
    }

    /** A success: logs {@code message} with {@code arg} at INFO when the last call failed. */
    public void succeeded(String message, Object arg) {
        if (failing) {
            failing = false;
            log.info(message, arg);
        }
    }

    /** A success: logs {@code message} with two arguments at INFO when the last call failed. */
    public void succeeded(String message, Object arg1, Object arg2) {
        if (failing) {
            failing = false;
            log.info(message, arg1, arg2);
        }
    }

    /** A failure: logs {@code message} and {@code cause} at WARN unless the last call failed too. */
    public void failed(String message, Throwable cause) {
        if (!failing) {
            failing = true;
            log.warn(message, cause);
        }
    }

    /** A failure: logs {@code message} with {@code arg} and {@code cause} at WARN unless the last call failed too. */
    public void failed(String message, Object arg, Throwable cause) {
        if (!failing) {
            failing = true;
            log.warn(message, arg, cause);
        }
    }

    /** A failure: logs {@code message} with two arguments and {@code cause} at WARN unless the last call failed too. */
    public void failed(String message, Object arg1, Object arg2, Throwable cause) {
        if (!failing) {
            failing = true;
            log.warn(message, arg1, arg2, cause);
        }
    }
}

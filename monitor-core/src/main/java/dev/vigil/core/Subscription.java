package dev.vigil.core;

/**
 * A registration that can be removed. Closing it twice is harmless.
 *
 * <pre>{@code
 * try (Subscription s = monitor.addListener(myListener)) {
 *     ...
 * } // removed here
 * }</pre>
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

    /** Removes the registration. */
    @Override
    void close();
}

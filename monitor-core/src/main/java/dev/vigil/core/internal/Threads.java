package dev.vigil.core.internal;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every thread Vigil starts comes from: daemon threads named {@code vigil-*} by default, or
 * the host's own {@link ThreadFactory} when the application gave one, so it can name, group and
 * account them (as Micrometer's {@code PushMeterRegistry.start(ThreadFactory)}). Not API.
 *
 * <pre>{@code
 * ThreadFactory workers = Threads.factory(host, "vigil-source-"); // vigil-source-1, -2 ... or the host's
 * Thread flusher = Threads.start(host, "vigil-notify-flush", this::flushLoop);
 * }</pre>
 */
public final class Threads {

    private static final Logger log = LoggerFactory.getLogger(Threads.class);
    /** One counter for every numbered name, so two instances never start two threads of one name. */
    private static final AtomicInteger NUMBERS = new AtomicInteger();

    private static final AtomicBoolean HOST_FAILURE_LOGGED = new AtomicBoolean();

    private Threads() {}

    /**
     * A factory of threads named {@code name}, or, when {@code name} ends with {@code -}, of
     * threads named {@code name} followed by a number. {@code host} null: daemon threads of
     * Vigil's own; otherwise the host's factory, whose names and settings win.
     */
    public static ThreadFactory factory(ThreadFactory host, String name) {
        Objects.requireNonNull(name, "name");
        return r -> newThread(host, name.endsWith("-") ? name + NUMBERS.incrementAndGet() : name, r);
    }

    /** A factory of Vigil's own daemon threads, named as {@link #factory} says. */
    public static ThreadFactory daemon(String name) {
        return factory(null, name);
    }

    /** A new, not yet started, thread for {@code task} (see {@link #factory}). */
    public static Thread newThread(ThreadFactory host, String name, Runnable task) {
        if (host != null) {
            Thread t = fromHost(host, name, task);
            if (t != null) {
                return t;
            }
        }
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }

    /** A new thread for {@code task}, started. */
    public static Thread start(ThreadFactory host, String name, Runnable task) {
        Thread t = newThread(host, name, task);
        t.start();
        return t;
    }

    /**
     * The host's thread, or null when its factory threw or refused (returned null): Vigil then
     * runs on a daemon thread of its own rather than stop monitoring, and says so once.
     */
    private static Thread fromHost(ThreadFactory host, String name, Runnable task) {
        Thread t;
        try {
            t = host.newThread(task);
        } catch (Throwable e) {
            if (HOST_FAILURE_LOGGED.compareAndSet(false, true)) {
                log.warn(
                        "Vigil: the application's thread factory {} failed; using a daemon thread of Vigil's own "
                                + "for {} (logged once)",
                        host,
                        name,
                        e);
            }
            return null;
        }
        if (t == null && HOST_FAILURE_LOGGED.compareAndSet(false, true)) {
            log.warn(
                    "Vigil: the application's thread factory {} gave no thread; using a daemon thread of Vigil's own "
                            + "for {} (logged once)",
                    host,
                    name);
        }
        return t;
    }
}

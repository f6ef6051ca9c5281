package dev.vigil.alerts;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer thread over a first-in first-out queue of alert events that never loses an alert's
 * state, however far the consumer falls behind.
 *
 * <p>Up to {@code limit} items queue as they come. Beyond that, an item that carries state
 * ({@code Fired}, {@code SeverityChanged}, {@code Resolved}, {@code Unknown}) goes to an overflow
 * that keeps only the latest state per alert fingerprint, delivered after the queue; any other item
 * (silenced, acknowledged, flapping) is dropped. Memory is so bounded by {@code limit} plus the
 * number of alerts, not by the number of events, and the consumer ends up knowing each alert's
 * latest state. While the overflow holds anything, new items go there too, so an alert's events
 * stay in order.
 */
final class EventLane<T> {

    private static final Logger log = LoggerFactory.getLogger(EventLane.class);

    /** How items are keyed, which ones carry state, and how two states of an alert merge. */
    interface Policy<T> {
        String fingerprint(T item);

        boolean carriesState(T item);

        /** What replaces {@code older} (not yet delivered) when {@code newer} comes for the same alert. */
        T merge(T older, T newer);
    }

    enum Offer { QUEUED, COALESCED, DROPPED, CLOSED }

    private final int limit;
    private final Policy<T> policy;
    private final Consumer<T> consumer;
    private final ArrayDeque<T> queue = new ArrayDeque<>();
    private final LinkedHashMap<String, T> overflow = new LinkedHashMap<>();
    private final Thread thread;
    private boolean shutdown;
    private boolean abandoned;

    EventLane(String threadName, int limit, Policy<T> policy, Consumer<T> consumer) {
        this.limit = limit;
        this.policy = policy;
        this.consumer = consumer;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    synchronized Offer offer(T item) {
        if (shutdown) {
            return Offer.CLOSED;
        }
        Offer result;
        if (overflow.isEmpty() && queue.size() < limit) {
            queue.add(item);
            result = Offer.QUEUED;
        } else if (!policy.carriesState(item)) {
            return Offer.DROPPED;
        } else {
            String key = policy.fingerprint(item);
            T older = overflow.remove(key); // re-inserted last: the alert's latest change comes last
            overflow.put(key, older == null ? item : policy.merge(older, item));
            result = older == null ? Offer.QUEUED : Offer.COALESCED;
        }
        notifyAll();
        return result;
    }

    /** Takes no more items; the thread ends once it has delivered those it holds. */
    synchronized void shutdown() {
        shutdown = true;
        notifyAll();
    }

    /** Waits up to {@code nanos} for the thread to deliver everything and end. */
    boolean awaitTermination(long nanos) throws InterruptedException {
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.timedJoin(thread, nanos);
        }
        return !thread.isAlive();
    }

    /** Forgets the undelivered items, interrupts a delivery under way; returns how many were forgotten. */
    int abandon() {
        int left;
        synchronized (this) {
            shutdown = true;
            abandoned = true;
            left = queue.size() + overflow.size();
            queue.clear();
            overflow.clear();
            notifyAll();
        }
        thread.interrupt();
        return left;
    }

    /** Items waiting (for tests and diagnostics). */
    synchronized int waiting() {
        return queue.size() + overflow.size();
    }

    private void run() {
        while (true) {
            T item;
            synchronized (this) {
                while (!abandoned && !shutdown && queue.isEmpty() && overflow.isEmpty()) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        // only abandon() interrupts, and it sets the flag first
                    }
                }
                if (abandoned) {
                    return;
                }
                item = queue.poll();
                if (item == null) {
                    Iterator<Map.Entry<String, T>> it = overflow.entrySet().iterator();
                    if (!it.hasNext()) {
                        return; // shut down and delivered everything
                    }
                    item = it.next().getValue();
                    it.remove();
                }
            }
            try {
                consumer.accept(item);
            } catch (RuntimeException e) {
                // consumers handle their own failures; this only keeps the lane alive
                log.warn("Vigil alert event delivery failed", e);
            }
            if (!abandoned) {
                Thread.interrupted(); // a consumer's stray interrupt must not leak into the next item
            }
        }
    }
}

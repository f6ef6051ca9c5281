package dev.vigil.alerts;

import dev.vigil.core.internal.Threads;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer thread over a first-in first-out queue of alert events that never loses what an
 * alert is, however far the consumer falls behind: neither its state nor its mute state.
 *
 * <p>Up to {@code limit} items queue as they come. Beyond that, items go to an overflow that keeps,
 * per alert fingerprint, the latest item of each kind of change ({@link Policy#kind}: its
 * lifecycle state, its mute state, its acknowledgement, its flapping), items of one kind merging
 * ({@link Policy#merge}). When an alert's held items are delivered, each is brought up to the
 * alert's latest snapshot ({@link Policy#current}), or left out when the later changes made it moot
 * (a mute change of an alert that no longer fires). Memory is so bounded by {@code limit} plus a few
 * items per alert, not by the number of events, and nothing that changes who gets paged is lost.
 * While the overflow holds anything, new items go there too, so an alert's events stay in order.
 */
final class EventLane<T> {

    private static final Logger log = LoggerFactory.getLogger(EventLane.class);

    /** How items are keyed, which kind of change each is, and how held items of an alert merge. */
    interface Policy<T> {
        String fingerprint(T item);

        /** The kind of change, {@code 0 <= kind < kinds()}: an alert's items of one kind merge. */
        int kind(T item);

        /** How many kinds there are. */
        int kinds();

        /** What replaces {@code older} (not yet delivered) when {@code newer} of its kind comes for the same alert. */
        T merge(T older, T newer);

        /**
         * {@code item} as it is delivered when {@code latest} is the alert's latest item: carrying the
         * latest snapshot, or {@code null} when the later changes made it moot.
         */
        @Nullable
        T current(T item, T latest);
    }

    enum Offer {
        QUEUED,
        COALESCED,
        CLOSED
    }

    /** What the overflow holds for one alert: the latest item of each kind, and their order. */
    private static final class Held<T> {
        final Object[] items;
        final long[] order;

        @Nullable
        T latest;

        Held(int kinds) {
            items = new Object[kinds];
            order = new long[kinds];
        }
    }

    private final int limit;
    private final Policy<T> policy;
    private final Consumer<T> consumer;
    private final ArrayDeque<T> queue = new ArrayDeque<>();
    private final LinkedHashMap<String, Held<T>> overflow = new LinkedHashMap<>();
    /** Items of one alert taken from the overflow, being delivered. */
    private final ArrayDeque<T> delivering = new ArrayDeque<>();

    private int held;
    private long sequence;
    private final Thread thread;
    private boolean shutdown;
    private boolean abandoned;

    EventLane(String threadName, int limit, Policy<T> policy, Consumer<T> consumer) {
        this(null, threadName, limit, policy, consumer);
    }

    /** A lane whose thread comes from {@code threadFactory} (null: a daemon thread named {@code threadName}). */
    EventLane(ThreadFactory threadFactory, String threadName, int limit, Policy<T> policy, Consumer<T> consumer) {
        this.limit = limit;
        this.policy = policy;
        this.consumer = consumer;
        this.thread = Threads.start(threadFactory, threadName, this::run);
    }

    synchronized Offer offer(T item) {
        if (shutdown) {
            return Offer.CLOSED;
        }
        Offer result;
        if (overflow.isEmpty() && queue.size() < limit) {
            queue.add(item);
            result = Offer.QUEUED;
        } else {
            String key = policy.fingerprint(item);
            Held<T> h = overflow.remove(key); // re-inserted last: the alert's latest change comes last
            if (h == null) {
                h = new Held<>(policy.kinds());
            }
            int kind = policy.kind(item);
            @SuppressWarnings("unchecked")
            T older = (T) h.items[kind];
            T merged = older == null ? item : policy.merge(older, item);
            h.items[kind] = merged;
            if (merged != older) {
                // an older item the merge kept (a page an Unknown must not swallow) keeps its place
                // before the other kinds' later items
                h.order[kind] = ++sequence;
            }
            h.latest = item;
            overflow.put(key, h);
            if (older == null) {
                held++;
            }
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
            left = queue.size() + held + delivering.size();
            queue.clear();
            overflow.clear();
            delivering.clear();
            held = 0;
            notifyAll();
        }
        thread.interrupt();
        return left;
    }

    /** Items waiting (for tests and diagnostics). */
    synchronized int waiting() {
        return queue.size() + held + delivering.size();
    }

    private void run() {
        while (true) {
            T item;
            synchronized (this) {
                while (!abandoned && !shutdown && queue.isEmpty() && overflow.isEmpty() && delivering.isEmpty()) {
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
                if (item == null && delivering.isEmpty()) {
                    Iterator<Map.Entry<String, Held<T>>> it =
                            overflow.entrySet().iterator();
                    if (!it.hasNext()) {
                        return; // shut down and delivered everything
                    }
                    Held<T> h = it.next().getValue();
                    it.remove();
                    takeInOrder(h);
                }
                if (item == null) {
                    item = delivering.poll();
                }
            }
            if (item == null) {
                continue; // every held item of that alert was moot
            }
            try {
                consumer.accept(item);
            } catch (Throwable t) {
                // consumers handle their own failures; this only keeps the lane alive, even
                // through an Error, which would otherwise end the thread without a word
                log.warn("Vigil alert event delivery failed", t);
            }
            if (!abandoned) {
                Thread.interrupted(); // a consumer's stray interrupt must not leak into the next item
            }
        }
    }

    /** Moves an alert's held items to {@link #delivering}, oldest change first, brought up to date. */
    @SuppressWarnings("unchecked")
    private void takeInOrder(Held<T> h) {
        int kinds = h.items.length;
        boolean[] taken = new boolean[kinds];
        for (int n = 0; n < kinds; n++) {
            int next = -1;
            for (int k = 0; k < kinds; k++) {
                if (!taken[k] && h.items[k] != null && (next < 0 || h.order[k] < h.order[next])) {
                    next = k;
                }
            }
            if (next < 0) {
                break;
            }
            taken[next] = true;
            held--;
            T current = policy.current((T) h.items[next], h.latest);
            if (current != null) {
                delivering.add(current);
            }
        }
    }
}

package dev.vigil.notify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A FIFO bounded by count and by (estimated) bytes that, when full, gives up the oldest
 * notification of the lowest severity present (the incoming one included): a warning storm never
 * pushes out a critical page, and a few huge notifications cannot exhaust the heap either. A
 * notification alone larger than the byte bound is still taken into an empty queue, so it is
 * not lost for its size alone (the notifiers cut it to their channel's limits).
 * One deque per severity keeps every operation O(1); a sequence number restores FIFO order
 * across them.
 */
final class NotificationQueue {

    private record Entry(long seq, Notification notification, long bytes) {}

    private final int capacity;
    private final long maxBytes;
    private long bytes; // guarded by lock
    private final java.util.List<ArrayDeque<Entry>> byRank = new java.util.ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private long nextSeq;
    private int size;
    private boolean released; // guarded by lock
    private boolean woken; // guarded by lock

    NotificationQueue(int capacity) {
        this(capacity, Long.MAX_VALUE);
    }

    NotificationQueue(int capacity, long maxBytes) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        for (int i = 0; i < dev.vigil.alerts.rule.Severity.values().length; i++) {
            byRank.add(new ArrayDeque<>());
        }
    }

    /** Queue rank: a higher rank is given up last. */
    private static int rank(Notification n) {
        return switch (n.severity()) {
            case WARNING -> 0;
            case CRITICAL -> 1;
        };
    }

    /**
     * What a queued notification costs the heap beyond what it shares with the dispatcher (its
     * alerts are the dispatcher's own objects): the title and text a notifier renders from it, its
     * group key and its list of alerts. The strings are estimated from the alerts rather than
     * rendered: routing must not wait for text that many notifiers never read.
     */
    static long weigh(Notification n) {
        return 2L
                        * (Rendering.estimatedChars(n.alerts(), n.groupLabels())
                                + n.groupKey().length())
                + 16L * n.alerts().size()
                + 256;
    }

    /**
     * Takes out the queued notifications that {@code n} supersedes: those about the same group
     * (an {@link Notification.Kind#ALERTS} one, not yet taken by the worker) whose alerts are all in
     * {@code n}, which tells the receiver the group's state as it is now. Returns how many. Called
     * before {@link #offer}, so that a storm can never keep an older state of a group (a page) and
     * give up its newer one (the resolution).
     */
    int removeSuperseded(Notification n) {
        if (n.kind() != Notification.Kind.ALERTS) {
            return 0;
        }
        java.util.Set<String> covered = new java.util.HashSet<>();
        for (dev.vigil.alerts.Alert a : n.alerts()) {
            covered.add(a.fingerprint());
        }
        lock.lock();
        try {
            int removed = 0;
            for (ArrayDeque<Entry> deque : byRank) {
                for (java.util.Iterator<Entry> it = deque.iterator(); it.hasNext(); ) {
                    Entry e = it.next();
                    Notification old = e.notification();
                    if (old.kind() == Notification.Kind.ALERTS
                            && old.groupKey().equals(n.groupKey())
                            && allCovered(old, covered)) {
                        it.remove();
                        size--;
                        bytes -= e.bytes();
                        removed++;
                    }
                }
            }
            return removed;
        } finally {
            lock.unlock();
        }
    }

    private static boolean allCovered(Notification old, java.util.Set<String> covered) {
        for (dev.vigil.alerts.Alert a : old.alerts()) {
            if (!covered.contains(a.fingerprint())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Adds {@code n}; returns the notifications given up to make room, oldest first (maybe
     * {@code n} itself), or an empty list.
     */
    List<Notification> offer(Notification n) {
        long weight = weigh(n);
        lock.lock();
        try {
            int rank = rank(n);
            List<Notification> dropped = List.of();
            while (size > 0 && (size >= capacity || bytes + weight > maxBytes)) {
                int lowest = lowestNonEmptyRank();
                if (rank < lowest) {
                    // Everything queued matters more: the newcomer is the one given up.
                    dropped = append(dropped, n);
                    return dropped;
                }
                Entry given = byRank.get(lowest).pollFirst();
                size--;
                bytes -= given.bytes();
                dropped = append(dropped, given.notification());
            }
            byRank.get(rank).addLast(new Entry(nextSeq++, n, weight));
            size++;
            bytes += weight;
            notEmpty.signal();
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    private static List<Notification> append(List<Notification> list, Notification n) {
        List<Notification> out = list.isEmpty() ? new ArrayList<>(2) : list;
        out.add(n);
        return out;
    }

    /**
     * The oldest notification, waiting up to {@code timeoutMillis}; null if none came, or at once
     * once {@link #release() released}.
     */
    @Nullable
    Notification poll(long timeoutMillis) throws InterruptedException {
        long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lockInterruptibly();
        try {
            while (size == 0) {
                if (nanos <= 0 || released || woken) {
                    woken = false;
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return pollUnlocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * From now on {@link #poll} never waits, and a waiting one returns: the worker can then wait
     * long for work (no idle wake-ups) and still see at once that it is closing.
     */
    void release() {
        lock.lock();
        try {
            released = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Makes the next (or a waiting) {@link #poll} return, with null if nothing is queued. */
    void wake() {
        lock.lock();
        try {
            woken = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The one notification queued, removed, if exactly one is and {@code alone} holds (asked under
     * the queue's lock, so nothing is polled meanwhile); otherwise null and nothing changes.
     */
    Notification pollIfOnly(java.util.function.BooleanSupplier alone) {
        lock.lock();
        try {
            return size == 1 && alone.getAsBoolean() ? pollUnlocked() : null;
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns everything queued, oldest first. */
    java.util.List<Notification> drain() {
        lock.lock();
        try {
            java.util.List<Notification> all = new java.util.ArrayList<>(size);
            while (size > 0) {
                all.add(pollUnlocked());
            }
            return all;
        } finally {
            lock.unlock();
        }
    }

    private Notification pollUnlocked() {
        ArrayDeque<Entry> oldest = null;
        for (ArrayDeque<Entry> deque : byRank) {
            if (!deque.isEmpty()
                    && (oldest == null
                            || deque.peekFirst().seq() < oldest.peekFirst().seq())) {
                oldest = deque;
            }
        }
        size--;
        Entry e = oldest.pollFirst();
        bytes -= e.bytes();
        return e.notification();
    }

    private int lowestNonEmptyRank() {
        for (int i = 0; i < byRank.size(); i++) {
            if (!byRank.get(i).isEmpty()) {
                return i;
            }
        }
        return -1;
    }

    int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    int capacity() {
        return capacity;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** The estimated bytes queued ({@link #weigh}). */
    long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }
}

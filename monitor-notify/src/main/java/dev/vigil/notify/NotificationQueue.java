package dev.vigil.notify;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded FIFO that, when full, gives up the oldest notification of the lowest severity
 * present (the incoming one included): a warning storm never pushes out a critical page.
 * One deque per severity keeps every operation O(1); a sequence number restores FIFO order
 * across them.
 */
final class NotificationQueue {

    private record Entry(long seq, Notification notification) { }

    private final int capacity;
    private final java.util.List<ArrayDeque<Entry>> byRank = new java.util.ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private long nextSeq;
    private int size;
    private boolean released; // guarded by lock

    NotificationQueue(int capacity) {
        this.capacity = capacity;
        for (int i = 0; i < dev.vigil.alerts.Severity.values().length; i++) {
            byRank.add(new ArrayDeque<>());
        }
    }

    private static int rank(Notification n) {
        return n.severity().ordinal();
    }

    /** Adds {@code n}; returns the notification given up to make room (maybe {@code n}), else null. */
    Notification offer(Notification n) {
        lock.lock();
        try {
            int rank = rank(n);
            Notification dropped = null;
            if (size >= capacity) {
                int lowest = lowestNonEmptyRank();
                if (lowest < 0 || rank < lowest) {
                    return n;
                }
                dropped = byRank.get(lowest).pollFirst().notification();
                size--;
            }
            byRank.get(rank).addLast(new Entry(nextSeq++, n));
            size++;
            notEmpty.signal();
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The oldest notification, waiting up to {@code timeoutMillis}; null if none came, or at once
     * once {@link #release() released}.
     */
    Notification poll(long timeoutMillis) throws InterruptedException {
        long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lockInterruptibly();
        try {
            while (size == 0) {
                if (nanos <= 0 || released) {
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
            if (!deque.isEmpty() && (oldest == null || deque.peekFirst().seq() < oldest.peekFirst().seq())) {
                oldest = deque;
            }
        }
        size--;
        return oldest.pollFirst().notification();
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
}

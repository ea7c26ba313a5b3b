package io.berth.pool.internal;

import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool's connections as a copy-on-write array: borrowers scan a snapshot without a lock;
 * adding and removing (creation and close, both rare) copy the array under a lock.
 */
final class EntryTable<C> {
    @SuppressWarnings("rawtypes")
    private static final Entry[] EMPTY = new Entry[0];

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    @SuppressWarnings("unchecked")
    private volatile Entry<C>[] entries = EMPTY;

    /** Removed entries whose connection is still being closed: they still occupy a slot. */
    private volatile int closing;

    Entry<C>[] snapshot() {
        return entries;
    }

    /** Connections in the table. */
    int size() {
        return entries.length;
    }

    void add(Entry<C> entry) {
        lock.lock();
        try {
            Entry<C>[] old = entries;
            Entry<C>[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = entry;
            entries = grown;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes the entry, which then counts as closing until {@link #closeFinished()}; false when it
     * was not there (already removed).
     */
    boolean remove(Entry<C> entry) {
        lock.lock();
        try {
            Entry<C>[] old = entries;
            for (int i = 0; i < old.length; i++) {
                if (old[i] == entry) {
                    @SuppressWarnings("unchecked")
                    Entry<C>[] shrunk = old.length == 1 ? EMPTY : new Entry[old.length - 1];
                    System.arraycopy(old, 0, shrunk, 0, i);
                    System.arraycopy(old, i + 1, shrunk, i, old.length - i - 1);
                    closing++;
                    entries = shrunk;
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** The connection of a removed entry is closed: its slot is free. */
    void closeFinished() {
        lock.lock();
        try {
            closing--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every connection is removed and closed, or the timeout passes; true when so. */
    boolean awaitEmpty(long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long left = timeoutNanos;
            while (entries.length > 0 || closing > 0) {
                if (left <= 0) {
                    return false;
                }
                left = changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}

package io.berth.pool.internal;

import io.berth.pool.CloseReason;

/**
 * Who gets a connection that is free again: the oldest waiter, or nobody (it is published IDLE).
 *
 * <p>Entries come here RESERVED, owned by the caller. {@link #offer} hands one to the oldest
 * unresolved waiter (LEASED with the next stamp, then the waiter is woken) or publishes it IDLE;
 * {@link #dispatch} reserves IDLE entries and hands them over while waiters remain. A waiter whose
 * outcome someone else decided (timeout, cancel) is skipped and the entry goes to the next one.
 */
final class Handoff<C> {
    private final DefaultPool<C> pool;
    private final EntryTable<C> entries;
    private final Waiters<C> waiters;
    private final Waiting<C> waiting;
    private final Capacity capacity;

    Handoff(DefaultPool<C> pool, EntryTable<C> entries, Waiters<C> waiters, Waiting<C> waiting, Capacity capacity) {
        this.pool = pool;
        this.entries = entries;
        this.waiters = waiters;
        this.waiting = waiting;
        this.capacity = capacity;
    }

    /** Hands a RESERVED entry to the oldest waiter, or publishes it IDLE when nobody waits. */
    void offer(Entry<C> e) {
        if (pool.isRunning() && !waiters.isEmpty() && handToWaiter(e)) {
            return;
        }
        publish(e);
        if (pool.isRunning() && !waiters.isEmpty()) {
            dispatch();
        }
        if (capacity != null) {
            capacity.onIdle(pool);
        }
    }

    /** Moves idle entries to waiters while both exist. */
    void dispatch() {
        Entry<C>[] es = entries.snapshot();
        for (int i = 0; i < es.length && !waiters.isEmpty(); i++) {
            Entry<C> e = es[i];
            if (e.tryReserve() && !handToWaiter(e)) {
                publish(e);
                return;
            }
        }
    }

    /**
     * Publishes a RESERVED entry IDLE. {@link DefaultPool#close()} writes CLOSED and then scans for
     * IDLE entries; this writes IDLE and then reads the state, all volatile, so at least one side
     * sees the other and an entry published while the pool closes is closed, not left idle in a
     * closed pool.
     */
    private void publish(Entry<C> e) {
        e.setState(Entry.idle(Entry.stamp(e.state())));
        if (!pool.isOpen() && e.tryReserve()) {
            pool.discard(e, CloseReason.POOL_CLOSED);
        }
    }

    private boolean handToWaiter(Entry<C> e) {
        long reserved = e.state();
        long next = Entry.stamp(reserved) + 1;
        Waiter<C> w;
        while ((w = waiters.poll()) != null) {
            e.setState(Entry.leased(next));
            if (waiters.resolve(w, e)) {
                waiting.wake(w, e);
                return true;
            }
            e.setState(reserved);
        }
        return false;
    }
}

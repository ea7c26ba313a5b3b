package io.berth.pool.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The pool's one FIFO queue of blocking and async waiters.
 *
 * <p>{@code count} is the number of unresolved waiters; it rises before a waiter is queued and
 * falls when the waiter is resolved (by whoever wins its outcome CAS), so {@link #isEmpty()} is a
 * single volatile read and errs towards "someone may be waiting". Resolved waiters stay in the
 * queue until polled past; when many pile up (timeouts with nothing returned) a sweep removes them,
 * so the queue stays bounded by the live waiters plus a small slack.
 */
final class Waiters<C> {
    private static final int SWEEP_SLACK = 256;

    private final ConcurrentLinkedQueue<Waiter<C>> queue = new ConcurrentLinkedQueue<>();
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(Waiters.class, "count", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A field, not an AtomicInteger: every return reads it, and this saves a dependent load. */
    private volatile int count;

    private final AtomicInteger resolvedInQueue = new AtomicInteger();
    private volatile int max;

    Waiters(int max) {
        this.max = max;
    }

    void max(int max) {
        this.max = max;
    }

    boolean isEmpty() {
        return count == 0;
    }

    int size() {
        return count;
    }

    /** Queues the waiter; false when {@code max} are already queued, unless {@code beyondMax}. */
    boolean enqueue(Waiter<C> waiter, boolean beyondMax) {
        if ((int) COUNT.getAndAdd(this, 1) + 1 > max && !beyondMax) {
            COUNT.getAndAdd(this, -1);
            return false;
        }
        queue.offer(waiter);
        return true;
    }

    /** Resolves the waiter with {@code value}; true when this call won. */
    boolean resolve(Waiter<C> waiter, Object value) {
        if (waiter.tryResolve(value)) {
            COUNT.getAndAdd(this, -1);
            if (value == Waiter.CANCELLED && resolvedInQueue.incrementAndGet() > SWEEP_SLACK + count) {
                sweep();
            }
            return true;
        }
        return false;
    }

    /** The oldest unresolved waiter, removed from the queue; null when none. */
    Waiter<C> poll() {
        Waiter<C> w;
        while ((w = queue.poll()) != null) {
            if (!w.isDone()) {
                return w;
            }
            resolvedInQueue.decrementAndGet();
        }
        return null;
    }

    /** Removes every waiter and hands each unresolved one to {@code action}. */
    void drainTo(Consumer<Waiter<C>> action) {
        Waiter<C> w;
        while ((w = poll()) != null) {
            action.accept(w);
        }
    }

    private void sweep() {
        // The counter is a hint (a cancelled waiter may also have just been polled), so reset it.
        queue.removeIf(Waiter::isDone);
        resolvedInQueue.set(0);
    }
}

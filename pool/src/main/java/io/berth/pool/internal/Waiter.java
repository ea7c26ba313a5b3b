package io.berth.pool.internal;

import io.berth.pool.Lease;
import io.berth.pool.PoolScheduler;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * A caller waiting for a connection: a parked thread (blocking) or a future (async).
 *
 * <p>The outcome is set exactly once by CAS from null: an {@link Entry} handed off by whoever
 * returned or created it, a {@link RuntimeException} to throw, or {@link #CANCELLED} when the
 * waiter gave up (timeout, interrupt, cancelled future). Whoever wins the CAS owns the follow-up:
 * the hander-off wakes the waiter; a waiter that fails to cancel owns the entry it was handed.
 */
final class Waiter<C> {
    static final Object CANCELLED = new Object();

    private static final VarHandle OUTCOME;

    static {
        try {
            OUTCOME = MethodHandles.lookup().findVarHandle(Waiter.class, "outcome", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Thread thread;
    final CompletableFuture<Lease<C>> future;
    final Executor executor;
    /** The borrower's stack, captured when leak detection is on. */
    final Throwable acquiredAt;

    final long since;
    final long timeoutNanos;

    private volatile Object outcome;
    /** The async timeout, cancelled once the waiter is served so timers do not pile up. */
    volatile PoolScheduler.Cancellable timeout;

    Waiter(
            Thread thread,
            CompletableFuture<Lease<C>> future,
            Executor executor,
            Throwable acquiredAt,
            long since,
            long timeoutNanos) {
        this.thread = thread;
        this.future = future;
        this.executor = executor;
        this.acquiredAt = acquiredAt;
        this.since = since;
        this.timeoutNanos = timeoutNanos;
    }

    void cancelTimeout() {
        PoolScheduler.Cancellable t = timeout;
        if (t != null) {
            t.cancel();
        }
    }

    Object outcome() {
        return outcome;
    }

    boolean isDone() {
        return outcome != null;
    }

    boolean tryResolve(Object value) {
        return OUTCOME.compareAndSet(this, null, value);
    }

    /** Parks the blocking waiter until resolved or {@code deadline} (System.nanoTime) passes. */
    Object awaitUntil(long deadline) throws InterruptedException {
        Object o;
        while ((o = outcome) == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            LockSupport.parkNanos(this, left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return o;
    }
}

package io.berth.pool.internal;

import io.berth.pool.AcquireTimeoutException;
import io.berth.pool.Lease;
import io.berth.pool.PoolClosedException;
import io.berth.pool.PoolConfig;
import io.berth.pool.PoolException;
import io.berth.pool.PoolRejectedException;
import io.berth.pool.PoolStats;
import io.berth.pool.PoolUnavailableException;
import io.berth.resilience.CircuitBreaker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The slow half of borrowing: callers that found no idle connection queue here, blocking (parked
 * with {@link LockSupport}, never pinning a virtual thread) or async (a future completed on the
 * caller's executor), in one FIFO {@link Waiters} queue. This class queues and refuses, waits and
 * times out; the pool hands entries over ({@link Handoff#offer}) and calls {@link #wake}.
 *
 * <p>Refusals are decided twice, before and after queueing, because the breaker can open (or the
 * pool close) in between and whoever failed the queue then may have missed the new waiter.
 */
final class Waiting<C> {
    /**
     * How often the sentinel looks for idle entries while anyone waits. A return publishes IDLE
     * without a fence (see {@link DefaultPool}), so a waiter that queues at that instant and the
     * returner can miss each other; any later return hands over directly, and the sentinel covers
     * the case where none comes. One scheduled task per pool, not per waiter.
     */
    static final long SENTINEL_NANOS = 1_000_000;

    private final DefaultPool<C> pool;
    private final PoolConfig config;
    private final Waiters<C> waiters;
    private final CircuitBreaker breaker;
    private final AtomicBoolean sentinelScheduled = new AtomicBoolean();

    Waiting(DefaultPool<C> pool, PoolConfig config, Waiters<C> waiters, CircuitBreaker breaker) {
        this.pool = pool;
        this.config = config;
        this.waiters = waiters;
        this.breaker = breaker;
    }

    /** Borrows by queueing: blocks until a connection is handed over, or throws. */
    Entry<C> borrow(long timeoutNanos) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeoutNanos;
        Throwable stack = pool.leakNanos() > 0 ? new Throwable("lease acquired here") : null;
        for (; ; ) {
            Waiter<C> w = new Waiter<>(Thread.currentThread(), null, null, stack, start, timeoutNanos);
            enqueue(w);
            Object outcome;
            try {
                outcome = w.awaitUntil(deadline);
            } catch (InterruptedException ie) {
                if (!waiters.resolve(w, Waiter.CANCELLED) && w.outcome() instanceof Entry<?> handed) {
                    @SuppressWarnings("unchecked")
                    Entry<C> e = (Entry<C>) handed;
                    pool.release(e, Entry.stamp(e.state()), false);
                }
                throw ie;
            }
            if (outcome == null) {
                if (waiters.resolve(w, Waiter.CANCELLED)) {
                    throw timedOut(System.nanoTime() - start, timeoutNanos);
                }
                outcome = w.outcome();
            }
            if (outcome instanceof RuntimeException ex) {
                throw ex;
            }
            @SuppressWarnings("unchecked")
            Entry<C> e = (Entry<C>) outcome;
            if (!pool.needsCheck(e) || pool.check(e)) {
                pool.lent(e, stack, System.nanoTime() - start);
                return e;
            }
        }
    }

    /** Queues a waiter (or throws at once when that is hopeless) and wakes the machinery. */
    private void enqueue(Waiter<C> w) {
        PoolException refusal = refusal();
        if (refusal == null && !waiters.enqueue(w, roomToCreate())) {
            refusal = new PoolRejectedException(
                    pool.name(),
                    "too many waiters (maxWaiters=" + config.maxWaiters() + "); add capacity or shed load",
                    null);
        }
        if (refusal != null) {
            pool.listener().onRejected(pool.name(), refusal);
            throw refusal;
        }
        pool.creator().demand();
        // The breaker may have opened (or the pool closed) between the check above and queueing;
        // whoever failed the queue then may have missed this waiter, so look again.
        PoolException late = refusal();
        if (late != null && waiters.resolve(w, late)) {
            pool.listener().onRejected(pool.name(), late);
            throw late;
        }
        if (pool.isRunning()) {
            pool.dispatch();
        }
        armSentinel();
    }

    /** Schedules the sentinel unless it is scheduled already. */
    private void armSentinel() {
        if (!sentinelScheduled.get() && sentinelScheduled.compareAndSet(false, true)) {
            config.scheduler().schedule(this::sentinel, SENTINEL_NANOS);
        }
    }

    /** Hands idle entries to waiters a missed return left behind; runs again while anyone waits. */
    private void sentinel() {
        if (pool.isRunning() && !waiters.isEmpty()) {
            pool.dispatch();
        }
        if (pool.isOpen() && !waiters.isEmpty()) {
            config.scheduler().schedule(this::sentinel, SENTINEL_NANOS);
            return;
        }
        sentinelScheduled.set(false);
        // A waiter that queued after the check above saw the flag still set and did not arm it.
        if (pool.isOpen() && !waiters.isEmpty()) {
            armSentinel();
        }
    }

    /** A caller may always wait for a connection that is opened for it, whatever maxWaiters says. */
    private boolean roomToCreate() {
        return pool.hasRoomFor(waiters.size());
    }

    private PoolException refusal() {
        if (!pool.isOpen()) {
            return new PoolClosedException(pool.name(), "pool is closed", null);
        }
        if (breaker != null && breaker.nanosUntilProbe() > 0) {
            Throwable cause = pool.creator().lastFailure();
            return new PoolUnavailableException(
                    pool.name(),
                    "backend is down (circuit breaker open, next probe in " + breaker.nanosUntilProbe() / 1_000_000
                            + " ms); last error: " + cause,
                    cause);
        }
        return null;
    }

    private AcquireTimeoutException timedOut(long waited, long timeoutNanos) {
        pool.listener().onAcquireTimedOut(pool.name(), waited);
        Throwable cause = pool.creator().lastFailure();
        PoolStats s = pool.stats();
        return new AcquireTimeoutException(
                pool.name(),
                "no connection available within " + Duration.ofNanos(timeoutNanos) + " (total=" + s.total()
                        + ", leased=" + s.leased() + ", waiting=" + s.pending() + ", max=" + s.maxSize() + ")"
                        + (cause == null ? "" : "; last connection error: " + cause),
                cause);
    }

    CompletionStage<Lease<C>> acquireAsync(long timeoutNanos, Executor executor) {
        CompletableFuture<Lease<C>> future = new CompletableFuture<>();
        long start = System.nanoTime();
        Entry<C> e = pool.isRunning() ? pool.tryLendIdle() : null;
        if (e != null) {
            deliverAsync(future, executor, e, start, timeoutNanos, null);
            return future;
        }
        Throwable stack = pool.leakNanos() > 0 ? new Throwable("lease acquired here") : null;
        Waiter<C> w = new Waiter<>(null, future, executor, stack, start, timeoutNanos);
        try {
            enqueue(w);
        } catch (PoolException ex) {
            future.completeExceptionally(ex);
            return future;
        }
        w.timeout = config.scheduler().schedule(() -> timeOutAsync(w), timeoutNanos);
        if (w.isDone()) {
            w.cancelTimeout(); // served before the timer was stored
        }
        future.whenComplete((lease, error) -> {
            if (future.isCancelled()) {
                waiters.resolve(w, Waiter.CANCELLED);
            }
        });
        return future;
    }

    private void timeOutAsync(Waiter<C> w) {
        if (waiters.resolve(w, Waiter.CANCELLED)) {
            long waited = System.nanoTime() - w.since;
            w.executor.execute(() -> w.future.completeExceptionally(timedOut(waited, w.timeoutNanos)));
        }
    }

    /** Completes an async borrow on its executor, validating off the executor when needed. */
    private void deliverAsync(
            CompletableFuture<Lease<C>> future,
            Executor executor,
            Entry<C> e,
            long since,
            long timeoutNanos,
            Throwable stack) {
        if (pool.needsCheck(e)) {
            pool.blockingExecutor().execute(() -> {
                if (pool.check(e)) {
                    executor.execute(() -> completeAsync(future, e, since, stack));
                } else {
                    retryAsync(future, executor, since, timeoutNanos);
                }
            });
        } else {
            executor.execute(() -> completeAsync(future, e, since, stack));
        }
    }

    private void retryAsync(CompletableFuture<Lease<C>> future, Executor executor, long since, long timeoutNanos) {
        long left = timeoutNanos - (System.nanoTime() - since);
        pool.acquireAsync(Duration.ofNanos(Math.max(left, 1)), executor).whenComplete((lease, error) -> {
            if (error != null) {
                future.completeExceptionally(error);
            } else if (!future.complete(lease)) {
                lease.close();
            }
        });
    }

    private void completeAsync(CompletableFuture<Lease<C>> future, Entry<C> e, long since, Throwable stack) {
        pool.lent(e, stack, System.nanoTime() - since);
        long stamp = Entry.stamp(e.state());
        if (!future.complete(new BorrowedLease<>(pool, e, stamp))) {
            pool.release(e, stamp, false);
        }
    }

    /** The breaker opened: every waiter fails now with the last cause instead of timing out. */
    void failWaitersFast() {
        PoolException refusal = refusal();
        if (refusal != null) {
            failAll(refusal);
        }
    }

    /** Fails every queued waiter with {@code ex}. */
    void failAll(PoolException ex) {
        waiters.drainTo(w -> fail(w, ex));
    }

    /** Wakes a waiter that was just handed {@code e}: unpark, or complete its future. */
    void wake(Waiter<C> w, Entry<C> e) {
        if (w.thread != null) {
            LockSupport.unpark(w.thread);
        } else {
            w.cancelTimeout();
            deliverAsync(w.future, w.executor, e, w.since, w.timeoutNanos, w.acquiredAt);
        }
    }

    private void fail(Waiter<C> w, PoolException ex) {
        if (waiters.resolve(w, ex)) {
            pool.listener().onRejected(pool.name(), ex);
            if (w.thread != null) {
                LockSupport.unpark(w.thread);
            } else {
                w.cancelTimeout();
                w.executor.execute(() -> w.future.completeExceptionally(ex));
            }
        }
    }
}

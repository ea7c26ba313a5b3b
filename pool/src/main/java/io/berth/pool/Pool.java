package io.berth.pool;

import io.berth.pool.internal.DefaultPool;
import io.berth.resilience.CircuitBreaker;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * A bounded pool of connections of any type {@code C}, opened by a {@link Connector}.
 *
 * <p>Blocking and asynchronous callers wait in one FIFO queue: while anyone waits, a returned
 * connection goes to the oldest waiter. Borrowing and returning on the fast path take no lock and
 * read no clock. Blocking waits park the thread with {@link java.util.concurrent.locks.LockSupport}
 * and never pin a virtual thread.
 *
 * @param <C> the connection type
 */
public interface Pool<C> extends AutoCloseable {

    /** Creates and starts a pool; with {@code minIdle > 0} it begins opening connections at once. */
    static <C> Pool<C> create(PoolConfig config, Connector<C> connector) {
        return new DefaultPool<>(config, connector, null);
    }

    /** Borrows a connection, waiting up to the configured {@code acquireTimeout}. */
    default Lease<C> acquire() throws InterruptedException {
        return acquire(config().acquireTimeout());
    }

    /**
     * Borrows a connection, waiting up to {@code timeout}.
     *
     * @throws AcquireTimeoutException when none became available in time
     * @throws PoolUnavailableException at once while the backend is known to be down
     * @throws PoolRejectedException at once when {@code maxWaiters} callers already wait
     * @throws PoolClosedException when the pool is closed or draining
     */
    Lease<C> acquire(Duration timeout) throws InterruptedException;

    /** Borrows without blocking; the stage completes on the configured async executor. */
    default CompletionStage<Lease<C>> acquireAsync() {
        return acquireAsync(config().acquireTimeout(), config().asyncExecutor());
    }

    /**
     * Borrows without blocking; the stage completes on {@code executor} (an event loop, say) with a
     * lease or with one of the exceptions {@link #acquire(Duration)} throws.
     */
    CompletionStage<Lease<C>> acquireAsync(Duration timeout, Executor executor);

    /** The settings the pool was built with, except the size, which {@link #resize} changes. */
    PoolConfig config();

    /** A cheap snapshot of the pool's counts. */
    PoolStats stats();

    /** State of the creation breaker; CLOSED when the breaker is disabled. */
    CircuitBreaker.State breakerState();

    /**
     * Changes the warm minimum and hard cap while in use. Growing opens connections as needed;
     * shrinking closes idle connections at once and leased ones as they come back.
     */
    void resize(int minIdle, int maxSize);

    /** Closes every idle connection now and every leased one when it is returned. */
    void evictAll();

    /** Stops lending: callers wait (up to their timeouts) until {@link #resume()}. */
    void pause();

    /** Lends again after {@link #pause()}, oldest waiter first. */
    void resume();

    /**
     * Stops lending (waiters and new callers fail with {@link PoolClosedException}), waits up to
     * {@code timeout} for leases to come back, then closes every connection, including any still
     * leased.
     *
     * @return true when every lease came back in time
     */
    boolean drain(Duration timeout) throws InterruptedException;

    /** Stops lending, closes idle connections now and leased ones when returned. Idempotent. */
    @Override
    void close();

    /** Adds a listener; events already past are not replayed. */
    void addListener(PoolListener listener);

    /**
     * Runs housekeeping as of {@code nowNanos} (the config's clock): retires connections past their
     * lifetime, closes idle ones, keeps others alive, reports leaks, fills up to minIdle.
     *
     * @return nanoseconds until housekeeping should run again
     */
    long runMaintenance(long nowNanos);
}

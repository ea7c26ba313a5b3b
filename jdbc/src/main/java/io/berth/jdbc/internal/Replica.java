package io.berth.jdbc.internal;

import io.berth.pool.AcquireTimeoutException;
import io.berth.pool.Lease;
import io.berth.pool.Pool;
import io.berth.pool.PoolException;
import io.berth.pool.PoolUnavailableException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One read replica of a {@link ReplicaRouter}: its pool, and the signal that lets a borrower waiting
 * in that pool's queue move on the moment the replica is ejected, instead of waiting out its
 * timeout in front of a server that is gone.
 *
 * <p>A borrow is an async acquire (completed on the thread that hands the connection over) raced
 * against the ejection signal. The signal is a future completed when the replica is ejected and
 * replaced by a fresh one by the first borrower after that. A borrower reads the signal before it
 * checks whether the replica is ejected, and the router ejects before it completes the signal, so
 * a borrower either sees the ejection or is woken by it. The losing acquire is cancelled, which
 * takes the waiter out of the pool's queue; a connection handed over at that very moment is given
 * back to the pool by the engine.
 */
final class Replica {
    private static final Executor ON_HANDOVER = Runnable::run;

    final String url;
    final String poolName;
    private final AtomicReference<CompletableFuture<Void>> ejection = new AtomicReference<>(new CompletableFuture<>());
    private volatile Pool<PooledConnection> pool;

    Replica(String url, String poolName) {
        this.url = url;
        this.poolName = poolName;
    }

    void start(Pool<PooledConnection> pool) {
        this.pool = pool;
    }

    /** The replica's pool; null only while the router starts. */
    Pool<PooledConnection> pool() {
        return pool;
    }

    /** Connections lent out: the load that power-of-two-choices compares. */
    int leased() {
        Pool<PooledConnection> p = pool;
        return p == null ? 0 : p.stats().leased();
    }

    /** Wakes every borrower waiting on this replica; called after the router ejected it. */
    void signalEjected() {
        ejection.get().complete(null);
    }

    /** The signal to wait on: the current one, or a fresh one once the last ejection has fired. */
    private CompletableFuture<Void> ejectionSignal() {
        CompletableFuture<Void> current = ejection.get();
        if (!current.isDone()) {
            return current;
        }
        CompletableFuture<Void> fresh = new CompletableFuture<>();
        return ejection.compareAndSet(current, fresh) ? fresh : ejection.get();
    }

    /**
     * Borrows from this replica until {@code deadlineNanos}.
     *
     * @return the lease, or null when the replica is (or, while waiting, became) unusable: ejected,
     *     or refused at once because its breaker is open, in which case {@code router} ejects it
     * @throws SQLException on a timeout of a healthy replica, a closed pool or an interrupt
     */
    Lease<PooledConnection> borrow(ReplicaRouter router, long deadlineNanos) throws SQLException {
        CompletableFuture<Void> ejected = ejectionSignal();
        if (router.isEjected(this)) {
            return null;
        }
        long left = Math.max(deadlineNanos - System.nanoTime(), 1);
        CompletableFuture<Lease<PooledConnection>> lease =
                pool.acquireAsync(Duration.ofNanos(left), ON_HANDOVER).toCompletableFuture();
        if (!lease.isDone()) {
            try {
                CompletableFuture.anyOf(lease, ejected).get(); // the pool's timeout ends the wait
            } catch (ExecutionException e) {
                // the acquire failed: handled below
            } catch (InterruptedException e) {
                abandon(lease);
                throw AcquireErrors.interrupted(poolName, e);
            }
            if (!lease.isDone() && lease.cancel(false)) {
                return null; // ejected while waiting
            }
        }
        try {
            return lease.join();
        } catch (CancellationException e) {
            return null;
        } catch (CompletionException e) {
            if (e.getCause() instanceof PoolUnavailableException down) {
                router.failed(this, down.getCause() != null ? down.getCause() : down);
                return null;
            }
            if (e.getCause() instanceof AcquireTimeoutException && router.isEjected(this)) {
                return null;
            }
            if (e.getCause() instanceof PoolException pe) {
                throw AcquireErrors.of(pe);
            }
            throw e;
        }
    }

    /** Gives up a pending acquire; a lease that arrived meanwhile goes back to the pool. */
    private static void abandon(CompletableFuture<Lease<PooledConnection>> lease) {
        if (!lease.cancel(false)) {
            lease.thenAccept(Lease::close);
        }
    }

    @Override
    public String toString() {
        return poolName + "[" + url + "]";
    }
}

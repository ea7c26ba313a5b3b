package io.berth.pool;

/** The waiter queue is full ({@code maxWaiters}): the caller is turned away at once. */
public final class PoolRejectedException extends PoolException {
    private static final long serialVersionUID = 1L;

    public PoolRejectedException(String poolName, String message, Throwable cause) {
        super(poolName, message, cause);
    }
}

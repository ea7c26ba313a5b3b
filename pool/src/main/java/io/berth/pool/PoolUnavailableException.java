package io.berth.pool;

/** The backend is known to be down (the pool's circuit breaker is open): waiters fail at once instead of waiting out their timeout. The cause is the last failure to open a connection. */
public final class PoolUnavailableException extends PoolException {
    private static final long serialVersionUID = 1L;

    public PoolUnavailableException(String poolName, String message, Throwable cause) {
        super(poolName, message, cause);
    }
}

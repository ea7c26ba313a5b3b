package io.berth.pool;

/** No connection became available within the caller's timeout. The cause, when present, is the last failure to open a connection. */
public final class AcquireTimeoutException extends PoolException {
    private static final long serialVersionUID = 1L;

    public AcquireTimeoutException(String poolName, String message, Throwable cause) {
        super(poolName, message, cause);
    }
}

package io.berth.pool;

/** The pool was closed or is draining and lends nothing more. */
public final class PoolClosedException extends PoolException {
    private static final long serialVersionUID = 1L;

    public PoolClosedException(String poolName, String message, Throwable cause) {
        super(poolName, message, cause);
    }
}

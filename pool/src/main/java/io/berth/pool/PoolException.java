package io.berth.pool;

/** Why a pool could not lend a connection. Every message names the pool. */
public class PoolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String poolName;

    public PoolException(String poolName, String message, Throwable cause) {
        super("pool '" + poolName + "': " + message, cause);
        this.poolName = poolName;
    }

    /** The name of the pool that failed. */
    public String poolName() {
        return poolName;
    }
}

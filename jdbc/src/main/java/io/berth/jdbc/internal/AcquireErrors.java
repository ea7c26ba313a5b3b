package io.berth.jdbc.internal;

import io.berth.pool.AcquireTimeoutException;
import io.berth.pool.PoolClosedException;
import io.berth.pool.PoolException;
import io.berth.pool.PoolUnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * The engine's refusals as the {@link SQLException}s a DataSource throws: a timeout or a backend
 * known to be down is transient (08001, with the last connection error as the cause), a closed pool
 * is 08003.
 */
public final class AcquireErrors {
    private AcquireErrors() {}

    public static SQLException of(PoolException e) {
        if (e instanceof AcquireTimeoutException || e instanceof PoolUnavailableException) {
            return new SQLTransientConnectionException(
                    e.getMessage(), "08001", e.getCause() != null ? e.getCause() : e);
        }
        if (e instanceof PoolClosedException) {
            return new SQLException(e.getMessage(), "08003", e);
        }
        return new SQLTransientConnectionException(e.getMessage(), "08001", e);
    }

    /** The caller was interrupted while waiting; restores its interrupt status. */
    public static SQLException interrupted(String poolName, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new SQLException("interrupted while waiting for a connection from '" + poolName + "'", "08001", e);
    }
}

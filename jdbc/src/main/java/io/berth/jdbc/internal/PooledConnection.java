package io.berth.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executor;

/**
 * A physical JDBC connection as the pool holds it, with the session state the pool promises every
 * borrower (the configured defaults) and a record of what the current borrower changed, so that
 * {@link #reset()} restores only that. Confined to the thread that holds its lease.
 */
public final class PooledConnection {
    static final int DIRTY_AUTO_COMMIT = 1;
    static final int DIRTY_READ_ONLY = 2;
    static final int DIRTY_ISOLATION = 4;
    static final int DIRTY_CATALOG = 8;
    static final int DIRTY_SCHEMA = 16;
    static final int DIRTY_NETWORK_TIMEOUT = 32;

    private final Connection raw;
    private final boolean autoCommit;
    private final boolean readOnly;
    private final int isolation;
    private final String catalog;
    private final String schema;
    private final int networkTimeout;
    private int dirty;
    /** Statements ran since the last commit/rollback while autoCommit was off. */
    private boolean inTransaction;

    private volatile boolean broken;

    /** Reads the connection's current state as the defaults every borrower starts from. */
    public PooledConnection(Connection raw) throws SQLException {
        this.raw = raw;
        this.autoCommit = raw.getAutoCommit();
        this.readOnly = raw.isReadOnly();
        this.isolation = raw.getTransactionIsolation();
        this.catalog = raw.getCatalog();
        this.schema = schemaOf(raw);
        this.networkTimeout = networkTimeoutOf(raw);
    }

    private static String schemaOf(Connection raw) {
        try {
            return raw.getSchema();
        } catch (SQLException | AbstractMethodError | UnsupportedOperationException e) {
            return null;
        }
    }

    private static int networkTimeoutOf(Connection raw) {
        try {
            return raw.getNetworkTimeout();
        } catch (SQLException | AbstractMethodError | UnsupportedOperationException e) {
            return -1;
        }
    }

    public Connection raw() {
        return raw;
    }

    /** The borrower changed a piece of session state (one of the DIRTY_ bits). */
    void markDirty(int bit) {
        dirty |= bit;
    }

    /** A statement ran; with autoCommit off, a transaction may now be open. */
    void markUsed() {
        inTransaction = true;
    }

    /** A commit or rollback ended the transaction. */
    void markTransactionEnded() {
        inTransaction = false;
    }

    /** The connection failed in a way that makes it unusable: evict it when returned. */
    void markBroken() {
        broken = true;
    }

    public boolean isBroken() {
        return broken;
    }

    /**
     * Rolls back an open transaction and restores what the borrower changed. Throws when the
     * connection cannot be reset (the pool then evicts it).
     */
    public void reset() throws SQLException {
        if (broken) {
            throw new SQLException("connection was marked broken", "08003");
        }
        boolean currentAutoCommit = (dirty & DIRTY_AUTO_COMMIT) != 0 ? raw.getAutoCommit() : autoCommit;
        if (inTransaction && !currentAutoCommit) {
            raw.rollback();
        }
        inTransaction = false;
        if (dirty == 0) {
            raw.clearWarnings();
            return;
        }
        if ((dirty & DIRTY_AUTO_COMMIT) != 0) {
            raw.setAutoCommit(autoCommit);
        }
        if ((dirty & DIRTY_READ_ONLY) != 0) {
            raw.setReadOnly(readOnly);
        }
        if ((dirty & DIRTY_ISOLATION) != 0) {
            raw.setTransactionIsolation(isolation);
        }
        if ((dirty & DIRTY_CATALOG) != 0 && catalog != null) {
            raw.setCatalog(catalog);
        }
        if ((dirty & DIRTY_SCHEMA) != 0 && schema != null) {
            raw.setSchema(schema);
        }
        if ((dirty & DIRTY_NETWORK_TIMEOUT) != 0 && networkTimeout >= 0) {
            raw.setNetworkTimeout(DIRECT, networkTimeout);
        }
        raw.clearWarnings();
        dirty = 0;
    }

    private static final Executor DIRECT = Runnable::run;

    @Override
    public String toString() {
        return "PooledConnection[" + raw + "]";
    }
}

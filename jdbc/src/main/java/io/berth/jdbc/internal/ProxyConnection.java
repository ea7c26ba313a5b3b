package io.berth.jdbc.internal;

import io.berth.pool.Lease;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.ClientInfoStatus;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The {@link Connection} a borrower holds: one per {@link Lease}, delegating to the pooled physical
 * connection, and recording for {@link PooledConnection#reset()} what the borrower changed (session
 * settings, an open transaction).
 *
 * <p>Every {@link SQLException} from the driver, here and in the statements, result sets and metadata
 * this connection hands out, passes through {@link #fail}, which marks the pooled connection broken
 * when {@link FatalErrors} says the connection is lost; {@link #close()} then evicts it instead of
 * returning it.
 *
 * <p>Confinement: like the lease, a proxy belongs to one borrower at a time; only {@link
 * #abort(Executor)} may come from another thread. Closing is a compare-and-set on {@link #closed}, so
 * the lease is given back exactly once even when abort races the borrower's close. After close every
 * call throws "connection is closed" (SQLSTATE 08003) and nothing touches the pooled connection again:
 * by then it may belong to the next borrower.
 */
public final class ProxyConnection implements Connection {
    private static final VarHandle CLOSED;

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(ProxyConnection.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Lease<PooledConnection> lease;
    private final PooledConnection pooled;
    private final Connection raw;
    private final String poolName;
    /** Statements handed out and not yet closed; null until the first one (most borrows need one). */
    private ArrayList<ProxyStatement<?>> statements;
    /** Nested result sets of no statement (metadata, arrays' elements) not yet closed; null until one. */
    private ArrayList<ProxyResultSet> resultSets;

    private volatile boolean closed;

    public ProxyConnection(Lease<PooledConnection> lease, String poolName) {
        this.lease = lease;
        this.pooled = lease.connection();
        this.raw = pooled.raw();
        this.poolName = poolName;
    }

    /** The driver's connection, or "connection is closed" once this proxy was closed. */
    private Connection delegate() throws SQLException {
        if (closed) {
            throw closedException();
        }
        return raw;
    }

    /** As {@link #delegate()}, for a call that may open a transaction. */
    private Connection executing() throws SQLException {
        Connection c = delegate();
        pooled.markUsed();
        return c;
    }

    /** As {@link #delegate()}, for a call that changes the session state reset restores. */
    private Connection dirtying(int bit) throws SQLException {
        Connection c = delegate();
        pooled.markDirty(bit);
        return c;
    }

    SQLException closedException() {
        return new SQLException(
                "connection is closed: it was returned to pool '" + poolName + "'; get a new one from the DataSource",
                "08003");
    }

    String poolName() {
        return poolName;
    }

    boolean isClosedByBorrower() {
        return closed;
    }

    /**
     * Passes a driver's exception through the fatal-error check and returns it for the caller to
     * throw. After close the pooled connection is someone else's, so it is left alone.
     */
    <E extends SQLException> E fail(E e) {
        if (!closed && FatalErrors.isFatal(e)) {
            pooled.markBroken();
        }
        return e;
    }

    /** A statement or result set is running SQL: with autoCommit off, a transaction may be open. */
    void markUsed() {
        if (!closed) {
            pooled.markUsed();
        }
    }

    private <T extends ProxyStatement<?>> T track(T statement) {
        ArrayList<ProxyStatement<?>> open = statements;
        if (open == null) {
            open = statements = new ArrayList<>();
        }
        open.add(statement);
        return statement;
    }

    /** A statement was closed by its user. Searches from the end: most statements close in LIFO order. */
    void forget(ProxyStatement<?> statement) {
        ArrayList<ProxyStatement<?>> open = statements;
        if (open == null) {
            return;
        }
        for (int i = open.size() - 1; i >= 0; i--) {
            if (open.get(i) == statement) {
                open.remove(i);
                return;
            }
        }
    }

    /** A nested result set of no statement: closed with this connection unless its user closes it. */
    void track(ProxyResultSet rs) {
        ArrayList<ProxyResultSet> open = resultSets;
        if (open == null) {
            open = resultSets = new ArrayList<>();
        }
        open.add(rs);
    }

    /** A tracked result set was closed by its user. */
    void forget(ProxyResultSet rs) {
        ArrayList<ProxyResultSet> open = resultSets;
        if (open != null) {
            open.remove(rs);
        }
    }

    /**
     * Closes the result sets and statements still open, then returns the connection to the pool
     * (which resets it), or evicts it when a fatal error marked it broken. A second call does nothing.
     */
    @Override
    public void close() {
        if (!CLOSED.compareAndSet(this, false, true)) {
            return;
        }
        ArrayList<ProxyResultSet> openResultSets = resultSets;
        if (openResultSets != null) {
            resultSets = null;
            for (int i = openResultSets.size() - 1; i >= 0; i--) {
                try {
                    openResultSets.get(i).closeWithOwner();
                } catch (SQLException e) {
                    if (FatalErrors.isFatal(e)) {
                        pooled.markBroken();
                    }
                }
            }
        }
        ArrayList<ProxyStatement<?>> open = statements;
        if (open != null) {
            statements = null;
            for (int i = open.size() - 1; i >= 0; i--) {
                try {
                    open.get(i).closeWithConnection();
                } catch (SQLException e) {
                    if (FatalErrors.isFatal(e)) {
                        pooled.markBroken();
                    }
                }
            }
        }
        if (pooled.isBroken()) {
            lease.invalidate();
        } else {
            lease.close();
        }
    }

    @Override
    public boolean isClosed() throws SQLException {
        if (closed) {
            return true;
        }
        try {
            return raw.isClosed();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (closed) {
            return false;
        }
        try {
            return raw.isValid(timeout);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    /**
     * Aborts the physical connection (the driver's abort releases a thread blocked in it) and evicts
     * it. Safe to call from a thread other than the borrower's; statements are not closed one by one,
     * the physical close takes them along.
     */
    @Override
    public void abort(Executor executor) throws SQLException {
        if (closed) {
            return;
        }
        pooled.markBroken();
        try {
            raw.abort(executor);
        } finally {
            if (CLOSED.compareAndSet(this, false, true)) {
                lease.invalidate();
            }
        }
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        try {
            return new ProxyDatabaseMetaData(this, delegate().getMetaData());
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (closed) {
            throw closedClientInfoException();
        }
        try {
            raw.setClientInfo(name, value);
        } catch (SQLClientInfoException e) {
            throw fail(e);
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        if (closed) {
            throw closedClientInfoException();
        }
        try {
            raw.setClientInfo(properties);
        } catch (SQLClientInfoException e) {
            throw fail(e);
        }
    }

    private SQLClientInfoException closedClientInfoException() {
        SQLException closedException = closedException();
        return new SQLClientInfoException(
                closedException.getMessage(), closedException.getSQLState(), Map.<String, ClientInfoStatus>of());
    }

    /** Reaches the driver's connection (or anything it wraps), or this proxy. */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        Connection c = delegate();
        if (iface.isInstance(c)) {
            return iface.cast(c);
        }
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        try {
            return c.unwrap(iface);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        Connection c = delegate();
        if (iface.isInstance(c) || iface.isInstance(this)) {
            return true;
        }
        try {
            return c.isWrapperFor(iface);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String toString() {
        return "ProxyConnection[pool=" + poolName + (closed ? ", closed]" : ", " + raw + "]");
    }

    @Override
    public Statement createStatement() throws SQLException {
        try {
            return track(new ProxyStatement<>(this, delegate().createStatement()));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        try {
            return track(new ProxyPreparedStatement<>(this, delegate().prepareStatement(sql)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        try {
            return track(new ProxyCallableStatement(this, delegate().prepareCall(sql)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        try {
            return delegate().nativeSQL(sql);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        try {
            dirtying(PooledConnection.DIRTY_AUTO_COMMIT).setAutoCommit(autoCommit);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        try {
            return delegate().getAutoCommit();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void commit() throws SQLException {
        try {
            delegate().commit();
            pooled.markTransactionEnded();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void rollback() throws SQLException {
        try {
            delegate().rollback();
            pooled.markTransactionEnded();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        try {
            dirtying(PooledConnection.DIRTY_READ_ONLY).setReadOnly(readOnly);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        try {
            return delegate().isReadOnly();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        try {
            dirtying(PooledConnection.DIRTY_CATALOG).setCatalog(catalog);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getCatalog() throws SQLException {
        try {
            return delegate().getCatalog();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        try {
            dirtying(PooledConnection.DIRTY_ISOLATION).setTransactionIsolation(level);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        try {
            return delegate().getTransactionIsolation();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        try {
            return delegate().getWarnings();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void clearWarnings() throws SQLException {
        try {
            delegate().clearWarnings();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        try {
            return track(new ProxyStatement<>(this, delegate().createStatement(resultSetType, resultSetConcurrency)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        try {
            return track(new ProxyPreparedStatement<>(
                    this, delegate().prepareStatement(sql, resultSetType, resultSetConcurrency)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        try {
            return track(
                    new ProxyCallableStatement(this, delegate().prepareCall(sql, resultSetType, resultSetConcurrency)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.util.Map<String, Class<?>> getTypeMap() throws SQLException {
        try {
            return delegate().getTypeMap();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setTypeMap(java.util.Map<String, Class<?>> map) throws SQLException {
        try {
            delegate().setTypeMap(map);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        try {
            delegate().setHoldability(holdability);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getHoldability() throws SQLException {
        try {
            return delegate().getHoldability();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        try {
            return executing().setSavepoint();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        try {
            return executing().setSavepoint(name);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        try {
            delegate().rollback(savepoint);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        try {
            delegate().releaseSavepoint(savepoint);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        try {
            return track(new ProxyStatement<>(
                    this, delegate().createStatement(resultSetType, resultSetConcurrency, resultSetHoldability)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(
            String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        try {
            return track(new ProxyPreparedStatement<>(
                    this, delegate().prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public CallableStatement prepareCall(
            String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        try {
            return track(new ProxyCallableStatement(
                    this, delegate().prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        try {
            return track(new ProxyPreparedStatement<>(this, delegate().prepareStatement(sql, autoGeneratedKeys)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        try {
            return track(new ProxyPreparedStatement<>(this, delegate().prepareStatement(sql, columnIndexes)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        try {
            return track(new ProxyPreparedStatement<>(this, delegate().prepareStatement(sql, columnNames)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Clob createClob() throws SQLException {
        try {
            return delegate().createClob();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Blob createBlob() throws SQLException {
        try {
            return delegate().createBlob();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public NClob createNClob() throws SQLException {
        try {
            return delegate().createNClob();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        try {
            return delegate().createSQLXML();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        try {
            return delegate().getClientInfo(name);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        try {
            return delegate().getClientInfo();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        try {
            return new ProxyArray(this, null, delegate().createArrayOf(typeName, elements));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        try {
            return delegate().createStruct(typeName, attributes);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        try {
            dirtying(PooledConnection.DIRTY_SCHEMA).setSchema(schema);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getSchema() throws SQLException {
        try {
            return delegate().getSchema();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        try {
            dirtying(PooledConnection.DIRTY_NETWORK_TIMEOUT).setNetworkTimeout(executor, milliseconds);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        try {
            return delegate().getNetworkTimeout();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void beginRequest() throws SQLException {
        try {
            delegate().beginRequest();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void endRequest() throws SQLException {
        try {
            delegate().endRequest();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey shardingKey, ShardingKey superShardingKey, int timeout)
            throws SQLException {
        try {
            return delegate().setShardingKeyIfValid(shardingKey, superShardingKey, timeout);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeout) throws SQLException {
        try {
            return delegate().setShardingKeyIfValid(shardingKey, timeout);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey) throws SQLException {
        try {
            delegate().setShardingKey(shardingKey, superShardingKey);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setShardingKey(ShardingKey shardingKey) throws SQLException {
        try {
            delegate().setShardingKey(shardingKey);
        } catch (SQLException e) {
            throw fail(e);
        }
    }
}

package io.berth.jdbc.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;

/**
 * The {@link Statement} a borrower gets from a {@link ProxyConnection}, and the base of the prepared
 * and callable ones: delegates to the driver's statement, marks the pooled connection used when SQL
 * runs, wraps result sets so that {@link ResultSet#getStatement()} returns this proxy, and passes
 * driver exceptions through {@link ProxyConnection#fail}. The connection closes it when the
 * connection is closed; after that every call throws "statement is closed". Closing it closes the
 * nested result sets it tracks (see {@link ProxyResultSet}). Confined to the borrower.
 *
 * @param <S> the driver's statement type
 */
class ProxyStatement<S extends Statement> implements Statement {
    final ProxyConnection connection;
    private final S driverStatement;
    /** Nested result sets (refcursors, array elements) not yet closed; null until the first. */
    private ArrayList<ProxyResultSet> nested;

    private boolean closed;

    ProxyStatement(ProxyConnection connection, S driverStatement) {
        this.connection = connection;
        this.driverStatement = driverStatement;
    }

    /** The driver's statement, or "statement is closed". */
    final S delegate() throws SQLException {
        if (closed) {
            throw closedException();
        }
        return driverStatement;
    }

    /** As {@link #delegate()}, for a call that runs SQL. */
    final S executing() throws SQLException {
        S s = delegate();
        connection.markUsed();
        return s;
    }

    final ResultSet resultSet(ResultSet rs) {
        return rs == null ? null : new ProxyResultSet(connection, this, rs);
    }

    boolean isClosedByBorrower() {
        return closed;
    }

    void track(ProxyResultSet rs) {
        ArrayList<ProxyResultSet> open = nested;
        if (open == null) {
            open = nested = new ArrayList<>();
        }
        open.add(rs);
    }

    /** A nested result set was closed by its user. */
    void forget(ProxyResultSet rs) {
        ArrayList<ProxyResultSet> open = nested;
        if (open != null) {
            open.remove(rs);
        }
    }

    /** Closes the nested result sets; the driver closes the statement's own with the statement. */
    private void closeNested() throws SQLException {
        ArrayList<ProxyResultSet> open = nested;
        if (open == null) {
            return;
        }
        nested = null;
        SQLException first = null;
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).closeWithOwner();
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private SQLException closedException() {
        return connection.isClosedByBorrower()
                ? new SQLException(
                        "statement is closed: its connection was returned to pool '" + connection.poolName() + "'",
                        "08003")
                : new SQLException("statement is closed", "55000");
    }

    /** Called by the connection as it closes; the connection forgets all its statements at once. */
    final void closeWithConnection() throws SQLException {
        if (!closed) {
            closed = true;
            try {
                closeNested();
            } finally {
                driverStatement.close();
            }
        }
    }

    @Override
    public final void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        connection.forget(this);
        try {
            try {
                closeNested();
            } finally {
                driverStatement.close();
            }
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public final boolean isClosed() throws SQLException {
        if (closed) {
            return true;
        }
        try {
            return driverStatement.isClosed();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public final Connection getConnection() throws SQLException {
        delegate();
        return connection;
    }

    /** Reaches the driver's statement (or anything it wraps), or this proxy. */
    @Override
    public final <T> T unwrap(Class<T> iface) throws SQLException {
        S s = delegate();
        if (iface.isInstance(s)) {
            return iface.cast(s);
        }
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        try {
            return s.unwrap(iface);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public final boolean isWrapperFor(Class<?> iface) throws SQLException {
        S s = delegate();
        if (iface.isInstance(s) || iface.isInstance(this)) {
            return true;
        }
        try {
            return s.isWrapperFor(iface);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + driverStatement + "]";
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        try {
            return resultSet(executing().executeQuery(sql));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        try {
            return executing().executeUpdate(sql);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        try {
            return delegate().getMaxFieldSize();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        try {
            delegate().setMaxFieldSize(max);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getMaxRows() throws SQLException {
        try {
            return delegate().getMaxRows();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        try {
            delegate().setMaxRows(max);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        try {
            delegate().setEscapeProcessing(enable);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        try {
            return delegate().getQueryTimeout();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        try {
            delegate().setQueryTimeout(seconds);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void cancel() throws SQLException {
        try {
            delegate().cancel();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        try {
            return delegate().getWarnings();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void clearWarnings() throws SQLException {
        try {
            delegate().clearWarnings();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setCursorName(String name) throws SQLException {
        try {
            delegate().setCursorName(name);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        try {
            return executing().execute(sql);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        try {
            return resultSet(delegate().getResultSet());
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getUpdateCount() throws SQLException {
        try {
            return delegate().getUpdateCount();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        try {
            return delegate().getMoreResults();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        try {
            delegate().setFetchDirection(direction);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        try {
            return delegate().getFetchDirection();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        try {
            delegate().setFetchSize(rows);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getFetchSize() throws SQLException {
        try {
            return delegate().getFetchSize();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        try {
            return delegate().getResultSetConcurrency();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getResultSetType() throws SQLException {
        try {
            return delegate().getResultSetType();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        try {
            executing().addBatch(sql);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void clearBatch() throws SQLException {
        try {
            delegate().clearBatch();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int[] executeBatch() throws SQLException {
        try {
            return executing().executeBatch();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        try {
            return delegate().getMoreResults(current);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        try {
            return resultSet(delegate().getGeneratedKeys());
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        try {
            return executing().executeUpdate(sql, autoGeneratedKeys);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        try {
            return executing().executeUpdate(sql, columnIndexes);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        try {
            return executing().executeUpdate(sql, columnNames);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        try {
            return executing().execute(sql, autoGeneratedKeys);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        try {
            return executing().execute(sql, columnIndexes);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        try {
            return executing().execute(sql, columnNames);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        try {
            return delegate().getResultSetHoldability();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        try {
            delegate().setPoolable(poolable);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean isPoolable() throws SQLException {
        try {
            return delegate().isPoolable();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        try {
            delegate().closeOnCompletion();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        try {
            return delegate().isCloseOnCompletion();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        try {
            return delegate().getLargeUpdateCount();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        try {
            delegate().setLargeMaxRows(max);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        try {
            return delegate().getLargeMaxRows();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        try {
            return executing().executeLargeBatch();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        try {
            return executing().executeLargeUpdate(sql);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        try {
            return executing().executeLargeUpdate(sql, autoGeneratedKeys);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        try {
            return executing().executeLargeUpdate(sql, columnIndexes);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        try {
            return executing().executeLargeUpdate(sql, columnNames);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String enquoteLiteral(String val) throws SQLException {
        try {
            return delegate().enquoteLiteral(val);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String enquoteIdentifier(String identifier, boolean alwaysQuote) throws SQLException {
        try {
            return delegate().enquoteIdentifier(identifier, alwaysQuote);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean isSimpleIdentifier(String identifier) throws SQLException {
        try {
            return delegate().isSimpleIdentifier(identifier);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String enquoteNCharLiteral(String val) throws SQLException {
        try {
            return delegate().enquoteNCharLiteral(val);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }
}

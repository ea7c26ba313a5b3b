package io.berth.jdbc.internal;

import java.io.InputStream;
import java.io.Reader;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.Statement;

/**
 * The {@link ResultSet} a borrower gets: from a proxy statement, from proxy metadata, or nested in
 * another value (a refcursor from {@code getObject}, {@link java.sql.Array#getResultSet()}).
 * Delegates to the driver's result set, answers {@link #getStatement()} with the proxy statement
 * whose results these are (null for metadata and for arrays made by the connection, as JDBC asks
 * for result sets "produced some other way"), and passes driver exceptions through {@link
 * ProxyConnection#fail}. Column getters and updaters are in {@link ResultSetGetters} and {@link
 * ResultSetUpdaters}. Confined to the borrower.
 *
 * <p>Closing: a statement's own result sets are closed by the driver with the statement (JDBC asks
 * it to), and this proxy reports closed as soon as its statement is. Result sets the driver made on
 * statements of its own (metadata, refcursors, array elements) would outlive the borrow; those are
 * {@link #nested} ones, tracked by their proxy statement, or by the connection when there is none,
 * and closed with it.
 */
final class ProxyResultSet extends ResultSetUpdaters {
    /** Whether a statement or the connection tracks this result set, to close it with itself. */
    private final boolean tracked;

    /** A result set of {@code statement} itself (executeQuery, getResultSet, getGeneratedKeys). */
    ProxyResultSet(ProxyConnection connection, ProxyStatement<?> statement, ResultSet driverResultSet) {
        this(connection, statement, driverResultSet, false);
    }

    private ProxyResultSet(
            ProxyConnection connection, ProxyStatement<?> statement, ResultSet driverResultSet, boolean tracked) {
        super(connection, statement, driverResultSet);
        this.tracked = tracked;
    }

    /**
     * A result set the driver made on a statement of its own, reported as {@code statement}'s (or
     * with no statement) and closed with {@code statement}, or with the connection when null.
     */
    static ProxyResultSet nested(ProxyConnection connection, ProxyStatement<?> statement, ResultSet driverResultSet) {
        ProxyResultSet rs = new ProxyResultSet(connection, statement, driverResultSet, true);
        if (statement != null) {
            statement.track(rs);
        } else {
            connection.track(rs);
        }
        return rs;
    }

    @Override
    public Statement getStatement() throws SQLException {
        delegate();
        return statement;
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        if (tracked) {
            if (statement != null) {
                statement.forget(this);
            } else {
                connection.forget(this);
            }
        }
        try {
            driverResultSet.close();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    /** Called by the statement or connection that tracks this result set, as it closes. */
    void closeWithOwner() throws SQLException {
        if (!closed) {
            closed = true;
            driverResultSet.close();
        }
    }

    @Override
    public boolean isClosed() throws SQLException {
        if (closed || connection.isClosedByBorrower() || (statement != null && statement.isClosedByBorrower())) {
            return true;
        }
        try {
            return driverResultSet.isClosed();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    /** Reaches the driver's result set (or anything it wraps), or this proxy. */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        ResultSet rs = delegate();
        if (iface.isInstance(rs)) {
            return iface.cast(rs);
        }
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        try {
            return rs.unwrap(iface);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        ResultSet rs = delegate();
        if (iface.isInstance(rs) || iface.isInstance(this)) {
            return true;
        }
        try {
            return rs.isWrapperFor(iface);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String toString() {
        return "ProxyResultSet[" + driverResultSet + "]";
    }

    @Override
    public boolean next() throws SQLException {
        try {
            return delegate().next();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean wasNull() throws SQLException {
        try {
            return delegate().wasNull();
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
    public int findColumn(String columnLabel) throws SQLException {
        try {
            return delegate().findColumn(columnLabel);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        try {
            return delegate().isBeforeFirst();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        try {
            return delegate().isAfterLast();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean isFirst() throws SQLException {
        try {
            return delegate().isFirst();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean isLast() throws SQLException {
        try {
            return delegate().isLast();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void beforeFirst() throws SQLException {
        try {
            delegate().beforeFirst();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void afterLast() throws SQLException {
        try {
            delegate().afterLast();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean first() throws SQLException {
        try {
            return delegate().first();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean last() throws SQLException {
        try {
            return delegate().last();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean absolute(int row) throws SQLException {
        try {
            return delegate().absolute(row);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean relative(int rows) throws SQLException {
        try {
            return delegate().relative(rows);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean previous() throws SQLException {
        try {
            return delegate().previous();
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
    public void setFetchSize(int rows) throws SQLException {
        try {
            delegate().setFetchSize(rows);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean rowUpdated() throws SQLException {
        try {
            return delegate().rowUpdated();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean rowInserted() throws SQLException {
        try {
            return delegate().rowInserted();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        try {
            return delegate().rowDeleted();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void insertRow() throws SQLException {
        try {
            executing().insertRow();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void deleteRow() throws SQLException {
        try {
            executing().deleteRow();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void refreshRow() throws SQLException {
        try {
            delegate().refreshRow();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void cancelRowUpdates() throws SQLException {
        try {
            delegate().cancelRowUpdates();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        try {
            delegate().moveToInsertRow();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void moveToCurrentRow() throws SQLException {
        try {
            delegate().moveToCurrentRow();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateAsciiStream(String columnLabel, java.io.InputStream x) throws SQLException {
        try {
            delegate().updateAsciiStream(columnLabel, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateBinaryStream(String columnLabel, java.io.InputStream x) throws SQLException {
        try {
            delegate().updateBinaryStream(columnLabel, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateCharacterStream(String columnLabel, java.io.Reader reader) throws SQLException {
        try {
            delegate().updateCharacterStream(columnLabel, reader);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateBlob(int columnIndex, InputStream inputStream) throws SQLException {
        try {
            delegate().updateBlob(columnIndex, inputStream);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateBlob(String columnLabel, InputStream inputStream) throws SQLException {
        try {
            delegate().updateBlob(columnLabel, inputStream);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateClob(int columnIndex, Reader reader) throws SQLException {
        try {
            delegate().updateClob(columnIndex, reader);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateClob(String columnLabel, Reader reader) throws SQLException {
        try {
            delegate().updateClob(columnLabel, reader);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateNClob(int columnIndex, Reader reader) throws SQLException {
        try {
            delegate().updateNClob(columnIndex, reader);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateNClob(String columnLabel, Reader reader) throws SQLException {
        try {
            delegate().updateNClob(columnLabel, reader);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateObject(int columnIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        try {
            delegate().updateObject(columnIndex, ProxyValues.unwrap(x), targetSqlType, scaleOrLength);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateObject(String columnLabel, Object x, SQLType targetSqlType, int scaleOrLength)
            throws SQLException {
        try {
            delegate().updateObject(columnLabel, ProxyValues.unwrap(x), targetSqlType, scaleOrLength);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateObject(int columnIndex, Object x, SQLType targetSqlType) throws SQLException {
        try {
            delegate().updateObject(columnIndex, ProxyValues.unwrap(x), targetSqlType);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateObject(String columnLabel, Object x, SQLType targetSqlType) throws SQLException {
        try {
            delegate().updateObject(columnLabel, ProxyValues.unwrap(x), targetSqlType);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }
}

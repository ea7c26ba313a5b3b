package io.berth.jdbc.internal;

import java.io.InputStream;
import java.io.Reader;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.Statement;

/**
 * The {@link ResultSet} a borrower gets from a proxy statement or from proxy metadata: delegates to
 * the driver's result set, returns the proxy statement (or null for metadata) from {@link
 * #getStatement()}, and passes driver exceptions through {@link ProxyConnection#fail}. Column getters
 * and updaters are in {@link ResultSetGetters} and {@link ResultSetUpdaters}. Confined to the borrower.
 */
final class ProxyResultSet extends ResultSetUpdaters {
    private final Statement statement;

    /** {@code statement} is the proxy statement that produced the result set, or null for metadata. */
    ProxyResultSet(ProxyConnection connection, Statement statement, ResultSet driverResultSet) {
        super(connection, driverResultSet);
        this.statement = statement;
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
        try {
            driverResultSet.close();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean isClosed() throws SQLException {
        if (closed || connection.isClosedByBorrower()) {
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
            delegate().updateObject(columnIndex, x, targetSqlType, scaleOrLength);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateObject(String columnLabel, Object x, SQLType targetSqlType, int scaleOrLength)
            throws SQLException {
        try {
            delegate().updateObject(columnLabel, x, targetSqlType, scaleOrLength);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateObject(int columnIndex, Object x, SQLType targetSqlType) throws SQLException {
        try {
            delegate().updateObject(columnIndex, x, targetSqlType);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateObject(String columnLabel, Object x, SQLType targetSqlType) throws SQLException {
        try {
            delegate().updateObject(columnLabel, x, targetSqlType);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }
}

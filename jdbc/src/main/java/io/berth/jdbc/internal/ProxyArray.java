package io.berth.jdbc.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * The {@link Array} a borrower gets from a proxy result set, callable statement or connection. It
 * exists for {@link #getResultSet()}: the driver's array result set answers {@code getStatement()}
 * with a statement of its own, whose {@code getConnection()} is the physical connection; here the
 * result set is a {@link ProxyResultSet} that answers with the proxy statement the array came from
 * (null for {@link java.sql.Connection#createArrayOf}) and is closed with that statement or
 * connection. Statements and updaters unwrap it before the driver sees it ({@link ProxyValues}).
 *
 * <p>Once its connection is returned to the pool every call throws "connection is closed": a
 * driver may reach the physical connection for an array (pgjdbc does, to run getResultSet), and by
 * then that connection is someone else's.
 */
final class ProxyArray implements Array {
    private final ProxyConnection connection;
    private final ProxyStatement<?> statement;
    private final Array driverArray;

    ProxyArray(ProxyConnection connection, ProxyStatement<?> statement, Array driverArray) {
        this.connection = connection;
        this.statement = statement;
        this.driverArray = driverArray;
    }

    /** The driver's array, for the driver's own setters; never handed to the borrower. */
    Array driverArray() {
        return driverArray;
    }

    private Array delegate() throws SQLException {
        if (connection.isClosedByBorrower()) {
            throw connection.closedException();
        }
        return driverArray;
    }

    private ResultSet resultSet(ResultSet rs) {
        return rs == null ? null : ProxyResultSet.nested(connection, statement, rs);
    }

    @Override
    public String getBaseTypeName() throws SQLException {
        try {
            return delegate().getBaseTypeName();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getBaseType() throws SQLException {
        try {
            return delegate().getBaseType();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public Object getArray() throws SQLException {
        try {
            return delegate().getArray();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public Object getArray(Map<String, Class<?>> map) throws SQLException {
        try {
            return delegate().getArray(map);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public Object getArray(long index, int count) throws SQLException {
        try {
            return delegate().getArray(index, count);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public Object getArray(long index, int count, Map<String, Class<?>> map) throws SQLException {
        try {
            return delegate().getArray(index, count, map);
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
    public ResultSet getResultSet(Map<String, Class<?>> map) throws SQLException {
        try {
            return resultSet(delegate().getResultSet(map));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getResultSet(long index, int count) throws SQLException {
        try {
            return resultSet(delegate().getResultSet(index, count));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getResultSet(long index, int count, Map<String, Class<?>> map) throws SQLException {
        try {
            return resultSet(delegate().getResultSet(index, count, map));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    /** Frees the driver's array; allowed after the connection closed, since it only drops local data. */
    @Override
    public void free() throws SQLException {
        try {
            driverArray.free();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String toString() {
        return driverArray.toString();
    }
}

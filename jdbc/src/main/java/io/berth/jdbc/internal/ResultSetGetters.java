package io.berth.jdbc.internal;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.util.Calendar;

/**
 * The root of {@link ProxyResultSet}: the state every layer shares and the column getters, split out
 * only to keep each class a readable size. A result set is closed when it is closed itself, when its
 * statement is closed or when its connection is closed; after that every call throws "result set is
 * closed". Getters that can return a result set or an array ({@code getObject}, {@code getArray})
 * return proxies ({@link ProxyValues}).
 */
abstract class ResultSetGetters implements ResultSet {
    final ProxyConnection connection;
    /** The proxy statement whose results these are, or null (metadata, an array's elements). */
    final ProxyStatement<?> statement;

    final ResultSet driverResultSet;
    boolean closed;

    ResultSetGetters(ProxyConnection connection, ProxyStatement<?> statement, ResultSet driverResultSet) {
        this.connection = connection;
        this.statement = statement;
        this.driverResultSet = driverResultSet;
    }

    /** The driver's result set, or "result set is closed". */
    final ResultSet delegate() throws SQLException {
        if (closed || connection.isClosedByBorrower() || (statement != null && statement.isClosedByBorrower())) {
            throw closedException();
        }
        return driverResultSet;
    }

    /** A nested value (a refcursor, an array) as a proxy. */
    final Object nested(Object value) {
        return ProxyValues.wrap(connection, statement, value);
    }

    final <T> T nested(T value, Class<T> type) {
        return ProxyValues.wrap(connection, statement, value, type);
    }

    /** As {@link #delegate()}, for a call that writes to the database. */
    final ResultSet executing() throws SQLException {
        ResultSet rs = delegate();
        connection.markUsed();
        return rs;
    }

    private SQLException closedException() {
        return connection.isClosedByBorrower()
                ? new SQLException(
                        "result set is closed: its connection was returned to pool '" + connection.poolName() + "'",
                        "08003")
                : statement != null && statement.isClosedByBorrower()
                        ? new SQLException("result set is closed: its statement was closed", "55000")
                        : new SQLException("result set is closed", "55000");
    }

    @Override
    public String getString(int columnIndex) throws SQLException {
        try {
            return delegate().getString(columnIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        try {
            return delegate().getBoolean(columnIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        try {
            return delegate().getByte(columnIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        try {
            return delegate().getShort(columnIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        try {
            return delegate().getInt(columnIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        try {
            return delegate().getLong(columnIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public float getFloat(int columnIndex) throws SQLException {
        try {
            return delegate().getFloat(columnIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public double getDouble(int columnIndex) throws SQLException {
        try {
            return delegate().getDouble(columnIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    @Deprecated
    @SuppressWarnings("deprecation")
    public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        try {
            return delegate().getBigDecimal(columnIndex, scale);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        try {
            return delegate().getBytes(columnIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.sql.Date getDate(int columnIndex) throws SQLException {
        try {
            return delegate().getDate(columnIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.sql.Time getTime(int columnIndex) throws SQLException {
        try {
            return delegate().getTime(columnIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.sql.Timestamp getTimestamp(int columnIndex) throws SQLException {
        try {
            return delegate().getTimestamp(columnIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.io.InputStream getAsciiStream(int columnIndex) throws SQLException {
        try {
            return delegate().getAsciiStream(columnIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    @Deprecated
    @SuppressWarnings("deprecation")
    public java.io.InputStream getUnicodeStream(int columnIndex) throws SQLException {
        try {
            return delegate().getUnicodeStream(columnIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.io.InputStream getBinaryStream(int columnIndex) throws SQLException {
        try {
            return delegate().getBinaryStream(columnIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String getString(String columnLabel) throws SQLException {
        try {
            return delegate().getString(columnLabel);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean getBoolean(String columnLabel) throws SQLException {
        try {
            return delegate().getBoolean(columnLabel);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public byte getByte(String columnLabel) throws SQLException {
        try {
            return delegate().getByte(columnLabel);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public short getShort(String columnLabel) throws SQLException {
        try {
            return delegate().getShort(columnLabel);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getInt(String columnLabel) throws SQLException {
        try {
            return delegate().getInt(columnLabel);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public long getLong(String columnLabel) throws SQLException {
        try {
            return delegate().getLong(columnLabel);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public float getFloat(String columnLabel) throws SQLException {
        try {
            return delegate().getFloat(columnLabel);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public double getDouble(String columnLabel) throws SQLException {
        try {
            return delegate().getDouble(columnLabel);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    @Deprecated
    @SuppressWarnings("deprecation")
    public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
        try {
            return delegate().getBigDecimal(columnLabel, scale);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public byte[] getBytes(String columnLabel) throws SQLException {
        try {
            return delegate().getBytes(columnLabel);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.sql.Date getDate(String columnLabel) throws SQLException {
        try {
            return delegate().getDate(columnLabel);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.sql.Time getTime(String columnLabel) throws SQLException {
        try {
            return delegate().getTime(columnLabel);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.sql.Timestamp getTimestamp(String columnLabel) throws SQLException {
        try {
            return delegate().getTimestamp(columnLabel);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.io.InputStream getAsciiStream(String columnLabel) throws SQLException {
        try {
            return delegate().getAsciiStream(columnLabel);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    @Deprecated
    @SuppressWarnings("deprecation")
    public java.io.InputStream getUnicodeStream(String columnLabel) throws SQLException {
        try {
            return delegate().getUnicodeStream(columnLabel);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.io.InputStream getBinaryStream(String columnLabel) throws SQLException {
        try {
            return delegate().getBinaryStream(columnLabel);
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
    public String getCursorName() throws SQLException {
        try {
            return delegate().getCursorName();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        try {
            return delegate().getMetaData();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        try {
            return nested(delegate().getObject(columnIndex));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public Object getObject(String columnLabel) throws SQLException {
        try {
            return nested(delegate().getObject(columnLabel));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.io.Reader getCharacterStream(int columnIndex) throws SQLException {
        try {
            return delegate().getCharacterStream(columnIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.io.Reader getCharacterStream(String columnLabel) throws SQLException {
        try {
            return delegate().getCharacterStream(columnLabel);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        try {
            return delegate().getBigDecimal(columnIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
        try {
            return delegate().getBigDecimal(columnLabel);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getRow() throws SQLException {
        try {
            return delegate().getRow();
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
    public int getFetchSize() throws SQLException {
        try {
            return delegate().getFetchSize();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getType() throws SQLException {
        try {
            return delegate().getType();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getConcurrency() throws SQLException {
        try {
            return delegate().getConcurrency();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public Object getObject(int columnIndex, java.util.Map<String, Class<?>> map) throws SQLException {
        try {
            return nested(delegate().getObject(columnIndex, map));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public Ref getRef(int columnIndex) throws SQLException {
        try {
            return delegate().getRef(columnIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public Blob getBlob(int columnIndex) throws SQLException {
        try {
            return delegate().getBlob(columnIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public Clob getClob(int columnIndex) throws SQLException {
        try {
            return delegate().getClob(columnIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public Array getArray(int columnIndex) throws SQLException {
        try {
            return (Array) nested(delegate().getArray(columnIndex));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public Object getObject(String columnLabel, java.util.Map<String, Class<?>> map) throws SQLException {
        try {
            return nested(delegate().getObject(columnLabel, map));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public Ref getRef(String columnLabel) throws SQLException {
        try {
            return delegate().getRef(columnLabel);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public Blob getBlob(String columnLabel) throws SQLException {
        try {
            return delegate().getBlob(columnLabel);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public Clob getClob(String columnLabel) throws SQLException {
        try {
            return delegate().getClob(columnLabel);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public Array getArray(String columnLabel) throws SQLException {
        try {
            return (Array) nested(delegate().getArray(columnLabel));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.sql.Date getDate(int columnIndex, Calendar cal) throws SQLException {
        try {
            return delegate().getDate(columnIndex, cal);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.sql.Date getDate(String columnLabel, Calendar cal) throws SQLException {
        try {
            return delegate().getDate(columnLabel, cal);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.sql.Time getTime(int columnIndex, Calendar cal) throws SQLException {
        try {
            return delegate().getTime(columnIndex, cal);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.sql.Time getTime(String columnLabel, Calendar cal) throws SQLException {
        try {
            return delegate().getTime(columnLabel, cal);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.sql.Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException {
        try {
            return delegate().getTimestamp(columnIndex, cal);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.sql.Timestamp getTimestamp(String columnLabel, Calendar cal) throws SQLException {
        try {
            return delegate().getTimestamp(columnLabel, cal);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.net.URL getURL(int columnIndex) throws SQLException {
        try {
            return delegate().getURL(columnIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.net.URL getURL(String columnLabel) throws SQLException {
        try {
            return delegate().getURL(columnLabel);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public RowId getRowId(int columnIndex) throws SQLException {
        try {
            return delegate().getRowId(columnIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public RowId getRowId(String columnLabel) throws SQLException {
        try {
            return delegate().getRowId(columnLabel);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getHoldability() throws SQLException {
        try {
            return delegate().getHoldability();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public NClob getNClob(int columnIndex) throws SQLException {
        try {
            return delegate().getNClob(columnIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public NClob getNClob(String columnLabel) throws SQLException {
        try {
            return delegate().getNClob(columnLabel);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public SQLXML getSQLXML(int columnIndex) throws SQLException {
        try {
            return delegate().getSQLXML(columnIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public SQLXML getSQLXML(String columnLabel) throws SQLException {
        try {
            return delegate().getSQLXML(columnLabel);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String getNString(int columnIndex) throws SQLException {
        try {
            return delegate().getNString(columnIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String getNString(String columnLabel) throws SQLException {
        try {
            return delegate().getNString(columnLabel);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.io.Reader getNCharacterStream(int columnIndex) throws SQLException {
        try {
            return delegate().getNCharacterStream(columnIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.io.Reader getNCharacterStream(String columnLabel) throws SQLException {
        try {
            return delegate().getNCharacterStream(columnLabel);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        try {
            return nested(delegate().getObject(columnIndex, type), type);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
        try {
            return nested(delegate().getObject(columnLabel, type), type);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }
}

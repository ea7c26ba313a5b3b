package io.berth.jdbc.internal;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.util.Calendar;

/**
 * The {@link CallableStatement} a borrower gets from a {@link ProxyConnection}; see {@link
 * ProxyStatement} for what the wrapping does. The setters by parameter name are in {@link
 * CallableStatementSetters}.
 */
final class ProxyCallableStatement extends CallableStatementSetters {

    ProxyCallableStatement(ProxyConnection connection, CallableStatement driverStatement) {
        super(connection, driverStatement);
    }

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType) throws SQLException {
        try {
            delegate().registerOutParameter(parameterIndex, sqlType);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType, int scale) throws SQLException {
        try {
            delegate().registerOutParameter(parameterIndex, sqlType, scale);
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
    public String getString(int parameterIndex) throws SQLException {
        try {
            return delegate().getString(parameterIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean getBoolean(int parameterIndex) throws SQLException {
        try {
            return delegate().getBoolean(parameterIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public byte getByte(int parameterIndex) throws SQLException {
        try {
            return delegate().getByte(parameterIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public short getShort(int parameterIndex) throws SQLException {
        try {
            return delegate().getShort(parameterIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getInt(int parameterIndex) throws SQLException {
        try {
            return delegate().getInt(parameterIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public long getLong(int parameterIndex) throws SQLException {
        try {
            return delegate().getLong(parameterIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public float getFloat(int parameterIndex) throws SQLException {
        try {
            return delegate().getFloat(parameterIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public double getDouble(int parameterIndex) throws SQLException {
        try {
            return delegate().getDouble(parameterIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    @Deprecated
    @SuppressWarnings("deprecation")
    public BigDecimal getBigDecimal(int parameterIndex, int scale) throws SQLException {
        try {
            return delegate().getBigDecimal(parameterIndex, scale);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public byte[] getBytes(int parameterIndex) throws SQLException {
        try {
            return delegate().getBytes(parameterIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.sql.Date getDate(int parameterIndex) throws SQLException {
        try {
            return delegate().getDate(parameterIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.sql.Time getTime(int parameterIndex) throws SQLException {
        try {
            return delegate().getTime(parameterIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.sql.Timestamp getTimestamp(int parameterIndex) throws SQLException {
        try {
            return delegate().getTimestamp(parameterIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public Object getObject(int parameterIndex) throws SQLException {
        try {
            return ProxyValues.wrap(connection, this, delegate().getObject(parameterIndex));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public BigDecimal getBigDecimal(int parameterIndex) throws SQLException {
        try {
            return delegate().getBigDecimal(parameterIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public Object getObject(int parameterIndex, java.util.Map<String, Class<?>> map) throws SQLException {
        try {
            return ProxyValues.wrap(connection, this, delegate().getObject(parameterIndex, map));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public Ref getRef(int parameterIndex) throws SQLException {
        try {
            return delegate().getRef(parameterIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public Blob getBlob(int parameterIndex) throws SQLException {
        try {
            return delegate().getBlob(parameterIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public Clob getClob(int parameterIndex) throws SQLException {
        try {
            return delegate().getClob(parameterIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public Array getArray(int parameterIndex) throws SQLException {
        try {
            return (Array) ProxyValues.wrap(connection, this, delegate().getArray(parameterIndex));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.sql.Date getDate(int parameterIndex, Calendar cal) throws SQLException {
        try {
            return delegate().getDate(parameterIndex, cal);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.sql.Time getTime(int parameterIndex, Calendar cal) throws SQLException {
        try {
            return delegate().getTime(parameterIndex, cal);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.sql.Timestamp getTimestamp(int parameterIndex, Calendar cal) throws SQLException {
        try {
            return delegate().getTimestamp(parameterIndex, cal);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType, String typeName) throws SQLException {
        try {
            delegate().registerOutParameter(parameterIndex, sqlType, typeName);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType) throws SQLException {
        try {
            delegate().registerOutParameter(parameterName, sqlType);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType, int scale) throws SQLException {
        try {
            delegate().registerOutParameter(parameterName, sqlType, scale);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType, String typeName) throws SQLException {
        try {
            delegate().registerOutParameter(parameterName, sqlType, typeName);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.net.URL getURL(int parameterIndex) throws SQLException {
        try {
            return delegate().getURL(parameterIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String getString(String parameterName) throws SQLException {
        try {
            return delegate().getString(parameterName);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean getBoolean(String parameterName) throws SQLException {
        try {
            return delegate().getBoolean(parameterName);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public byte getByte(String parameterName) throws SQLException {
        try {
            return delegate().getByte(parameterName);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public short getShort(String parameterName) throws SQLException {
        try {
            return delegate().getShort(parameterName);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getInt(String parameterName) throws SQLException {
        try {
            return delegate().getInt(parameterName);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public long getLong(String parameterName) throws SQLException {
        try {
            return delegate().getLong(parameterName);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public float getFloat(String parameterName) throws SQLException {
        try {
            return delegate().getFloat(parameterName);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public double getDouble(String parameterName) throws SQLException {
        try {
            return delegate().getDouble(parameterName);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public byte[] getBytes(String parameterName) throws SQLException {
        try {
            return delegate().getBytes(parameterName);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.sql.Date getDate(String parameterName) throws SQLException {
        try {
            return delegate().getDate(parameterName);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.sql.Time getTime(String parameterName) throws SQLException {
        try {
            return delegate().getTime(parameterName);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.sql.Timestamp getTimestamp(String parameterName) throws SQLException {
        try {
            return delegate().getTimestamp(parameterName);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public Object getObject(String parameterName) throws SQLException {
        try {
            return ProxyValues.wrap(connection, this, delegate().getObject(parameterName));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public BigDecimal getBigDecimal(String parameterName) throws SQLException {
        try {
            return delegate().getBigDecimal(parameterName);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public Object getObject(String parameterName, java.util.Map<String, Class<?>> map) throws SQLException {
        try {
            return ProxyValues.wrap(connection, this, delegate().getObject(parameterName, map));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public Ref getRef(String parameterName) throws SQLException {
        try {
            return delegate().getRef(parameterName);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public Blob getBlob(String parameterName) throws SQLException {
        try {
            return delegate().getBlob(parameterName);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public Clob getClob(String parameterName) throws SQLException {
        try {
            return delegate().getClob(parameterName);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public Array getArray(String parameterName) throws SQLException {
        try {
            return (Array) ProxyValues.wrap(connection, this, delegate().getArray(parameterName));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.sql.Date getDate(String parameterName, Calendar cal) throws SQLException {
        try {
            return delegate().getDate(parameterName, cal);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.sql.Time getTime(String parameterName, Calendar cal) throws SQLException {
        try {
            return delegate().getTime(parameterName, cal);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.sql.Timestamp getTimestamp(String parameterName, Calendar cal) throws SQLException {
        try {
            return delegate().getTimestamp(parameterName, cal);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.net.URL getURL(String parameterName) throws SQLException {
        try {
            return delegate().getURL(parameterName);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public RowId getRowId(int parameterIndex) throws SQLException {
        try {
            return delegate().getRowId(parameterIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public RowId getRowId(String parameterName) throws SQLException {
        try {
            return delegate().getRowId(parameterName);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public NClob getNClob(int parameterIndex) throws SQLException {
        try {
            return delegate().getNClob(parameterIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public NClob getNClob(String parameterName) throws SQLException {
        try {
            return delegate().getNClob(parameterName);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public SQLXML getSQLXML(int parameterIndex) throws SQLException {
        try {
            return delegate().getSQLXML(parameterIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public SQLXML getSQLXML(String parameterName) throws SQLException {
        try {
            return delegate().getSQLXML(parameterName);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String getNString(int parameterIndex) throws SQLException {
        try {
            return delegate().getNString(parameterIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String getNString(String parameterName) throws SQLException {
        try {
            return delegate().getNString(parameterName);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.io.Reader getNCharacterStream(int parameterIndex) throws SQLException {
        try {
            return delegate().getNCharacterStream(parameterIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.io.Reader getNCharacterStream(String parameterName) throws SQLException {
        try {
            return delegate().getNCharacterStream(parameterName);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.io.Reader getCharacterStream(int parameterIndex) throws SQLException {
        try {
            return delegate().getCharacterStream(parameterIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public java.io.Reader getCharacterStream(String parameterName) throws SQLException {
        try {
            return delegate().getCharacterStream(parameterName);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public <T> T getObject(int parameterIndex, Class<T> type) throws SQLException {
        try {
            return ProxyValues.wrap(connection, this, delegate().getObject(parameterIndex, type), type);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public <T> T getObject(String parameterName, Class<T> type) throws SQLException {
        try {
            return ProxyValues.wrap(connection, this, delegate().getObject(parameterName, type), type);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void registerOutParameter(int parameterIndex, SQLType sqlType) throws SQLException {
        try {
            delegate().registerOutParameter(parameterIndex, sqlType);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void registerOutParameter(int parameterIndex, SQLType sqlType, int scale) throws SQLException {
        try {
            delegate().registerOutParameter(parameterIndex, sqlType, scale);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void registerOutParameter(int parameterIndex, SQLType sqlType, String typeName) throws SQLException {
        try {
            delegate().registerOutParameter(parameterIndex, sqlType, typeName);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void registerOutParameter(String parameterName, SQLType sqlType) throws SQLException {
        try {
            delegate().registerOutParameter(parameterName, sqlType);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void registerOutParameter(String parameterName, SQLType sqlType, int scale) throws SQLException {
        try {
            delegate().registerOutParameter(parameterName, sqlType, scale);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void registerOutParameter(String parameterName, SQLType sqlType, String typeName) throws SQLException {
        try {
            delegate().registerOutParameter(parameterName, sqlType, typeName);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }
}

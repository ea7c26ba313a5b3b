package io.berth.jdbc.internal;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.util.Calendar;

/**
 * The named-parameter setters of {@link ProxyCallableStatement}, split out only to keep each class a
 * readable size; see {@link ProxyStatement} for what the wrapping does.
 */
abstract class CallableStatementSetters extends ProxyPreparedStatement<CallableStatement> implements CallableStatement {

    CallableStatementSetters(ProxyConnection connection, CallableStatement driverStatement) {
        super(connection, driverStatement);
    }

    @Override
    public void setURL(String parameterName, java.net.URL val) throws SQLException {
        try {
            delegate().setURL(parameterName, val);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setNull(String parameterName, int sqlType) throws SQLException {
        try {
            delegate().setNull(parameterName, sqlType);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setBoolean(String parameterName, boolean x) throws SQLException {
        try {
            delegate().setBoolean(parameterName, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setByte(String parameterName, byte x) throws SQLException {
        try {
            delegate().setByte(parameterName, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setShort(String parameterName, short x) throws SQLException {
        try {
            delegate().setShort(parameterName, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setInt(String parameterName, int x) throws SQLException {
        try {
            delegate().setInt(parameterName, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setLong(String parameterName, long x) throws SQLException {
        try {
            delegate().setLong(parameterName, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setFloat(String parameterName, float x) throws SQLException {
        try {
            delegate().setFloat(parameterName, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setDouble(String parameterName, double x) throws SQLException {
        try {
            delegate().setDouble(parameterName, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setBigDecimal(String parameterName, BigDecimal x) throws SQLException {
        try {
            delegate().setBigDecimal(parameterName, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setString(String parameterName, String x) throws SQLException {
        try {
            delegate().setString(parameterName, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setBytes(String parameterName, byte[] x) throws SQLException {
        try {
            delegate().setBytes(parameterName, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setDate(String parameterName, java.sql.Date x) throws SQLException {
        try {
            delegate().setDate(parameterName, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setTime(String parameterName, java.sql.Time x) throws SQLException {
        try {
            delegate().setTime(parameterName, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setTimestamp(String parameterName, java.sql.Timestamp x) throws SQLException {
        try {
            delegate().setTimestamp(parameterName, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setAsciiStream(String parameterName, java.io.InputStream x, int length) throws SQLException {
        try {
            delegate().setAsciiStream(parameterName, x, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setBinaryStream(String parameterName, java.io.InputStream x, int length) throws SQLException {
        try {
            delegate().setBinaryStream(parameterName, x, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setObject(String parameterName, Object x, int targetSqlType, int scale) throws SQLException {
        try {
            delegate().setObject(parameterName, ProxyValues.unwrap(x), targetSqlType, scale);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setObject(String parameterName, Object x, int targetSqlType) throws SQLException {
        try {
            delegate().setObject(parameterName, ProxyValues.unwrap(x), targetSqlType);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setObject(String parameterName, Object x) throws SQLException {
        try {
            delegate().setObject(parameterName, ProxyValues.unwrap(x));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setCharacterStream(String parameterName, java.io.Reader reader, int length) throws SQLException {
        try {
            delegate().setCharacterStream(parameterName, reader, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setDate(String parameterName, java.sql.Date x, Calendar cal) throws SQLException {
        try {
            delegate().setDate(parameterName, x, cal);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setTime(String parameterName, java.sql.Time x, Calendar cal) throws SQLException {
        try {
            delegate().setTime(parameterName, x, cal);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setTimestamp(String parameterName, java.sql.Timestamp x, Calendar cal) throws SQLException {
        try {
            delegate().setTimestamp(parameterName, x, cal);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setNull(String parameterName, int sqlType, String typeName) throws SQLException {
        try {
            delegate().setNull(parameterName, sqlType, typeName);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setRowId(String parameterName, RowId x) throws SQLException {
        try {
            delegate().setRowId(parameterName, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setNString(String parameterName, String value) throws SQLException {
        try {
            delegate().setNString(parameterName, value);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setNCharacterStream(String parameterName, Reader value, long length) throws SQLException {
        try {
            delegate().setNCharacterStream(parameterName, value, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setNClob(String parameterName, NClob value) throws SQLException {
        try {
            delegate().setNClob(parameterName, value);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setClob(String parameterName, Reader reader, long length) throws SQLException {
        try {
            delegate().setClob(parameterName, reader, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setBlob(String parameterName, InputStream inputStream, long length) throws SQLException {
        try {
            delegate().setBlob(parameterName, inputStream, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setNClob(String parameterName, Reader reader, long length) throws SQLException {
        try {
            delegate().setNClob(parameterName, reader, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setSQLXML(String parameterName, SQLXML xmlObject) throws SQLException {
        try {
            delegate().setSQLXML(parameterName, xmlObject);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setBlob(String parameterName, Blob x) throws SQLException {
        try {
            delegate().setBlob(parameterName, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setClob(String parameterName, Clob x) throws SQLException {
        try {
            delegate().setClob(parameterName, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setAsciiStream(String parameterName, java.io.InputStream x, long length) throws SQLException {
        try {
            delegate().setAsciiStream(parameterName, x, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setBinaryStream(String parameterName, java.io.InputStream x, long length) throws SQLException {
        try {
            delegate().setBinaryStream(parameterName, x, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setCharacterStream(String parameterName, java.io.Reader reader, long length) throws SQLException {
        try {
            delegate().setCharacterStream(parameterName, reader, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setAsciiStream(String parameterName, java.io.InputStream x) throws SQLException {
        try {
            delegate().setAsciiStream(parameterName, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setBinaryStream(String parameterName, java.io.InputStream x) throws SQLException {
        try {
            delegate().setBinaryStream(parameterName, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setCharacterStream(String parameterName, java.io.Reader reader) throws SQLException {
        try {
            delegate().setCharacterStream(parameterName, reader);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setNCharacterStream(String parameterName, Reader value) throws SQLException {
        try {
            delegate().setNCharacterStream(parameterName, value);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setClob(String parameterName, Reader reader) throws SQLException {
        try {
            delegate().setClob(parameterName, reader);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setBlob(String parameterName, InputStream inputStream) throws SQLException {
        try {
            delegate().setBlob(parameterName, inputStream);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setNClob(String parameterName, Reader reader) throws SQLException {
        try {
            delegate().setNClob(parameterName, reader);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setObject(String parameterName, Object x, SQLType targetSqlType, int scaleOrLength)
            throws SQLException {
        try {
            delegate().setObject(parameterName, ProxyValues.unwrap(x), targetSqlType, scaleOrLength);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void setObject(String parameterName, Object x, SQLType targetSqlType) throws SQLException {
        try {
            delegate().setObject(parameterName, ProxyValues.unwrap(x), targetSqlType);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }
}

package io.berth.jdbc.internal;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.NClob;
import java.sql.ResultSet;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;

/**
 * The updaters of {@link ProxyResultSet}, split out only to keep each class a readable size.
 */
abstract class ResultSetUpdaters extends ResultSetGetters {

    ResultSetUpdaters(ProxyConnection connection, ProxyStatement<?> statement, ResultSet driverResultSet) {
        super(connection, statement, driverResultSet);
    }

    @Override
    public void updateNull(int columnIndex) throws SQLException {
        try {
            delegate().updateNull(columnIndex);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateBoolean(int columnIndex, boolean x) throws SQLException {
        try {
            delegate().updateBoolean(columnIndex, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateByte(int columnIndex, byte x) throws SQLException {
        try {
            delegate().updateByte(columnIndex, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateShort(int columnIndex, short x) throws SQLException {
        try {
            delegate().updateShort(columnIndex, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateInt(int columnIndex, int x) throws SQLException {
        try {
            delegate().updateInt(columnIndex, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateLong(int columnIndex, long x) throws SQLException {
        try {
            delegate().updateLong(columnIndex, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateFloat(int columnIndex, float x) throws SQLException {
        try {
            delegate().updateFloat(columnIndex, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateDouble(int columnIndex, double x) throws SQLException {
        try {
            delegate().updateDouble(columnIndex, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateBigDecimal(int columnIndex, BigDecimal x) throws SQLException {
        try {
            delegate().updateBigDecimal(columnIndex, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateString(int columnIndex, String x) throws SQLException {
        try {
            delegate().updateString(columnIndex, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateBytes(int columnIndex, byte[] x) throws SQLException {
        try {
            delegate().updateBytes(columnIndex, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateDate(int columnIndex, java.sql.Date x) throws SQLException {
        try {
            delegate().updateDate(columnIndex, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateTime(int columnIndex, java.sql.Time x) throws SQLException {
        try {
            delegate().updateTime(columnIndex, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateTimestamp(int columnIndex, java.sql.Timestamp x) throws SQLException {
        try {
            delegate().updateTimestamp(columnIndex, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateAsciiStream(int columnIndex, java.io.InputStream x, int length) throws SQLException {
        try {
            delegate().updateAsciiStream(columnIndex, x, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateBinaryStream(int columnIndex, java.io.InputStream x, int length) throws SQLException {
        try {
            delegate().updateBinaryStream(columnIndex, x, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateCharacterStream(int columnIndex, java.io.Reader x, int length) throws SQLException {
        try {
            delegate().updateCharacterStream(columnIndex, x, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateObject(int columnIndex, Object x, int scaleOrLength) throws SQLException {
        try {
            delegate().updateObject(columnIndex, ProxyValues.unwrap(x), scaleOrLength);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateObject(int columnIndex, Object x) throws SQLException {
        try {
            delegate().updateObject(columnIndex, ProxyValues.unwrap(x));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateNull(String columnLabel) throws SQLException {
        try {
            delegate().updateNull(columnLabel);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateBoolean(String columnLabel, boolean x) throws SQLException {
        try {
            delegate().updateBoolean(columnLabel, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateByte(String columnLabel, byte x) throws SQLException {
        try {
            delegate().updateByte(columnLabel, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateShort(String columnLabel, short x) throws SQLException {
        try {
            delegate().updateShort(columnLabel, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateInt(String columnLabel, int x) throws SQLException {
        try {
            delegate().updateInt(columnLabel, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateLong(String columnLabel, long x) throws SQLException {
        try {
            delegate().updateLong(columnLabel, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateFloat(String columnLabel, float x) throws SQLException {
        try {
            delegate().updateFloat(columnLabel, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateDouble(String columnLabel, double x) throws SQLException {
        try {
            delegate().updateDouble(columnLabel, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateBigDecimal(String columnLabel, BigDecimal x) throws SQLException {
        try {
            delegate().updateBigDecimal(columnLabel, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateString(String columnLabel, String x) throws SQLException {
        try {
            delegate().updateString(columnLabel, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateBytes(String columnLabel, byte[] x) throws SQLException {
        try {
            delegate().updateBytes(columnLabel, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateDate(String columnLabel, java.sql.Date x) throws SQLException {
        try {
            delegate().updateDate(columnLabel, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateTime(String columnLabel, java.sql.Time x) throws SQLException {
        try {
            delegate().updateTime(columnLabel, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateTimestamp(String columnLabel, java.sql.Timestamp x) throws SQLException {
        try {
            delegate().updateTimestamp(columnLabel, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateAsciiStream(String columnLabel, java.io.InputStream x, int length) throws SQLException {
        try {
            delegate().updateAsciiStream(columnLabel, x, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateBinaryStream(String columnLabel, java.io.InputStream x, int length) throws SQLException {
        try {
            delegate().updateBinaryStream(columnLabel, x, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateCharacterStream(String columnLabel, java.io.Reader reader, int length) throws SQLException {
        try {
            delegate().updateCharacterStream(columnLabel, reader, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateObject(String columnLabel, Object x, int scaleOrLength) throws SQLException {
        try {
            delegate().updateObject(columnLabel, ProxyValues.unwrap(x), scaleOrLength);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateObject(String columnLabel, Object x) throws SQLException {
        try {
            delegate().updateObject(columnLabel, ProxyValues.unwrap(x));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateRow() throws SQLException {
        try {
            executing().updateRow();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateRef(int columnIndex, java.sql.Ref x) throws SQLException {
        try {
            delegate().updateRef(columnIndex, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateRef(String columnLabel, java.sql.Ref x) throws SQLException {
        try {
            delegate().updateRef(columnLabel, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateBlob(int columnIndex, java.sql.Blob x) throws SQLException {
        try {
            delegate().updateBlob(columnIndex, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateBlob(String columnLabel, java.sql.Blob x) throws SQLException {
        try {
            delegate().updateBlob(columnLabel, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateClob(int columnIndex, java.sql.Clob x) throws SQLException {
        try {
            delegate().updateClob(columnIndex, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateClob(String columnLabel, java.sql.Clob x) throws SQLException {
        try {
            delegate().updateClob(columnLabel, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateArray(int columnIndex, java.sql.Array x) throws SQLException {
        try {
            delegate().updateArray(columnIndex, ProxyValues.unwrap(x));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateArray(String columnLabel, java.sql.Array x) throws SQLException {
        try {
            delegate().updateArray(columnLabel, ProxyValues.unwrap(x));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateRowId(int columnIndex, RowId x) throws SQLException {
        try {
            delegate().updateRowId(columnIndex, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateRowId(String columnLabel, RowId x) throws SQLException {
        try {
            delegate().updateRowId(columnLabel, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateNString(int columnIndex, String nString) throws SQLException {
        try {
            delegate().updateNString(columnIndex, nString);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateNString(String columnLabel, String nString) throws SQLException {
        try {
            delegate().updateNString(columnLabel, nString);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateNClob(int columnIndex, NClob nClob) throws SQLException {
        try {
            delegate().updateNClob(columnIndex, nClob);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateNClob(String columnLabel, NClob nClob) throws SQLException {
        try {
            delegate().updateNClob(columnLabel, nClob);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateSQLXML(int columnIndex, SQLXML xmlObject) throws SQLException {
        try {
            delegate().updateSQLXML(columnIndex, xmlObject);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateSQLXML(String columnLabel, SQLXML xmlObject) throws SQLException {
        try {
            delegate().updateSQLXML(columnLabel, xmlObject);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateNCharacterStream(int columnIndex, java.io.Reader x, long length) throws SQLException {
        try {
            delegate().updateNCharacterStream(columnIndex, x, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateNCharacterStream(String columnLabel, java.io.Reader reader, long length) throws SQLException {
        try {
            delegate().updateNCharacterStream(columnLabel, reader, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateAsciiStream(int columnIndex, java.io.InputStream x, long length) throws SQLException {
        try {
            delegate().updateAsciiStream(columnIndex, x, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateBinaryStream(int columnIndex, java.io.InputStream x, long length) throws SQLException {
        try {
            delegate().updateBinaryStream(columnIndex, x, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateCharacterStream(int columnIndex, java.io.Reader x, long length) throws SQLException {
        try {
            delegate().updateCharacterStream(columnIndex, x, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateAsciiStream(String columnLabel, java.io.InputStream x, long length) throws SQLException {
        try {
            delegate().updateAsciiStream(columnLabel, x, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateBinaryStream(String columnLabel, java.io.InputStream x, long length) throws SQLException {
        try {
            delegate().updateBinaryStream(columnLabel, x, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateCharacterStream(String columnLabel, java.io.Reader reader, long length) throws SQLException {
        try {
            delegate().updateCharacterStream(columnLabel, reader, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateBlob(int columnIndex, InputStream inputStream, long length) throws SQLException {
        try {
            delegate().updateBlob(columnIndex, inputStream, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateBlob(String columnLabel, InputStream inputStream, long length) throws SQLException {
        try {
            delegate().updateBlob(columnLabel, inputStream, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateClob(int columnIndex, Reader reader, long length) throws SQLException {
        try {
            delegate().updateClob(columnIndex, reader, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateClob(String columnLabel, Reader reader, long length) throws SQLException {
        try {
            delegate().updateClob(columnLabel, reader, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateNClob(int columnIndex, Reader reader, long length) throws SQLException {
        try {
            delegate().updateNClob(columnIndex, reader, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateNClob(String columnLabel, Reader reader, long length) throws SQLException {
        try {
            delegate().updateNClob(columnLabel, reader, length);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateNCharacterStream(int columnIndex, java.io.Reader x) throws SQLException {
        try {
            delegate().updateNCharacterStream(columnIndex, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateNCharacterStream(String columnLabel, java.io.Reader reader) throws SQLException {
        try {
            delegate().updateNCharacterStream(columnLabel, reader);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateAsciiStream(int columnIndex, java.io.InputStream x) throws SQLException {
        try {
            delegate().updateAsciiStream(columnIndex, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateBinaryStream(int columnIndex, java.io.InputStream x) throws SQLException {
        try {
            delegate().updateBinaryStream(columnIndex, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public void updateCharacterStream(int columnIndex, java.io.Reader x) throws SQLException {
        try {
            delegate().updateCharacterStream(columnIndex, x);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }
}

package io.berth.testkit.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * A prepared statement of {@link StubDriver}: parameters are ignored, {@link #execute()} returns
 * false and {@link #executeQuery()} an empty {@link StubResultSet}.
 */
public class StubPreparedStatement extends StubStatement implements PreparedStatement {
    public StubPreparedStatement(Connection connection) {
        super(connection);
    }

    @Override
    public boolean execute() {
        return false;
    }

    @Override
    public ResultSet executeQuery() {
        return new StubResultSet(this);
    }

    // ---- everything else: empty, or the type's default value ----

    @Override
    public void addBatch() throws SQLException {}

    @Override
    public void clearParameters() throws SQLException {}

    @Override
    public int executeUpdate() throws SQLException {
        return 0;
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        return null;
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        return null;
    }

    @Override
    public void setArray(int a0, Array a1) throws SQLException {}

    @Override
    public void setAsciiStream(int a0, InputStream a1, int a2) throws SQLException {}

    @Override
    public void setAsciiStream(int a0, InputStream a1, long a2) throws SQLException {}

    @Override
    public void setAsciiStream(int a0, InputStream a1) throws SQLException {}

    @Override
    public void setBigDecimal(int a0, BigDecimal a1) throws SQLException {}

    @Override
    public void setBinaryStream(int a0, InputStream a1, int a2) throws SQLException {}

    @Override
    public void setBinaryStream(int a0, InputStream a1, long a2) throws SQLException {}

    @Override
    public void setBinaryStream(int a0, InputStream a1) throws SQLException {}

    @Override
    public void setBlob(int a0, InputStream a1, long a2) throws SQLException {}

    @Override
    public void setBlob(int a0, InputStream a1) throws SQLException {}

    @Override
    public void setBlob(int a0, Blob a1) throws SQLException {}

    @Override
    public void setBoolean(int a0, boolean a1) throws SQLException {}

    @Override
    public void setByte(int a0, byte a1) throws SQLException {}

    @Override
    public void setBytes(int a0, byte[] a1) throws SQLException {}

    @Override
    public void setCharacterStream(int a0, Reader a1, int a2) throws SQLException {}

    @Override
    public void setCharacterStream(int a0, Reader a1, long a2) throws SQLException {}

    @Override
    public void setCharacterStream(int a0, Reader a1) throws SQLException {}

    @Override
    public void setClob(int a0, Reader a1, long a2) throws SQLException {}

    @Override
    public void setClob(int a0, Reader a1) throws SQLException {}

    @Override
    public void setClob(int a0, Clob a1) throws SQLException {}

    @Override
    public void setDate(int a0, Date a1, Calendar a2) throws SQLException {}

    @Override
    public void setDate(int a0, Date a1) throws SQLException {}

    @Override
    public void setDouble(int a0, double a1) throws SQLException {}

    @Override
    public void setFloat(int a0, float a1) throws SQLException {}

    @Override
    public void setInt(int a0, int a1) throws SQLException {}

    @Override
    public void setLong(int a0, long a1) throws SQLException {}

    @Override
    public void setNCharacterStream(int a0, Reader a1, long a2) throws SQLException {}

    @Override
    public void setNCharacterStream(int a0, Reader a1) throws SQLException {}

    @Override
    public void setNClob(int a0, Reader a1, long a2) throws SQLException {}

    @Override
    public void setNClob(int a0, Reader a1) throws SQLException {}

    @Override
    public void setNClob(int a0, NClob a1) throws SQLException {}

    @Override
    public void setNString(int a0, String a1) throws SQLException {}

    @Override
    public void setNull(int a0, int a1, String a2) throws SQLException {}

    @Override
    public void setNull(int a0, int a1) throws SQLException {}

    @Override
    public void setObject(int a0, Object a1, int a2, int a3) throws SQLException {}

    @Override
    public void setObject(int a0, Object a1, int a2) throws SQLException {}

    @Override
    public void setObject(int a0, Object a1) throws SQLException {}

    @Override
    public void setRef(int a0, Ref a1) throws SQLException {}

    @Override
    public void setRowId(int a0, RowId a1) throws SQLException {}

    @Override
    public void setSQLXML(int a0, SQLXML a1) throws SQLException {}

    @Override
    public void setShort(int a0, short a1) throws SQLException {}

    @Override
    public void setString(int a0, String a1) throws SQLException {}

    @Override
    public void setTime(int a0, Time a1, Calendar a2) throws SQLException {}

    @Override
    public void setTime(int a0, Time a1) throws SQLException {}

    @Override
    public void setTimestamp(int a0, Timestamp a1, Calendar a2) throws SQLException {}

    @Override
    public void setTimestamp(int a0, Timestamp a1) throws SQLException {}

    @Override
    public void setURL(int a0, URL a1) throws SQLException {}

    @Override
    public void setUnicodeStream(int a0, InputStream a1, int a2) throws SQLException {}
}

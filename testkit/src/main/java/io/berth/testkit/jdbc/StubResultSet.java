package io.berth.testkit.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * An empty result set of {@link StubDriver}: {@link #next()} is false, every getter returns its
 * type's default.
 */
public class StubResultSet extends StubResultSetUpdates {
    private final Statement statement;
    private boolean closed;

    public StubResultSet(Statement statement) {
        this.statement = statement;
    }

    @Override
    public boolean next() {
        return false;
    }

    @Override
    public Statement getStatement() {
        return statement;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("StubResultSet does not wrap a " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    // ---- everything else: empty, or the type's default value ----

    @Override
    public boolean absolute(int a0) throws SQLException {
        return false;
    }

    @Override
    public void afterLast() throws SQLException {}

    @Override
    public void beforeFirst() throws SQLException {}

    @Override
    public void cancelRowUpdates() throws SQLException {}

    @Override
    public void clearWarnings() throws SQLException {}

    @Override
    public void deleteRow() throws SQLException {}

    @Override
    public int findColumn(String a0) throws SQLException {
        return 0;
    }

    @Override
    public boolean first() throws SQLException {
        return false;
    }

    @Override
    public Array getArray(String a0) throws SQLException {
        return null;
    }

    @Override
    public Array getArray(int a0) throws SQLException {
        return null;
    }

    @Override
    public InputStream getAsciiStream(String a0) throws SQLException {
        return null;
    }

    @Override
    public InputStream getAsciiStream(int a0) throws SQLException {
        return null;
    }

    @Override
    public BigDecimal getBigDecimal(String a0, int a1) throws SQLException {
        return null;
    }

    @Override
    public BigDecimal getBigDecimal(String a0) throws SQLException {
        return null;
    }

    @Override
    public BigDecimal getBigDecimal(int a0, int a1) throws SQLException {
        return null;
    }

    @Override
    public BigDecimal getBigDecimal(int a0) throws SQLException {
        return null;
    }

    @Override
    public InputStream getBinaryStream(String a0) throws SQLException {
        return null;
    }

    @Override
    public InputStream getBinaryStream(int a0) throws SQLException {
        return null;
    }

    @Override
    public Blob getBlob(String a0) throws SQLException {
        return null;
    }

    @Override
    public Blob getBlob(int a0) throws SQLException {
        return null;
    }

    @Override
    public boolean getBoolean(String a0) throws SQLException {
        return false;
    }

    @Override
    public boolean getBoolean(int a0) throws SQLException {
        return false;
    }

    @Override
    public byte getByte(String a0) throws SQLException {
        return 0;
    }

    @Override
    public byte getByte(int a0) throws SQLException {
        return 0;
    }

    @Override
    public byte[] getBytes(String a0) throws SQLException {
        return null;
    }

    @Override
    public byte[] getBytes(int a0) throws SQLException {
        return null;
    }

    @Override
    public Reader getCharacterStream(String a0) throws SQLException {
        return null;
    }

    @Override
    public Reader getCharacterStream(int a0) throws SQLException {
        return null;
    }

    @Override
    public Clob getClob(String a0) throws SQLException {
        return null;
    }

    @Override
    public Clob getClob(int a0) throws SQLException {
        return null;
    }

    @Override
    public int getConcurrency() throws SQLException {
        return 0;
    }

    @Override
    public String getCursorName() throws SQLException {
        return null;
    }

    @Override
    public Date getDate(String a0, Calendar a1) throws SQLException {
        return null;
    }

    @Override
    public Date getDate(String a0) throws SQLException {
        return null;
    }

    @Override
    public Date getDate(int a0, Calendar a1) throws SQLException {
        return null;
    }

    @Override
    public Date getDate(int a0) throws SQLException {
        return null;
    }

    @Override
    public double getDouble(String a0) throws SQLException {
        return 0;
    }

    @Override
    public double getDouble(int a0) throws SQLException {
        return 0;
    }

    @Override
    public int getFetchDirection() throws SQLException {
        return 0;
    }

    @Override
    public int getFetchSize() throws SQLException {
        return 0;
    }

    @Override
    public float getFloat(String a0) throws SQLException {
        return 0;
    }

    @Override
    public float getFloat(int a0) throws SQLException {
        return 0;
    }

    @Override
    public int getHoldability() throws SQLException {
        return 0;
    }

    @Override
    public int getInt(String a0) throws SQLException {
        return 0;
    }

    @Override
    public int getInt(int a0) throws SQLException {
        return 0;
    }

    @Override
    public long getLong(String a0) throws SQLException {
        return 0;
    }

    @Override
    public long getLong(int a0) throws SQLException {
        return 0;
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        return null;
    }

    @Override
    public Reader getNCharacterStream(String a0) throws SQLException {
        return null;
    }

    @Override
    public Reader getNCharacterStream(int a0) throws SQLException {
        return null;
    }

    @Override
    public NClob getNClob(String a0) throws SQLException {
        return null;
    }

    @Override
    public NClob getNClob(int a0) throws SQLException {
        return null;
    }

    @Override
    public String getNString(String a0) throws SQLException {
        return null;
    }

    @Override
    public String getNString(int a0) throws SQLException {
        return null;
    }

    @Override
    public <T> T getObject(String a0, Class<T> a1) throws SQLException {
        return null;
    }

    @Override
    public Object getObject(String a0, Map<String, Class<?>> a1) throws SQLException {
        return null;
    }

    @Override
    public Object getObject(String a0) throws SQLException {
        return null;
    }

    @Override
    public <T> T getObject(int a0, Class<T> a1) throws SQLException {
        return null;
    }

    @Override
    public Object getObject(int a0, Map<String, Class<?>> a1) throws SQLException {
        return null;
    }

    @Override
    public Object getObject(int a0) throws SQLException {
        return null;
    }

    @Override
    public Ref getRef(String a0) throws SQLException {
        return null;
    }

    @Override
    public Ref getRef(int a0) throws SQLException {
        return null;
    }

    @Override
    public RowId getRowId(String a0) throws SQLException {
        return null;
    }

    @Override
    public RowId getRowId(int a0) throws SQLException {
        return null;
    }

    @Override
    public int getRow() throws SQLException {
        return 0;
    }

    @Override
    public SQLXML getSQLXML(String a0) throws SQLException {
        return null;
    }

    @Override
    public SQLXML getSQLXML(int a0) throws SQLException {
        return null;
    }

    @Override
    public short getShort(String a0) throws SQLException {
        return 0;
    }

    @Override
    public short getShort(int a0) throws SQLException {
        return 0;
    }

    @Override
    public String getString(String a0) throws SQLException {
        return null;
    }

    @Override
    public String getString(int a0) throws SQLException {
        return null;
    }

    @Override
    public Time getTime(String a0, Calendar a1) throws SQLException {
        return null;
    }

    @Override
    public Time getTime(String a0) throws SQLException {
        return null;
    }

    @Override
    public Time getTime(int a0, Calendar a1) throws SQLException {
        return null;
    }

    @Override
    public Time getTime(int a0) throws SQLException {
        return null;
    }

    @Override
    public Timestamp getTimestamp(String a0, Calendar a1) throws SQLException {
        return null;
    }

    @Override
    public Timestamp getTimestamp(String a0) throws SQLException {
        return null;
    }

    @Override
    public Timestamp getTimestamp(int a0, Calendar a1) throws SQLException {
        return null;
    }

    @Override
    public Timestamp getTimestamp(int a0) throws SQLException {
        return null;
    }

    @Override
    public int getType() throws SQLException {
        return 0;
    }

    @Override
    public URL getURL(String a0) throws SQLException {
        return null;
    }

    @Override
    public URL getURL(int a0) throws SQLException {
        return null;
    }

    @Override
    public InputStream getUnicodeStream(String a0) throws SQLException {
        return null;
    }

    @Override
    public InputStream getUnicodeStream(int a0) throws SQLException {
        return null;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return null;
    }

    @Override
    public void insertRow() throws SQLException {}

    @Override
    public boolean isAfterLast() throws SQLException {
        return false;
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        return false;
    }

    @Override
    public boolean isFirst() throws SQLException {
        return false;
    }

    @Override
    public boolean isLast() throws SQLException {
        return false;
    }

    @Override
    public boolean last() throws SQLException {
        return false;
    }

    @Override
    public void moveToCurrentRow() throws SQLException {}

    @Override
    public void moveToInsertRow() throws SQLException {}

    @Override
    public boolean previous() throws SQLException {
        return false;
    }

    @Override
    public void refreshRow() throws SQLException {}

    @Override
    public boolean relative(int a0) throws SQLException {
        return false;
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        return false;
    }

    @Override
    public boolean rowInserted() throws SQLException {
        return false;
    }

    @Override
    public boolean rowUpdated() throws SQLException {
        return false;
    }

    @Override
    public void setFetchDirection(int a0) throws SQLException {}

    @Override
    public void setFetchSize(int a0) throws SQLException {}

    @Override
    public boolean wasNull() throws SQLException {
        return false;
    }
}

package io.berth.jdbc.internal;

import java.sql.Array;
import java.sql.ResultSet;

/**
 * Values that cross the proxy boundary inside {@code getObject} and {@code setObject}: a driver's
 * {@link ResultSet} (a PostgreSQL refcursor, say) or {@link Array} going out is wrapped, so the
 * borrower never holds an object whose {@code getStatement()} or {@code getResultSet()} leads to the
 * physical connection; a {@link ProxyArray} coming back is unwrapped, so the driver sees its own.
 */
final class ProxyValues {
    private ProxyValues() {}

    /** {@code value} as the borrower should see it; {@code statement} is null outside statements. */
    static Object wrap(ProxyConnection connection, ProxyStatement<?> statement, Object value) {
        if (value instanceof ResultSet rs && !(value instanceof ProxyResultSet)) {
            return ProxyResultSet.nested(connection, statement, rs);
        }
        if (value instanceof Array a && !(value instanceof ProxyArray)) {
            return new ProxyArray(connection, statement, a);
        }
        return value;
    }

    /**
     * As {@link #wrap}, for {@code getObject(column, type)}: the wrapper only when it is still a
     * {@code type} (a caller asking for the driver's own class gets the driver's object, as unwrap
     * would give it).
     */
    static <T> T wrap(ProxyConnection connection, ProxyStatement<?> statement, T value, Class<T> type) {
        boolean wrappable = (value instanceof ResultSet && type.isAssignableFrom(ProxyResultSet.class))
                || (value instanceof Array && type.isAssignableFrom(ProxyArray.class));
        return wrappable ? type.cast(wrap(connection, statement, value)) : value;
    }

    /** The driver's array for a {@link ProxyArray}, anything else as it is. */
    static Object unwrap(Object value) {
        return value instanceof ProxyArray a ? a.driverArray() : value;
    }

    static Array unwrap(Array value) {
        return value instanceof ProxyArray a ? a.driverArray() : value;
    }
}

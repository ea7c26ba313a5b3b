package io.berth.jdbc.internal;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * Decides whether an {@link SQLException} from a driver means the physical connection is lost, so
 * the pool must evict it instead of lending it again. Looks at the exception, the chain of {@link
 * SQLException#getNextException()} and the chain of causes.
 *
 * <p>Fatal are: SQLSTATE class {@code 08} (connection exception); PostgreSQL's {@code 57P01} admin
 * shutdown (also what {@code pg_terminate_backend} sends), {@code 57P02} crash shutdown and {@code
 * 57P03} cannot connect now; {@code 01002} disconnect error; jConnect's {@code JZ0C0}/{@code JZ0C1};
 * MariaDB's "connection was killed" (error 1927, SQLSTATE {@code 70100}); and any {@link
 * SQLNonTransientConnectionException}, {@link SQLTransientConnectionException} or {@link
 * SQLRecoverableException}, which drivers (MariaDB Connector/J among them) throw when the socket is
 * gone. A query timeout, a constraint violation or a syntax error is not fatal.
 */
public final class FatalErrors {
    /** Bounds the walk, so that a cyclic or absurdly long chain cannot hang the caller. */
    private static final int MAX_DEPTH = 16;

    private static final int MARIADB_CONNECTION_KILLED = 1927;

    private FatalErrors() {}

    /** True when {@code e}, or an exception chained to it, says the connection is unusable. */
    public static boolean isFatal(SQLException e) {
        int depth = 0;
        for (SQLException next = e; next != null && depth < MAX_DEPTH; next = next.getNextException(), depth++) {
            if (isFatalItself(next)) {
                return true;
            }
            Throwable cause = next.getCause();
            for (int d = depth; cause != null && d < MAX_DEPTH; cause = cause.getCause(), d++) {
                if (cause instanceof SQLException sql && cause != next && isFatalItself(sql)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isFatalItself(SQLException e) {
        if (e instanceof SQLNonTransientConnectionException
                || e instanceof SQLTransientConnectionException
                || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        if (state == null) {
            return false;
        }
        if (state.startsWith("08")) {
            return true;
        }
        return switch (state) {
            case "57P01", "57P02", "57P03", "01002", "JZ0C0", "JZ0C1" -> true;
            case "70100" -> e.getErrorCode() == MARIADB_CONNECTION_KILLED;
            default -> false;
        };
    }
}

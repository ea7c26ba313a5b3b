package io.berth.proxy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Small JDBC helpers for the proxy's integration tests. */
final class Sql {
    private Sql() {}

    /** The first column of the first row of {@code sql}, as text. */
    static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Whether PostgreSQL still has a backend with this pid (asked directly, not through a proxy). */
    static boolean backendAlive(String pid) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
            return one(c, "select count(*) from pg_stat_activity where pid = " + pid)
                    .equals("1");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

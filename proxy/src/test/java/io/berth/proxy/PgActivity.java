package io.berth.proxy;

import io.berth.proxy.internal.Backend;
import io.berth.proxy.internal.ServerConnection;
import io.berth.testkit.Await;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * A direct connection to PostgreSQL (not through the proxy) that watches and kills the sessions of
 * one database in pg_stat_activity, and compares them with the proxy's own server connections by
 * the client port PostgreSQL sees, which is the server connection's local port.
 */
final class PgActivity implements AutoCloseable {
    private final Connection c;
    private final String db;

    PgActivity(String db) throws SQLException {
        this.db = db;
        this.c = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/postgres?sslmode=disable&ApplicationName=berth-chaos-observer",
                "postgres",
                "");
    }

    /** Each session of the database: port, pid, state, wait, start, last query; for failure messages. */
    String describe() {
        try (PreparedStatement ps = c.prepareStatement("select client_port, pid, state, wait_event_type, wait_event,"
                + " backend_start, state_change, left(query, 60) from pg_stat_activity"
                + " where datname = ? and backend_type = 'client backend' order by client_port")) {
            ps.setString(1, db);
            StringBuilder out = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.append("\n  ");
                    for (int i = 1; i <= 8; i++) {
                        out.append(rs.getString(i)).append(i < 8 ? " | " : "");
                    }
                }
            }
            return out.toString();
        } catch (SQLException e) {
            return e.toString();
        }
    }

    /** The client ports of the database's sessions. */
    Set<Integer> ports() {
        try (PreparedStatement ps = c.prepareStatement(
                "select client_port from pg_stat_activity where datname = ? and backend_type = 'client backend'")) {
            ps.setString(1, db);
            Set<Integer> ports = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ports.add(rs.getInt(1));
                }
            }
            return ports;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    int sessions() {
        return ports().size();
    }

    /** pg_terminate_backend for every session of the database; returns how many. */
    int terminateAll() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select count(pg_terminate_backend(pid)) from pg_stat_activity"
                + " where datname = ? and backend_type = 'client backend' and pid <> pg_backend_pid()")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    boolean terminate(int pid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_terminate_backend(?)")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    int portOf(int pid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select client_port from pg_stat_activity where pid = ?")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no session with pid " + pid);
                }
                return rs.getInt(1);
            }
        }
    }

    /** Whether session {@code pid} is running a statement that starts with {@code prefix}. */
    boolean running(int pid, String prefix) {
        try (PreparedStatement ps = c.prepareStatement(
                "select 1 from pg_stat_activity where pid = ? and state = 'active' and query like ?")) {
            ps.setInt(1, pid);
            ps.setString(2, prefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The local ports of the proxy's open server connections, over every pool. */
    static Set<Integer> proxyPorts(TestProxy proxy) {
        Set<Integer> ports = new HashSet<>();
        for (Backend b : proxy.px.backends().all()) {
            for (ServerConnection s : b.servers()) {
                if (s.channel().localAddress() instanceof InetSocketAddress a) {
                    ports.add(a.getPort());
                }
            }
        }
        return ports;
    }

    /**
     * Waits until PostgreSQL's sessions of the database are exactly the proxy's open server
     * connections, as many as the engine counts: none leaked on either side.
     */
    void awaitSameAsProxy(TestProxy proxy) {
        try {
            Await.until(Duration.ofSeconds(10), () -> {
                Set<Integer> mine = proxyPorts(proxy);
                return mine.equals(ports()) && proxy.px.backends().totalServerConnections() == mine.size();
            });
        } catch (AssertionError e) {
            throw new AssertionError("PostgreSQL's sessions of " + db + " (client ports " + ports()
                    + ") are not the proxy's server connections (local ports " + proxyPorts(proxy)
                    + ", engine count " + proxy.px.backends().totalServerConnections() + "); sessions: "
                    + describe());
        }
    }

    /**
     * Through a relay PostgreSQL sees the relay's ports, so this compares counts: the database's
     * sessions, the relay's open connections and the proxy's server connections are the same number.
     */
    void awaitSameCountAsProxy(TestProxy proxy, IntSupplier relayOpen) {
        try {
            Await.until(Duration.ofSeconds(10), () -> {
                int mine = proxyPorts(proxy).size();
                return mine == sessions()
                        && mine == relayOpen.getAsInt()
                        && proxy.px.backends().totalServerConnections() == mine;
            });
        } catch (AssertionError e) {
            throw new AssertionError("PostgreSQL has " + sessions() + " sessions of " + db + ", the relay "
                    + relayOpen.getAsInt() + " connections, the proxy "
                    + proxyPorts(proxy).size()
                    + " server connections (engine count " + proxy.px.backends().totalServerConnections() + ")");
        }
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}

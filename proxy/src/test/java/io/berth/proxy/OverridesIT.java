package io.berth.proxy;

import static io.berth.proxy.Sql.backendAlive;
import static io.berth.proxy.Sql.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.proxy.config.ProxyConfig;
import io.berth.testkit.Await;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-database and per-user timeouts and client limits from a pgbouncer.ini, against the real
 * server: a user's value wins over its database's, which wins over [pgbouncer]'s; RELOAD applies a
 * new value to clients already connected.
 */
class OverridesIT {
    @TempDir
    Path dir;

    private static final String GLOBAL = """
            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = 0
            auth_type = any
            pool_mode = transaction
            default_pool_size = 4
            query_wait_timeout = 20
            ; the pool's clock for lifetimes advances every server_check_delay / 2
            server_check_delay = 0.1
            """;

    private ProxyConfig config(String slowTimeout) throws Exception {
        return ProxyConfig.parse(GLOBAL + """
                [databases]
                slow = host=127.0.0.1 dbname=test user=postgres query_timeout=%s
                plain = host=127.0.0.1 dbname=test user=postgres
                tiny = host=127.0.0.1 dbname=test user=postgres pool_size=1 query_wait_timeout=300ms
                small = host=127.0.0.1 dbname=test user=postgres max_db_client_connections=2
                brief = host=127.0.0.1 dbname=test user=postgres server_lifetime=300ms
                [users]
                batch = query_timeout=0
                web = idle_transaction_timeout=300ms
                tool = max_user_client_connections=1
                """.formatted(slowTimeout), dir);
    }

    private static Connection connect(BerthProxy proxy, String db, String user) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + proxy.address().getPort() + "/" + db + "?sslmode=disable", p);
    }

    private static String sqlState(Throwable e) {
        return ((SQLException) e).getSQLState();
    }

    @Test
    void aDatabasesQueryTimeoutAppliesToItsClientsOnlyAndAUsersZeroWinsOverIt() throws Exception {
        try (BerthProxy proxy = BerthProxy.start(config("500ms"));
                Connection slow = connect(proxy, "slow", "app");
                Connection plain = connect(proxy, "plain", "app");
                Connection batch = connect(proxy, "slow", "batch")) {
            assertThatThrownBy(() -> one(slow, "select pg_sleep(1.5)"))
                    .satisfies(e -> assertThat(sqlState(e)).isEqualTo("57014"));
            assertThat(one(plain, "select pg_sleep(1.5)")).isEmpty();
            assertThat(one(batch, "select pg_sleep(1.5)")).isEmpty();
            assertThat(one(slow, "select 'still served'")).isEqualTo("still served");

            // RELOAD without the database's query_timeout: the connected client runs long again.
            proxy.reload(config("0"));
            assertThat(one(slow, "select pg_sleep(1.5)")).isEmpty();
        }
    }

    @Test
    void aUsersIdleTransactionTimeoutClosesOnlyThatUsersClients() throws Exception {
        try (BerthProxy proxy = BerthProxy.start(config("0"));
                Connection web = connect(proxy, "plain", "web");
                Connection other = connect(proxy, "plain", "app")) {
            web.setAutoCommit(false);
            other.setAutoCommit(false);
            String webPid = one(web, "select pg_backend_pid()");
            one(other, "select 1");
            // web's server connection is closed with it once it has idled 300 ms in its transaction.
            Await.until(Duration.ofSeconds(10), () -> !backendAlive(webPid));
            assertThatThrownBy(() -> one(web, "select 2"))
                    .satisfies(e -> assertThat(sqlState(e)).isEqualTo("25P03"))
                    .hasMessageContaining("idle_transaction_timeout");
            assertThat(one(other, "select 2")).isEqualTo("2");
            other.commit();
        }
    }

    @Test
    void aDatabasesQueryWaitTimeoutEndsTheWaitForItsOneConnection() throws Exception {
        try (BerthProxy proxy = BerthProxy.start(config("0"));
                Connection holder = connect(proxy, "tiny", "app");
                Connection waiter = connect(proxy, "tiny", "app")) {
            holder.setAutoCommit(false);
            one(holder, "select 1"); // holds the pool's only server connection
            long start = System.nanoTime();
            assertThatThrownBy(() -> one(waiter, "select 1"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("query_wait_timeout");
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(tookMs).isBetween(250L, 5_000L);
            holder.commit();
        }
    }

    @Test
    void clientLimitsPerDatabaseAndPerUserRefuseTheOneTooManyWithTheSetting() throws Exception {
        try (BerthProxy proxy = BerthProxy.start(config("0"));
                Connection a = connect(proxy, "small", "app");
                Connection b = connect(proxy, "small", "other")) {
            assertThatThrownBy(() -> connect(proxy, "small", "third"))
                    .satisfies(e -> assertThat(sqlState(e)).isEqualTo("53300"))
                    .hasMessageContaining("max_db_client_connections = 2");
            // Other databases are not affected, and a freed place is taken again.
            try (Connection elsewhere = connect(proxy, "plain", "third")) {
                assertThat(one(elsewhere, "select 1")).isEqualTo("1");
            }
            a.close();
            // The place frees when the proxy has seen the client go (its socket's end, read on the
            // proxy's event loop a moment after close() returns here), not before.
            Connection[] again = new Connection[1];
            Await.until(Duration.ofSeconds(5), () -> {
                try {
                    again[0] = connect(proxy, "small", "third");
                    return true;
                } catch (SQLException e) {
                    assertThat(e.getSQLState()).isEqualTo("53300");
                    return false;
                }
            });
            try (Connection c = again[0]) {
                assertThat(one(c, "select 1")).isEqualTo("1");
            }
            assertThat(one(b, "select 1")).isEqualTo("1");

            try (Connection tool = connect(proxy, "plain", "tool")) {
                assertThatThrownBy(() -> connect(proxy, "slow", "tool"))
                        .satisfies(e -> assertThat(sqlState(e)).isEqualTo("53300"))
                        .hasMessageContaining("max_user_client_connections = 1");
                assertThat(one(tool, "select 1")).isEqualTo("1");
            }
        }
    }

    @Test
    void aDatabasesServerLifetimeRetiresItsServerConnectionsOnly() throws Exception {
        try (BerthProxy proxy = BerthProxy.start(config("0"));
                Connection brief = connect(proxy, "brief", "app");
                Connection plain = connect(proxy, "plain", "app")) {
            Set<String> briefPids = new HashSet<>();
            Set<String> plainPids = new HashSet<>();
            Await.until(Duration.ofSeconds(5), () -> {
                try {
                    briefPids.add(one(brief, "select pg_backend_pid()"));
                    plainPids.add(one(plain, "select pg_backend_pid()"));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                return briefPids.size() > 1;
            });
            assertThat(briefPids).hasSizeGreaterThan(1);
            assertThat(plainPids).hasSize(1);
        }
    }
}

package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.Await;
import io.berth.testkit.net.FaultRelay;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server connection that dies while idle in the pool (pg_terminate_backend, idle_session_timeout,
 * a restart, a network reset) is not handed to the next client: ClientSession evicts it when it
 * draws it and takes another, so the client's statement runs instead of waiting for its own socket
 * timeout. (Found by this test as a bug; fixed.)
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChaosDeadIdleServerIT {
    private static final int POOL = 2;
    /** The clients' own timeout: the proxy should answer long before it. */
    private static final int SOCKET_TIMEOUT_SECONDS = 5;

    @BeforeAll
    static void prepare() throws Exception {
        ChaosDb.prepare();
    }

    @Test
    void aServerConnectionKilledWhileIdleIsNotHandedToTheNextClient() throws Exception {
        try (TestProxy proxy = ChaosDb.proxy(
                        ChaosDb.settings(100, Duration.ofSeconds(3), Duration.ofMillis(200), Duration.ofSeconds(5)),
                        "127.0.0.1",
                        5432,
                        POOL);
                PgActivity pg = new PgActivity(ChaosDb.NAME)) {
            List<Connection> clients = fillThePool(proxy);
            try {
                assertThat(pg.terminateAll()).isEqualTo(POOL);
                Await.until(() -> PgActivity.proxyPorts(proxy).isEmpty());
                assertEveryNextTransactionSucceeds(clients);
                pg.awaitSameAsProxy(proxy);
            } finally {
                closeAll(clients);
            }
        }
    }

    @Test
    void aServerConnectionResetWhileIdleIsNotHandedToTheNextClient() throws Exception {
        try (FaultRelay relay = FaultRelay.start("127.0.0.1", 5432);
                TestProxy proxy = ChaosDb.proxy(
                        ChaosDb.settings(100, Duration.ofSeconds(3), Duration.ofMillis(200), Duration.ofSeconds(5)),
                        relay.host(),
                        relay.port(),
                        POOL);
                PgActivity pg = new PgActivity(ChaosDb.NAME)) {
            List<Connection> clients = fillThePool(proxy);
            try {
                assertThat(relay.reset()).isEqualTo(POOL);
                Await.until(() -> PgActivity.proxyPorts(proxy).isEmpty());
                assertEveryNextTransactionSucceeds(clients);
                pg.awaitSameCountAsProxy(proxy, () -> relay.counts().open());
            } finally {
                closeAll(clients);
            }
        }
    }

    /** POOL clients each run a transaction at the same time, so POOL server connections end up idle. */
    private static List<Connection> fillThePool(TestProxy proxy) throws SQLException {
        List<Connection> clients = new ArrayList<>();
        for (int i = 0; i < POOL; i++) {
            Properties p = new Properties();
            p.setProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT_SECONDS));
            Connection c = proxy.connect(ChaosDb.NAME, p);
            c.setAutoCommit(false);
            clients.add(c);
            select(c);
        }
        for (Connection c : clients) {
            c.commit();
        }
        Await.until(() -> proxy.px.backends().totalServerConnections() == POOL);
        return clients;
    }

    private static void assertEveryNextTransactionSucceeds(List<Connection> clients) {
        List<String> errors = new ArrayList<>();
        for (Connection c : clients) {
            long start = System.nanoTime();
            try {
                select(c);
                c.commit();
            } catch (SQLException e) {
                errors.add(e.getSQLState() + " after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
                        + " ms: " + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
            }
        }
        assertThat(errors)
                .as("clients starting a transaction after their idle server connections died")
                .isEmpty();
    }

    private static void select(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from pgbench_branches")) {
            rs.next();
        }
    }

    private static void closeAll(List<Connection> clients) throws SQLException {
        for (Connection c : clients) {
            c.close();
        }
    }
}

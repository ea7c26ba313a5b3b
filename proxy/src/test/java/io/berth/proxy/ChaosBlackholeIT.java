package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.Await;
import io.berth.testkit.net.FaultRelay;
import io.berth.testkit.net.FaultRelay.Direction;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The network between the proxy and PostgreSQL swallows everything (connections stay up, no byte
 * arrives): new statements fail within query_wait_timeout because the proxy checks idle server
 * connections (server_check_delay 0) and gives up on logins after server_connect_timeout; a
 * statement already on the wire waits for the client's own timeout, since the proxy has no
 * query_timeout; once the network is back new clients work again and nothing leaks.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChaosBlackholeIT {
    private static final int POOL = 2;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration QUERY_WAIT = Duration.ofSeconds(4);
    private static final Duration LOGIN_RETRY = Duration.ofMillis(500);
    private static final long MARGIN_MILLIS = 2_500;

    @BeforeAll
    static void prepare() throws Exception {
        ChaosDb.prepare();
    }

    /** What one statement ended with: how long it took and the error, if any. */
    private record Outcome(long millis, SQLException error) {
        boolean clientTimedOut() {
            return error != null && error.getCause() instanceof SocketTimeoutException;
        }
    }

    private static Connection client(TestProxy proxy, int socketTimeoutSeconds) throws SQLException {
        Properties p = new Properties();
        p.setProperty("socketTimeout", String.valueOf(socketTimeoutSeconds));
        p.setProperty("loginTimeout", "20");
        return proxy.connect(ChaosDb.NAME, p);
    }

    private static Outcome run(Connection c, String sql) {
        long start = System.nanoTime();
        try (Statement st = c.createStatement()) {
            st.execute(sql);
            return new Outcome(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), null);
        } catch (SQLException e) {
            return new Outcome(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), e);
        }
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void clientsFailWithinTheirTimeoutsAndNewClientsWorkOnceTheNetworkIsBack() throws Exception {
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try (FaultRelay relay = FaultRelay.start("127.0.0.1", 5432);
                TestProxy proxy = ChaosDb.proxy(
                        ChaosDb.settings(100, CONNECT_TIMEOUT, LOGIN_RETRY, QUERY_WAIT, Duration.ZERO),
                        relay.host(),
                        relay.port(),
                        POOL);
                PgActivity pg = new PgActivity(ChaosDb.NAME);
                Connection before = client(proxy, 20);
                Connection onTheWire = client(proxy, 3)) {
            assertThat((Throwable) run(before, "select 1").error()).isNull();
            onTheWire.setAutoCommit(false);
            int pid = backendPid(onTheWire);
            CompletableFuture<Outcome> inFlight =
                    CompletableFuture.supplyAsync(() -> run(onTheWire, "select pg_sleep(0.5)"), threads);
            Await.until(() -> pg.running(pid, "select pg_sleep"));

            relay.blackhole(Direction.BOTH);
            long blackholeAt = System.nanoTime();
            CompletableFuture<Outcome> existing = CompletableFuture.supplyAsync(() -> run(before, "select 1"), threads);
            CompletableFuture<Outcome> newcomer = CompletableFuture.supplyAsync(
                    () -> {
                        try (Connection c = client(proxy, 20)) {
                            return run(c, "select 1");
                        } catch (SQLException e) {
                            return new Outcome(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - blackholeAt), e);
                        }
                    },
                    threads);

            long limit = QUERY_WAIT.toMillis() + MARGIN_MILLIS;
            Outcome wire = inFlight.get(20, TimeUnit.SECONDS);
            Outcome old = existing.get(20, TimeUnit.SECONDS);
            Outcome fresh = newcomer.get(20, TimeUnit.SECONDS);
            // The statement on the wire: only the client's own socket timeout (3 s) ends it.
            assertThat(wire.clientTimedOut())
                    .as("statement in flight ends by the client's timeout")
                    .isTrue();
            // New statements: the proxy's own error, well before the clients' 20 s.
            for (Outcome o : new Outcome[] {old, fresh}) {
                assertThat((Throwable) o.error()).isNotNull();
                assertThat(o.clientTimedOut()).as(o.error().getMessage()).isFalse();
                assertThat(o.error().getSQLState()).isIn("08006", "08P01");
                assertThat(o.millis()).isLessThan(limit);
            }

            relay.normal();
            long normalAt = System.nanoTime();
            // Recovered: a new client is served, no login is in progress (one that started in the
            // blackhole lost its startup message and fails when server_connect_timeout ends it, which
            // opens the breaker for server_login_retry), and the breaker is closed.
            Await.until(Duration.ofSeconds(15), () -> {
                try (Connection c = client(proxy, 10)) {
                    return run(c, "select 1").error() == null
                            && proxy.px.backends().all().stream()
                                    .allMatch(b -> b.poolStats().creating() == 0 && !b.serverUnavailable());
                } catch (SQLException e) {
                    return false;
                }
            });
            long recoveryMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - normalAt);
            assertThat(recoveryMillis)
                    .isLessThan(CONNECT_TIMEOUT.plus(LOGIN_RETRY).toMillis() + MARGIN_MILLIS);
            try (Connection again = client(proxy, 10)) {
                assertThat((Throwable) run(again, "select 1").error()).isNull();
            }
            pg.awaitSameCountAsProxy(proxy, () -> relay.counts().open());
            System.out.printf(
                    "blackhole: statement in flight ended by the client's 3 s timeout after %d ms; new statement on "
                            + "an old client failed after %d ms (%s), on a new client after %d ms (%s); recovery "
                            + "%d ms after the network came back; %d bytes discarded%n",
                    wire.millis(),
                    old.millis(),
                    old.error().getMessage(),
                    fresh.millis(),
                    fresh.error().getMessage(),
                    recoveryMillis,
                    relay.counts().discarded());
        } finally {
            threads.shutdownNow();
        }
    }
}

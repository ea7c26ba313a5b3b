package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.Await;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Server connections killed with pg_terminate_backend: the client in the transaction gets an error
 * at once, the proxy drops that server connection, other clients go on, the pool refills, and
 * PostgreSQL's sessions stay exactly the proxy's server connections.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChaosKillBackendIT {
    private static final int POOL = 4;
    /** A client whose server dies must hear of it well before this. */
    private static final long ERROR_WITHIN_MILLIS = 3_000;

    @BeforeAll
    static void prepare() throws Exception {
        ChaosDb.prepare();
    }

    private static TestProxy proxy() throws Exception {
        return ChaosDb.proxy(
                ChaosDb.settings(100, Duration.ofSeconds(3), Duration.ofMillis(200), Duration.ofSeconds(5)),
                "127.0.0.1",
                5432,
                POOL);
    }

    private static Connection client(TestProxy proxy) throws SQLException {
        Properties p = new Properties();
        p.setProperty("socketTimeout", "20"); // only a guard: the assertions want an error long before
        Connection c = proxy.connect(ChaosDb.NAME, p);
        c.setAutoCommit(false);
        return c;
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void clientsWhoseServerIsKilledMidTransactionGetAnErrorAndEveryoneElseGoesOn() throws Exception {
        try (TestProxy proxy = proxy();
                PgActivity pg = new PgActivity(ChaosDb.NAME);
                Connection idleInTx = client(proxy);
                Connection midQuery = client(proxy)) {
            Workload others = Workload.start(proxy, 2, Duration.ofSeconds(20));
            Await.until(() -> others.committed() >= 50);

            // One client idle inside a transaction, one waiting for a long statement.
            int idlePid = backendPid(idleInTx);
            int busyPid = backendPid(midQuery);
            int idlePort = pg.portOf(idlePid);
            int busyPort = pg.portOf(busyPid);
            CompletableFuture<Long> sleeping = CompletableFuture.supplyAsync(() -> {
                try (Statement st = midQuery.createStatement()) {
                    st.execute("select pg_sleep(20)");
                    return -1L;
                } catch (SQLException e) {
                    return System.nanoTime();
                }
            });
            Await.until(() -> pg.running(busyPid, "select pg_sleep"));

            long killedAt = System.nanoTime();
            assertThat(pg.terminate(busyPid)).isTrue();
            long busyFailedAt = sleeping.get(ERROR_WITHIN_MILLIS, TimeUnit.MILLISECONDS);
            assertThat(busyFailedAt).as("the statement failed").isPositive();
            long busyMillis = TimeUnit.NANOSECONDS.toMillis(busyFailedAt - killedAt);

            assertThat(pg.terminate(idlePid)).isTrue();
            long start = System.nanoTime();
            String state = null;
            try (Statement st = idleInTx.createStatement()) {
                st.execute("select 1");
            } catch (SQLException e) {
                state = e.getSQLState();
            }
            long idleMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(state).as("the next statement in the transaction fails").isIn("57P01", "08006", "08003");
            assertThat(idleMillis).isLessThan(ERROR_WITHIN_MILLIS);

            // The proxy let go of both dead server connections.
            Await.until(() -> !PgActivity.proxyPorts(proxy).contains(idlePort)
                    && !PgActivity.proxyPorts(proxy).contains(busyPort));
            long committedBefore = others.committed();
            Await.until(() -> others.committed() >= committedBefore + 50);
            others.stop();
            assertThat(others.failures())
                    .as("clients whose servers were not killed")
                    .isEmpty();
            others.checkLedger();

            // The pool refills: POOL clients at once each get a live server connection.
            Set<Integer> pids = holdEveryServerConnection(proxy);
            assertThat(pids).hasSize(POOL).doesNotContain(idlePid, busyPid);
            pg.awaitSameAsProxy(proxy);
            System.out.printf(
                    "kill mid-statement: error after %d ms; kill idle in transaction: error after %d ms%n",
                    busyMillis, idleMillis);
        }
        try (PgActivity pg = new PgActivity(ChaosDb.NAME)) {
            Await.until(() -> pg.sessions() == 0);
        }
    }

    /** POOL clients each inside a transaction at the same time; returns their backends' pids. */
    private static Set<Integer> holdEveryServerConnection(TestProxy proxy) throws SQLException {
        List<Connection> held = new ArrayList<>();
        Set<Integer> pids = new HashSet<>();
        try {
            for (int i = 0; i < POOL; i++) {
                Connection c = client(proxy);
                held.add(c);
                pids.add(backendPid(c));
            }
            return pids;
        } finally {
            for (Connection c : held) {
                c.rollback();
                c.close();
            }
        }
    }

    @Test
    void killingEveryServerConnectionUnderLoadFailsOnlyTheTransactionsOnThem() throws Exception {
        try (TestProxy proxy = proxy();
                PgActivity pg = new PgActivity(ChaosDb.NAME)) {
            Workload load = Workload.start(proxy, 8, Duration.ofSeconds(20));
            Await.until(() -> load.committed() >= 100);
            List<Long> recoveries = new ArrayList<>();
            int killed = 0;
            for (int round = 0; round < 3; round++) {
                long before = load.committed();
                long at = System.nanoTime();
                killed += pg.terminateAll();
                Await.until(() -> load.committed() >= before + 20);
                recoveries.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - at));
            }
            load.stop();
            List<Workload.Failure> failures = load.failures();
            assertThat(killed).isGreaterThanOrEqualTo(3);
            // Every failure is an error the client got quickly, never its own timeout.
            assertThat(failures).noneMatch(Workload.Failure::hang);
            assertThat(failures).allMatch(f -> f.tookMillis() < ERROR_WITHIN_MILLIS, "failed within 3 s");
            assertThat(failures)
                    .allSatisfy(f -> assertThat(f.sqlState()).as(f.message()).isIn("57P01", "08006", "08003"));
            long rows = load.checkLedger();
            pg.awaitSameAsProxy(proxy);
            System.out.printf(
                    "kill all under load: %d backends killed in 3 rounds, %d committed, %d failed (%s), ledger %d rows, "
                            + "recovery %s ms, slowest transaction %d ms; failures %s%n",
                    killed,
                    load.committed(),
                    failures.size(),
                    failures.stream().map(Workload.Failure::sqlState).distinct().toList(),
                    rows,
                    recoveries,
                    load.slowestMillis(),
                    load.failureKinds());
        }
    }
}

package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.Await;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PostgreSQL restarted under load (pgbench and pgjdbc clients through the proxy): clients get
 * errors, never hangs; once PostgreSQL is back the proxy serves new clients by itself; no
 * committed transaction is lost; nothing leaks.
 *
 * <p>It restarts the machine's PostgreSQL (about 3 s), so it must not run while anything else uses
 * that server; the suite's integration tests run one at a time, and so does CI.
 *
 * The restart command is {@code pg_ctlcluster <version> main restart -m fast}, the version being
 * the one cluster under /etc/postgresql, unless {@code -Dchaos.restart.command=...} says otherwise.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ChaosPostgresRestartIT {
    private static final int POOL = 4;
    private static final String COMMAND = System.getProperty(
            "chaos.restart.command",
            "pg_ctlcluster --skip-systemctl-redirect " + clusterVersion() + " main restart -m fast");

    private static String clusterVersion() {
        String[] versions = new java.io.File("/etc/postgresql").list();
        return versions == null || versions.length == 0 ? "15" : versions[0];
    }

    @BeforeAll
    static void prepare() throws Exception {
        ChaosDb.prepare();
    }

    private static boolean directLoginWorks() {
        try (Connection c = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/postgres?sslmode=disable&connectTimeout=2", "postgres", "")) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static boolean proxyServes(TestProxy proxy) {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("socketTimeout", "10");
        try (Connection c = proxy.connect(ChaosDb.NAME, p);
                Statement st = c.createStatement()) {
            st.execute("select 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @Test
    void clientsGetErrorsNotHangsWhilePostgresRestartsAndTheProxyRecoversByItself() throws Exception {
        try (TestProxy proxy = ChaosDb.proxy(
                ChaosDb.settings(200, Duration.ofSeconds(3), Duration.ofMillis(500), Duration.ofSeconds(10)),
                "127.0.0.1",
                5432,
                POOL)) {
            CompletableFuture<Tools.Result> bench = CompletableFuture.supplyAsync(() -> {
                try {
                    return Tools.pgbench(proxy.port, ChaosDb.NAME, "-S", "-c", "10", "-j", "2", "-T", "20", "-n");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Workload load = Workload.start(proxy, 4, Duration.ofSeconds(15));
            Await.until(() ->
                    load.committed() >= 50 && proxy.px.clients().sessions().size() >= 14);

            long restartAt = System.nanoTime();
            Tools.Result restart = Tools.run(null, 90, "sh", "-c", COMMAND);
            assertThat(restart.exitCode()).as(COMMAND + ": " + restart.output()).isZero();
            long restartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartAt);
            Await.until(Duration.ofSeconds(30), ChaosPostgresRestartIT::directLoginWorks);
            long upAt = System.nanoTime();

            Await.until(Duration.ofSeconds(30), () -> proxyServes(proxy));
            long recoveryMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - upAt);
            long before = load.committed();
            Await.until(Duration.ofSeconds(30), () -> load.committed() >= before + 20);

            // pgbench's clients that lost their connection abort; what matters is that it ends on time.
            Tools.Result during;
            try {
                during = bench.get(60, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("pgbench (-T 20) did not end within 60 s of the restart: a client hangs");
            }
            load.stop();
            List<Workload.Failure> failures = load.failures();
            assertThat(failures).noneMatch(Workload.Failure::hang);
            assertThat(failures)
                    .allSatisfy(f -> assertThat(f.sqlState())
                            .as(f.message())
                            .isIn("57P01", "57P02", "57P03", "08006", "08003", "08001"));
            long rows = load.checkLedger();

            Tools.Result after = Tools.pgbench(proxy.port, ChaosDb.NAME, "-S", "-c", "10", "-j", "2", "-T", "3", "-n");
            assertThat(after.exitCode()).as(after.output()).isZero();
            assertThat(after.output()).contains("number of failed transactions: 0");
            try (PgActivity pg = new PgActivity(ChaosDb.NAME)) {
                pg.awaitSameAsProxy(proxy);
            }
            System.out.printf(
                    "restart: '%s' took %d ms; proxy served a new client %d ms after PostgreSQL was up; workload %d "
                            + "committed, %d failed (%s), ledger %d rows; pgbench during the restart exited %d; "
                            + "after: %.0f tps, 0 failed%n",
                    COMMAND,
                    restartMillis,
                    recoveryMillis,
                    load.committed(),
                    failures.size(),
                    failures.stream().map(Workload.Failure::sqlState).distinct().toList(),
                    rows,
                    during.exitCode(),
                    ChaosLatencyIT.tps(after.output()));
        }
    }
}

package io.berth.proxy;

import io.berth.proxy.config.PoolMode;
import io.berth.proxy.internal.ProxySettings;
import io.berth.proxy.internal.ProxySettings.ClientAuthMethod;
import io.berth.proxy.internal.Target;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The database the chaos tests use, {@value #NAME}: pgbench's tables at scale 1 and a ledger of
 * committed transactions. Its own database, so counting its sessions in pg_stat_activity counts the
 * proxy's server connections and nobody else's.
 */
final class ChaosDb {
    static final String NAME = "berth_chaos";
    private static final AtomicBoolean READY = new AtomicBoolean();

    private ChaosDb() {}

    /** Creates the database, pgbench's tables and the ledger when missing; once per JVM. */
    static void prepare() throws Exception {
        if (READY.get()) {
            return;
        }
        Tools.ensureDatabase(NAME);
        Tools.Result tables =
                Tools.psql(5432, NAME, null, "-tAc", "select to_regclass('pgbench_accounts') is not null");
        if (!tables.output().trim().equals("t")) {
            Tools.Result init = Tools.pgbench(5432, NAME, "-i", "-q", "-s", "1");
            if (init.exitCode() != 0) {
                throw new IllegalStateException("pgbench -i failed: " + init.output());
            }
        }
        Tools.psql(
                5432,
                NAME,
                null,
                "-c",
                "create table if not exists chaos_ledger (run text, worker int, seq int, primary key (run, worker, seq))");
        READY.set(true);
    }

    /** A pool of {@code poolSize} server connections to {@value #NAME} at {@code host:port}, as postgres. */
    static Target target(String host, int port, int poolSize) {
        return new Target(host, port, NAME, "postgres", null, poolSize, 0, 0, PoolMode.TRANSACTION, null);
    }

    /** A proxy with these settings that serves {@value #NAME} from {@code host:port} with a pool of {@code poolSize}. */
    static TestProxy proxy(ProxySettings settings, String host, int port, int poolSize) throws Exception {
        return TestProxy.start(settings, (db, user) -> db.equals(NAME) ? target(host, port, poolSize) : null);
    }

    /** Transaction mode, trust, and the timeouts a chaos test chooses; the rest as TestProxy has them. */
    static ProxySettings settings(
            int maxClients, Duration serverConnectTimeout, Duration serverLoginRetry, Duration queryWaitTimeout) {
        return settings(maxClients, serverConnectTimeout, serverLoginRetry, queryWaitTimeout, Duration.ofSeconds(30));
    }

    /** As above, with server_check_delay: how long a server connection idles before it is checked. */
    static ProxySettings settings(
            int maxClients,
            Duration serverConnectTimeout,
            Duration serverLoginRetry,
            Duration queryWaitTimeout,
            Duration serverCheckDelay) {
        return new ProxySettings(
                ClientAuthMethod.TRUST,
                PoolMode.TRANSACTION,
                maxClients,
                Duration.ofSeconds(5),
                Duration.ofHours(1),
                Duration.ofMinutes(10),
                serverConnectTimeout,
                serverLoginRetry,
                "DISCARD ALL",
                false,
                "select 1",
                serverCheckDelay,
                queryWaitTimeout,
                Duration.ofSeconds(60),
                Set.of("extra_float_digits"),
                Set.of("postgres"),
                Set.of(),
                1 << 30);
    }
}

package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.proxy.config.PoolMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real pgbench through the proxy: select-only, tpcb-like and reconnect-per-transaction, zero failures. */
class PgbenchIT {
    static final String DB = "berth_pgbench_it";

    @BeforeAll
    static void initialise() throws Exception {
        Tools.ensureDatabase(DB);
        Tools.Result r = Tools.pgbench(5432, DB, "-i", "-q", "-s", "1");
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    private static long processed(Tools.Result r) {
        assertThat(r.exitCode()).as(r.output()).isZero();
        Matcher failed =
                Pattern.compile("number of failed transactions: (\\d+)").matcher(r.output());
        if (failed.find()) {
            assertThat(Long.parseLong(failed.group(1))).as(r.output()).isZero();
        }
        Matcher m = Pattern.compile("number of transactions actually processed: (\\d+)")
                .matcher(r.output());
        assertThat(m.find()).as(r.output()).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void selectOnlyInTransactionModeWithMoreClientsThanServers() throws Exception {
        try (TestProxy proxy = TestProxy.start(PoolMode.TRANSACTION)) {
            assertThat(processed(Tools.pgbench(proxy.port, DB, "-S", "-c", "20", "-j", "2", "-T", "3", "-n")))
                    .isPositive();
        }
    }

    @Test
    void tpcbLikeInTransactionMode() throws Exception {
        try (TestProxy proxy = TestProxy.start(PoolMode.TRANSACTION)) {
            assertThat(processed(Tools.pgbench(proxy.port, DB, "-c", "10", "-j", "2", "-T", "3", "-n")))
                    .isPositive();
        }
    }

    @Test
    void reconnectingForEveryTransaction() throws Exception {
        try (TestProxy proxy = TestProxy.start(PoolMode.TRANSACTION)) {
            assertThat(processed(Tools.pgbench(proxy.port, DB, "-S", "-C", "-c", "10", "-j", "2", "-T", "3", "-n")))
                    .isPositive();
        }
    }

    @Test
    void extendedProtocolInTransactionMode() throws Exception {
        try (TestProxy proxy = TestProxy.start(PoolMode.TRANSACTION)) {
            assertThat(processed(Tools.pgbench(
                            proxy.port, DB, "-S", "-M", "extended", "-c", "10", "-j", "2", "-T", "3", "-n")))
                    .isPositive();
        }
    }

    /**
     * Named prepared statements in transaction pooling, 12 clients on 4 servers. tpcb-like runs with
     * a pgbench thread per client: pgbench 15 prepares each statement with a synchronous PQprepare
     * the first time a client needs it, which blocks the client's whole thread; when that client
     * waits for a server held by another client of the same thread inside BEGIN ... END, pgbench
     * deadlocks itself (the thread no longer reads the other client's replies), with any
     * transaction pooler. Single statements (-S) have no such cycle.
     */
    @Test
    void preparedProtocolInTransactionMode() throws Exception {
        try (TestProxy proxy = TestProxy.start(PoolMode.TRANSACTION)) {
            assertThat(processed(
                            Tools.pgbench(proxy.port, DB, "-M", "prepared", "-c", "12", "-j", "12", "-T", "3", "-n")))
                    .isPositive();
            assertThat(processed(Tools.pgbench(
                            proxy.port, DB, "-S", "-M", "prepared", "-c", "20", "-j", "2", "-T", "3", "-n")))
                    .isPositive();
        }
    }

    @Test
    void preparedProtocolInStatementMode() throws Exception {
        try (TestProxy proxy = TestProxy.start(PoolMode.STATEMENT)) {
            assertThat(processed(Tools.pgbench(
                            proxy.port, DB, "-S", "-M", "prepared", "-c", "10", "-j", "2", "-T", "3", "-n")))
                    .isPositive();
        }
    }

    @Test
    void sessionModeWithAsManyClientsAsServers() throws Exception {
        try (TestProxy proxy = TestProxy.start(PoolMode.SESSION)) {
            assertThat(processed(
                            Tools.pgbench(proxy.port, DB, "-c", "4", "-j", "2", "-T", "3", "-n", "-M", "prepared")))
                    .isPositive();
        }
    }

    @Test
    void statementModeSelectOnly() throws Exception {
        try (TestProxy proxy = TestProxy.start(PoolMode.STATEMENT)) {
            assertThat(processed(Tools.pgbench(proxy.port, DB, "-S", "-c", "10", "-j", "2", "-T", "3", "-n")))
                    .isPositive();
        }
    }
}

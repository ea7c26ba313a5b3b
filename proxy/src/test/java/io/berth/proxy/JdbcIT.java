package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.proxy.config.PoolMode;
import io.berth.proxy.internal.ProxySettings.ClientAuthMethod;
import java.io.StringReader;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/** pgjdbc through the proxy: the extended protocol, batches, COPY, cancel and metadata, in each pool mode. */
class JdbcIT {

    @ParameterizedTest
    @EnumSource(PoolMode.class)
    void extendedProtocolWithParametersAndBatches(PoolMode mode) throws Exception {
        try (TestProxy proxy = TestProxy.start(mode);
                Connection c = proxy.connect()) {
            String table = "jdbc_batch_" + mode.name().toLowerCase();
            try (Statement s = c.createStatement()) {
                s.execute("drop table if exists " + table);
                s.execute("create table " + table + " (id int primary key, name text)");
            }
            try (PreparedStatement ps = c.prepareStatement("insert into " + table + " values (?, ?)")) {
                for (int i = 0; i < 500; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "name " + i);
                    ps.addBatch();
                }
                assertThat(ps.executeBatch()).hasSize(500).containsOnly(1);
            }
            try (PreparedStatement ps = c.prepareStatement("select name from " + table + " where id = ?")) {
                for (int i = 0; i < 20; i++) {
                    ps.setInt(1, i * 7);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString(1)).isEqualTo("name " + (i * 7));
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("drop table " + table);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void sessionModeKeepsServerPreparedStatements() throws Exception {
        PoolMode mode = PoolMode.SESSION;
        Properties p = new Properties();
        p.setProperty("prepareThreshold", "1");
        try (TestProxy proxy = TestProxy.start(mode);
                Connection c = proxy.connect("test", p);
                PreparedStatement ps = c.prepareStatement("select ?::int * 2")) {
            for (int i = 0; i < 10; i++) {
                ps.setInt(1, i);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(i * 2);
                }
            }
            assertThat(ps.unwrap(org.postgresql.PGStatement.class).isUseServerPrepare())
                    .isTrue();
        }
    }

    /**
     * Server-prepared statements (prepareThreshold=1) in transaction and statement pooling: every
     * pgjdbc connection names its first statement S_1, so clients keep preparing different queries
     * under the same names on the same two server connections, from platform and virtual threads.
     */
    @ParameterizedTest
    @EnumSource(
            value = PoolMode.class,
            names = {"TRANSACTION", "STATEMENT"})
    void serverPreparedStatementsAcrossServerConnections(PoolMode mode) throws Exception {
        Properties p = new Properties();
        p.setProperty("prepareThreshold", "1");
        try (TestProxy proxy = TestProxy.start(mode, ClientAuthMethod.TRUST, 2, java.util.Map.of())) {
            java.util.concurrent.atomic.AtomicInteger checked = new java.util.concurrent.atomic.AtomicInteger();
            java.util.List<Thread> threads = new java.util.ArrayList<>();
            java.util.List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int t = 0; t < 8; t++) {
                int client = t;
                Runnable work = () -> {
                    try (Connection c = proxy.connect("test", p);
                            PreparedStatement times = c.prepareStatement("select ?::int * " + (client + 2));
                            PreparedStatement plus = c.prepareStatement("select ?::int + " + client)) {
                        for (int i = 0; i < 200; i++) {
                            PreparedStatement ps = i % 2 == 0 ? times : plus;
                            ps.setInt(1, i);
                            try (ResultSet rs = ps.executeQuery()) {
                                rs.next();
                                int expected = i % 2 == 0 ? i * (client + 2) : i + client;
                                assertThat(rs.getInt(1)).isEqualTo(expected);
                                checked.incrementAndGet();
                            }
                        }
                        assertThat(times.unwrap(org.postgresql.PGStatement.class)
                                        .isUseServerPrepare())
                                .isTrue();
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                };
                threads.add(
                        client % 2 == 0
                                ? Thread.ofPlatform().start(work)
                                : Thread.ofVirtual().start(work));
            }
            for (Thread th : threads) {
                th.join(60_000);
                assertThat(th.isAlive()).isFalse();
            }
            assertThat(checked.get()).isEqualTo(8 * 200);
            assertThat(failures).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(PoolMode.class)
    void copyInAndOutWithTheCopyManager(PoolMode mode) throws Exception {
        try (TestProxy proxy = TestProxy.start(mode);
                Connection c = proxy.connect()) {
            String table = "jdbc_copy_" + mode.name().toLowerCase();
            try (Statement s = c.createStatement()) {
                s.execute("drop table if exists " + table);
                s.execute("create table " + table + " (n int, s text)");
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            StringBuilder data = new StringBuilder();
            for (int i = 0; i < 10_000; i++) {
                data.append(i).append(",value ").append(i).append('\n');
            }
            long in = copy.copyIn("copy " + table + " from stdin (format csv)", new StringReader(data.toString()));
            assertThat(in).isEqualTo(10_000);
            StringWriter out = new StringWriter();
            long outRows = copy.copyOut("copy (select * from " + table + " order by n) to stdout (format csv)", out);
            assertThat(outRows).isEqualTo(10_000);
            assertThat(out.toString()).isEqualTo(data.toString());
            try (Statement s = c.createStatement()) {
                s.execute("drop table " + table);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void largeCopyInAndOutFlowThroughWithBackPressure() throws Exception {
        try (TestProxy proxy = TestProxy.start(PoolMode.TRANSACTION);
                Connection c = proxy.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("drop table if exists jdbc_big_copy");
                s.execute("create table jdbc_big_copy (n int, s text)");
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            String pad = "x".repeat(200);
            java.io.Reader rows = new java.io.Reader() {
                int next;
                String line = "";
                int pos;

                @Override
                public int read(char[] buf, int off, int len) {
                    if (pos == line.length()) {
                        if (next == 200_000) {
                            return -1;
                        }
                        line = next++ + "," + pad + "\n";
                        pos = 0;
                    }
                    int n = Math.min(len, line.length() - pos);
                    line.getChars(pos, pos + n, buf, off);
                    pos += n;
                    return n;
                }

                @Override
                public void close() {}
            };
            assertThat(copy.copyIn("copy jdbc_big_copy from stdin (format csv)", rows))
                    .isEqualTo(200_000);
            java.io.Writer sink = new java.io.Writer() {
                @Override
                public void write(char[] buf, int off, int len) {}

                @Override
                public void flush() {}

                @Override
                public void close() {}
            };
            assertThat(copy.copyOut("copy jdbc_big_copy to stdout (format csv)", sink))
                    .isEqualTo(200_000);
            try (Statement s = c.createStatement()) {
                s.execute("drop table jdbc_big_copy");
            }
        }
    }

    private static int sleeping() {
        try (Connection pg = io.berth.testkit.pg.PostgresFixture.connect();
                Statement st = pg.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from pg_stat_activity "
                        + "where state = 'active' and query = 'select pg_sleep(20)'")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @EnumSource(PoolMode.class)
    void statementCancelStopsTheRunningQuery(PoolMode mode) throws Exception {
        try (TestProxy proxy = TestProxy.start(mode);
                Connection c = proxy.connect();
                Statement s = c.createStatement()) {
            CompletableFuture<Void> canceller = CompletableFuture.runAsync(() -> {
                try {
                    // Cancel once PostgreSQL runs the query, as seen from a connection of its own.
                    io.berth.testkit.Await.until(() -> sleeping() > 0);
                    s.cancel();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long start = System.nanoTime();
            assertThatThrownBy(() -> s.execute("select pg_sleep(20)"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
            canceller.join();
            try (ResultSet rs = s.executeQuery("select 'still usable'")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("still usable");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(PoolMode.class)
    void metadataQueriesWork(PoolMode mode) throws Exception {
        try (TestProxy proxy = TestProxy.start(mode);
                Connection c = proxy.connect()) {
            DatabaseMetaData md = c.getMetaData();
            assertThat(md.getDatabaseProductName()).isEqualTo("PostgreSQL");
            assertThat(md.getDatabaseMajorVersion()).isGreaterThanOrEqualTo(12);
            try (ResultSet rs = md.getTables(null, "pg_catalog", "pg_class", null)) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("TABLE_NAME")).isEqualTo("pg_class");
            }
        }
    }
}

package io.berth.proxy;

import static io.berth.proxy.Sql.backendAlive;
import static io.berth.proxy.Sql.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.proxy.config.PoolMode;
import io.berth.proxy.internal.ProxySettings;
import io.berth.proxy.internal.ProxySettings.ClientAuthMethod;
import io.berth.testkit.Await;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;

/**
 * Session state in transaction pooling with two server connections: settings a client SETs follow
 * it to the other connection and never leak to other clients; session-only features pin the client
 * (or are refused).
 */
class SessionStateIT {
    @BeforeAll
    static void schema() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("create schema if not exists berth_state");
            s.execute("create table if not exists berth_state.marker(v text)");
            s.execute("delete from berth_state.marker");
            s.execute("insert into berth_state.marker values ('found in berth_state')");
        }
    }

    private static TestProxy proxy(boolean pin) throws Exception {
        ProxySettings base =
                TestProxy.settings(PoolMode.TRANSACTION, ClientAuthMethod.TRUST, 100, Duration.ofSeconds(10));
        ProxySettings.SessionPolicy d = ProxySettings.SessionPolicy.DEFAULT;
        return TestProxy.start(
                base.withSession(
                        new ProxySettings.SessionPolicy(d.maxPreparedStatements(), d.trackedParameters(), pin)),
                2);
    }

    private static Connection connect(TestProxy proxy, String queryMode) throws SQLException {
        Properties p = new Properties();
        p.setProperty("preferQueryMode", queryMode);
        return proxy.connect("test", p);
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "extended"})
    void aSettingFollowsItsClientToTheOtherServerConnectionAndNoOneElse(String queryMode) throws Exception {
        try (TestProxy proxy = proxy(true);
                Connection a = connect(proxy, queryMode);
                Connection b = connect(proxy, queryMode);
                Connection c = connect(proxy, queryMode)) {
            String defaultPath = one(b, "show search_path");
            exec(a, "SET search_path TO berth_state, public");
            exec(a, "set statement_timeout = '4321ms'");
            Set<String> pids = new HashSet<>();
            for (int round = 0; round < 3; round++) {
                // b and c hold both server connections in turn, so a lands on each of them.
                b.setAutoCommit(false);
                c.setAutoCommit(false);
                String pb = one(b, "select pg_backend_pid()");
                String pc = one(c, "select pg_backend_pid()");
                assertThat(pb).isNotEqualTo(pc);
                assertThat(one(b, "show search_path")).isEqualTo(defaultPath);
                assertThat(one(c, "show statement_timeout")).isEqualTo("0");
                b.commit();
                pids.add(one(a, "select pg_backend_pid()"));
                assertThat(one(a, "select v from marker")).isEqualTo("found in berth_state");
                assertThat(one(a, "show statement_timeout")).isEqualTo("4321ms");
                c.commit();
                b.setAutoCommit(true);
                c.setAutoCommit(true);
                b.setAutoCommit(false);
                one(b, "select pg_backend_pid()");
                pids.add(one(a, "select pg_backend_pid()"));
                assertThat(one(a, "show search_path")).isEqualTo("berth_state, public");
                b.commit();
                b.setAutoCommit(true);
            }
            assertThat(pids).hasSize(2);
            assertThat(one(b, "show search_path")).isEqualTo(defaultPath);
            assertThat(one(c, "show statement_timeout")).isEqualTo("0");
        }
    }

    @Test
    void setLocalARolledBackSetAndResetAreNotKept() throws Exception {
        try (TestProxy proxy = proxy(true);
                Connection a = connect(proxy, "extended")) {
            a.setAutoCommit(false);
            exec(a, "SET LOCAL statement_timeout = '1111ms'");
            assertThat(one(a, "show statement_timeout")).isEqualTo("1111ms");
            a.commit();
            exec(a, "SET lock_timeout = '2222ms'");
            a.rollback();
            a.setAutoCommit(true);
            assertThat(one(a, "show statement_timeout")).isEqualTo("0");
            assertThat(one(a, "show lock_timeout")).isEqualTo("0");
            exec(a, "SET lock_timeout = '3333ms'");
            assertThat(one(a, "show lock_timeout")).isEqualTo("3333ms");
            exec(a, "RESET lock_timeout");
            for (int i = 0; i < 4; i++) {
                assertThat(one(a, "show lock_timeout")).isEqualTo("0");
            }
        }
    }

    @Test
    void listenPinsTheClientUntilItLeavesThenItsServerConnectionIsClosed() throws Exception {
        try (TestProxy proxy = proxy(true);
                Connection b = connect(proxy, "extended")) {
            String pinnedPid;
            try (Connection a = connect(proxy, "extended")) {
                exec(a, "LISTEN berth_channel");
                pinnedPid = one(a, "select pg_backend_pid()");
                for (int i = 0; i < 5; i++) {
                    assertThat(one(a, "select pg_backend_pid()")).isEqualTo(pinnedPid);
                    assertThat(one(b, "select pg_backend_pid()")).isNotEqualTo(pinnedPid);
                }
                exec(b, "NOTIFY berth_channel, 'hello'");
                one(a, "select 1");
                var notes = a.unwrap(PGConnection.class).getNotifications(5000);
                assertThat(notes).isNotNull();
                assertThat(notes[0].getParameter()).isEqualTo("hello");
            }
            Await.until(Duration.ofSeconds(10), () -> !backendAlive(pinnedPid));
            assertThat(one(b, "select 1")).isEqualTo("1");
        }
    }

    @Test
    void temporaryTablesAndAdvisoryLocksPinToo() throws Exception {
        try (TestProxy proxy = proxy(true);
                Connection a = connect(proxy, "simple");
                Connection b = connect(proxy, "extended");
                Connection other = connect(proxy, "extended")) {
            exec(a, "create temporary table berth_tmp(x int)");
            exec(a, "insert into berth_tmp values (7)");
            other.setAutoCommit(false);
            one(other, "select 1");
            assertThat(one(a, "select x from berth_tmp")).isEqualTo("7");
            other.commit();
            other.setAutoCommit(true);

            String pid = one(b, "select pg_advisory_lock(4242)::text || pg_backend_pid()");
            for (int i = 0; i < 3; i++) {
                assertThat(one(b, "select '' || pg_backend_pid()")).isEqualTo(pid);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "extended", "extendedForPrepared"})
    void refusedWithAClearErrorWhenSessionFeaturesIsRefuse(String queryMode) throws Exception {
        try (TestProxy proxy = proxy(false);
                Connection a = connect(proxy, queryMode)) {
            assertThatThrownBy(() -> exec(a, "LISTEN berth_refused"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("LISTEN is not supported in transaction pooling")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
            assertThat(one(a, "select 'still served'")).isEqualTo("still served");
            // A server-prepared statement (named Parse) is refused the same way, in its place.
            try (java.sql.PreparedStatement ps = a.prepareStatement("select pg_advisory_lock(?)")) {
                ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(1);
                ps.setLong(1, 42);
                assertThatThrownBy(ps::executeQuery)
                        .hasMessageContaining("a session advisory lock is not supported in transaction pooling")
                        .satisfies(e ->
                                assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
            }
            // In a transaction the refusal aborts it like any error; after ROLLBACK all is well.
            a.setAutoCommit(false);
            assertThat(one(a, "select 'in tx'")).isEqualTo("in tx");
            assertThatThrownBy(() -> exec(a, "CREATE TEMP TABLE berth_refused_tmp(x int)"))
                    .hasMessageContaining("a temporary table is not supported");
            a.rollback();
            a.setAutoCommit(true);
            assertThat(one(a, "select 'after'")).isEqualTo("after");
            // Nothing was pinned or left on the server.
            try (Connection direct =
                    DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
                assertThat(one(direct, "select count(*) from pg_locks where locktype = 'advisory'"))
                        .isEqualTo("0");
                assertThat(one(direct, "select count(*) from pg_listening_channels()"))
                        .isEqualTo("0");
            }
        }
    }

    @Test
    void aSetAfterTheFirstStatementOfAQueryFollowsTheClientToo() throws Exception {
        try (TestProxy proxy = proxy(true);
                Connection a = connect(proxy, "simple");
                Connection b = connect(proxy, "simple");
                Connection c = connect(proxy, "simple")) {
            exec(a, "SELECT 1; SET search_path TO berth_state, public; SET lock_timeout = '4444ms'");
            Set<String> pids = new HashSet<>();
            for (int round = 0; round < 3; round++) {
                // b and c hold both server connections in turn, so a lands on each of them.
                b.setAutoCommit(false);
                c.setAutoCommit(false);
                one(b, "select 1");
                one(c, "select 1");
                b.commit();
                pids.add(one(a, "select pg_backend_pid()"));
                assertThat(one(a, "select v from marker")).isEqualTo("found in berth_state");
                assertThat(one(a, "show lock_timeout")).isEqualTo("4444ms");
                c.commit();
                b.setAutoCommit(true);
                c.setAutoCommit(true);
                b.setAutoCommit(false);
                one(b, "select 1");
                pids.add(one(a, "select pg_backend_pid()"));
                assertThat(one(a, "show lock_timeout")).isEqualTo("4444ms");
                assertThat(one(a, "show search_path")).isEqualTo("berth_state, public");
                b.commit();
                b.setAutoCommit(true);
            }
            assertThat(pids).hasSize(2);
            assertThat(one(b, "show lock_timeout")).isEqualTo("0");
        }
    }

    @Test
    void aRefusedParseSkippedAfterAnEarlierErrorDoesNotNameTheNextRefusal() throws Exception {
        try (TestProxy proxy = proxy(false);
                RawClient c = new RawClient(proxy.port, "test")) {
            // One pipeline, three segments: an error skips the LISTEN's Parse; a clean segment; a refusal.
            c.send(
                    new io.berth.pg.protocol.Parse("", "selec 1", new int[0]),
                    new io.berth.pg.protocol.Parse("", "LISTEN skipped", new int[0]),
                    io.berth.pg.protocol.Sync.INSTANCE,
                    new io.berth.pg.protocol.Query("select 'clean'"),
                    new io.berth.pg.protocol.Parse("", "CREATE TEMP TABLE t(x int)", new int[0]),
                    io.berth.pg.protocol.Sync.INSTANCE);
            List<String> first = c.readUntilReady();
            assertThat(first.get(0)).startsWith("E 42601");
            assertThat(first).last().isEqualTo("Z I");
            assertThat(c.readUntilReady()).contains("D clean");
            List<String> third = c.readUntilReady();
            assertThat(third.get(0)).startsWith("E 0A000 a temporary table is not supported in transaction pooling");
            assertThat(third).last().isEqualTo("Z I");
            assertThat(c.exchange(new io.berth.pg.protocol.Query("select 'after'")))
                    .contains("D after");
        }
    }
}

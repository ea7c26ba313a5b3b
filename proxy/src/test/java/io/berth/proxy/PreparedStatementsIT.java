package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.pg.protocol.Bind;
import io.berth.pg.protocol.Close;
import io.berth.pg.protocol.Describe;
import io.berth.pg.protocol.Execute;
import io.berth.pg.protocol.Parse;
import io.berth.pg.protocol.Query;
import io.berth.pg.protocol.Sync;
import io.berth.proxy.config.PoolMode;
import io.berth.proxy.internal.ProxySettings.ClientAuthMethod;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Protocol-level named prepared statements in transaction pooling, message by message, with a pool
 * of one server connection so every client lands on the same one.
 */
class PreparedStatementsIT {
    private static final byte[] NO_PARAMETERS = new byte[6];

    private static TestProxy proxy(int maxPrepared) throws Exception {
        return TestProxy.start(
                TestProxy.settings(PoolMode.TRANSACTION, ClientAuthMethod.TRUST, 100, Duration.ofSeconds(10))
                        .withMaxPreparedStatements(maxPrepared),
                1);
    }

    private static Bind bind(String statement) {
        return new Bind("", statement, NO_PARAMETERS);
    }

    private static List<String> run(RawClient c, String statement) throws Exception {
        return c.exchange(bind(statement), new Execute("", 0), Sync.INSTANCE);
    }

    private static String pid(RawClient c) throws Exception {
        return c.exchange(new Query("select pg_backend_pid()")).get(1).substring(2);
    }

    private static String serverStatements(RawClient c) throws Exception {
        return c.exchange(new Query("select count(*) from pg_prepared_statements"))
                .get(1)
                .substring(2);
    }

    @Test
    void twoClientsPrepareDifferentQueriesUnderTheSameNameOnOneServerConnection() throws Exception {
        try (TestProxy proxy = proxy(100);
                RawClient a = new RawClient(proxy.port, "test");
                RawClient b = new RawClient(proxy.port, "test")) {
            assertThat(pid(a)).isEqualTo(pid(b));
            assertThat(a.exchange(new Parse("s", "select 'a'", new int[0]), Sync.INSTANCE))
                    .containsExactly("1", "Z I");
            assertThat(b.exchange(new Parse("s", "select 'b'", new int[0]), Sync.INSTANCE))
                    .containsExactly("1", "Z I");
            for (int i = 0; i < 3; i++) {
                assertThat(run(a, "s")).containsExactly("2", "D a", "C SELECT 1", "Z I");
                assertThat(run(b, "s")).containsExactly("2", "D b", "C SELECT 1", "Z I");
            }
            assertThat(pid(a)).isEqualTo(pid(b));
        }
    }

    @Test
    void aParseTheServerAlreadyHasIsAnsweredInPlace() throws Exception {
        try (TestProxy proxy = proxy(100);
                RawClient a = new RawClient(proxy.port, "test");
                RawClient b = new RawClient(proxy.port, "test")) {
            assertThat(a.exchange(new Parse("first", "select 42", new int[0]), Sync.INSTANCE))
                    .containsExactly("1", "Z I");
            // b prepares the same query under another name, pipelined between other messages: its
            // ParseComplete comes where the Parse was, though the server never saw that Parse.
            assertThat(b.exchange(
                            new Parse("", "select 1", new int[0]),
                            bind(""),
                            new Execute("", 0),
                            new Parse("second", "select 42", new int[0]),
                            bind("second"),
                            new Execute("", 0),
                            Sync.INSTANCE))
                    .containsExactly("1", "2", "D 1", "C SELECT 1", "1", "2", "D 42", "C SELECT 1", "Z I");
            assertThat(serverStatements(a)).isEqualTo("1");
        }
    }

    @Test
    void describeAndCloseOfAStatement() throws Exception {
        try (TestProxy proxy = proxy(100);
                RawClient c = new RawClient(proxy.port, "test")) {
            c.exchange(new Parse("d", "select $1::int + 1 as n", new int[0]), Sync.INSTANCE);
            assertThat(c.exchange(new Describe(Describe.STATEMENT, "d"), Sync.INSTANCE))
                    .containsExactly("t", "T", "Z I");
            assertThat(c.exchange(new Close(Close.STATEMENT, "d"), Sync.INSTANCE))
                    .containsExactly("3", "Z I");
            List<String> gone = run(c, "d");
            assertThat(gone.get(0)).startsWith("E 26000").contains("\"d\"");
            // Closed for the client only: the server keeps Berth's statement for others.
            assertThat(serverStatements(c)).isEqualTo("1");
            assertThat(c.exchange(new Parse("d", "select 5", new int[0]), bind("d"), new Execute("", 0), Sync.INSTANCE))
                    .containsExactly("1", "2", "D 5", "C SELECT 1", "Z I");
        }
    }

    @Test
    void theCacheIsAnLruOfMaxPreparedStatementsPerServerConnection() throws Exception {
        try (TestProxy proxy = proxy(2);
                RawClient c = new RawClient(proxy.port, "test")) {
            for (int i = 1; i <= 3; i++) {
                c.exchange(new Parse("q" + i, "select " + i, new int[0]), Sync.INSTANCE);
            }
            for (int round = 0; round < 3; round++) {
                for (int i = 1; i <= 3; i++) {
                    assertThat(run(c, "q" + i)).containsExactly("2", "D " + i, "C SELECT 1", "Z I");
                    assertThat(Integer.parseInt(serverStatements(c))).isLessThanOrEqualTo(2);
                }
            }
        }
    }

    @Test
    void aFailedParseLeavesNoStatementBehind() throws Exception {
        try (TestProxy proxy = proxy(100);
                RawClient c = new RawClient(proxy.port, "test")) {
            List<String> bad = c.exchange(new Parse("bad", "selec 1", new int[0]), Sync.INSTANCE);
            assertThat(bad).hasSize(2);
            assertThat(bad.get(0)).startsWith("E 42601");
            assertThat(run(c, "bad").get(0)).startsWith("E 26000");
            assertThat(c.exchange(
                            new Parse("bad", "select 3", new int[0]), bind("bad"), new Execute("", 0), Sync.INSTANCE))
                    .containsExactly("1", "2", "D 3", "C SELECT 1", "Z I");
        }
    }

    @Test
    void messagesSkippedAfterAnErrorAreUndone() throws Exception {
        try (TestProxy proxy = proxy(100);
                RawClient c = new RawClient(proxy.port, "test")) {
            // The division fails; the server skips the rest up to Sync, the named Parse included.
            List<String> replies = c.exchange(
                    new Parse("", "select 1 / (g - 1) from generate_series(1, 1) g", new int[0]),
                    bind(""),
                    new Execute("", 0),
                    new Parse("later", "select 7", new int[0]),
                    bind("later"),
                    new Execute("", 0),
                    Sync.INSTANCE);
            assertThat(replies).hasSize(4);
            assertThat(replies.subList(0, 2)).containsExactly("1", "2");
            assertThat(replies.get(2)).startsWith("E 22012");
            assertThat(run(c, "later").get(0)).startsWith("E 26000");
            assertThat(serverStatements(c)).isEqualTo("0");
            assertThat(c.exchange(
                            new Parse("later", "select 7", new int[0]),
                            bind("later"),
                            new Execute("", 0),
                            Sync.INSTANCE))
                    .containsExactly("1", "2", "D 7", "C SELECT 1", "Z I");
        }
    }

    @Test
    void deallocateByNameAndAll() throws Exception {
        try (TestProxy proxy = proxy(100);
                RawClient c = new RawClient(proxy.port, "test")) {
            c.exchange(new Parse("Mixed Case", "select 1", new int[0]), Sync.INSTANCE);
            c.exchange(new Parse("plain", "select 2", new int[0]), Sync.INSTANCE);
            assertThat(c.exchange(new Query("DEALLOCATE \"Mixed Case\";"))).containsExactly("C DEALLOCATE", "Z I");
            assertThat(run(c, "Mixed Case").get(0)).startsWith("E 26000");
            assertThat(run(c, "plain")).containsExactly("2", "D 2", "C SELECT 1", "Z I");
            assertThat(c.exchange(new Query("deallocate prepare plain"))).containsExactly("C DEALLOCATE", "Z I");
            assertThat(run(c, "plain").get(0)).startsWith("E 26000");

            c.exchange(new Parse("x", "select 3", new int[0]), Sync.INSTANCE);
            assertThat(c.exchange(new Query("DEALLOCATE ALL"))).containsExactly("C DEALLOCATE ALL", "Z I");
            assertThat(run(c, "x").get(0)).startsWith("E 26000");
            assertThat(serverStatements(c)).isEqualTo("0");
            // Prepared again from scratch: no "already exists".
            assertThat(c.exchange(new Parse("x", "select 3", new int[0]), bind("x"), new Execute("", 0), Sync.INSTANCE))
                    .containsExactly("1", "2", "D 3", "C SELECT 1", "Z I");

            assertThat(c.exchange(new Query("/* reset */ discard all"))).containsExactly("C DISCARD ALL", "Z I");
            assertThat(serverStatements(c)).isEqualTo("0");
            assertThat(c.exchange(new Parse("x", "select 3", new int[0]), bind("x"), new Execute("", 0), Sync.INSTANCE))
                    .containsExactly("1", "2", "D 3", "C SELECT 1", "Z I");
        }
    }

    @Test
    void aFailedDiscardInATransactionKeepsTheCache() throws Exception {
        try (TestProxy proxy = proxy(100);
                RawClient c = new RawClient(proxy.port, "test")) {
            c.exchange(new Parse("k", "select 9", new int[0]), Sync.INSTANCE);
            c.exchange(new Query("begin"));
            List<String> failed = c.exchange(new Query("discard all"));
            assertThat(failed.get(0)).startsWith("E 25001");
            c.exchange(new Query("rollback"));
            assertThat(serverStatements(c)).isEqualTo("1");
            // The client dropped its names when it asked; Berth's statement is still on the server,
            // and preparing it again must not collide with it.
            assertThat(c.exchange(new Parse("k", "select 9", new int[0]), bind("k"), new Execute("", 0), Sync.INSTANCE))
                    .containsExactly("1", "2", "D 9", "C SELECT 1", "Z I");
        }
    }

    @Test
    void sessionPoolingPassesNamesThrough() throws Exception {
        try (TestProxy proxy = TestProxy.start(PoolMode.SESSION);
                RawClient c = new RawClient(proxy.port, "test")) {
            c.exchange(new Parse("mine", "select 1", new int[0]), Sync.INSTANCE);
            assertThat(c.exchange(new Query("select name from pg_prepared_statements")))
                    .containsExactly("T", "D mine", "C SELECT 1", "Z I");
        }
    }
}

package io.berth.proxy;

import static io.berth.proxy.Sql.backendAlive;
import static io.berth.proxy.Sql.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.pg.protocol.Query;
import io.berth.proxy.config.PoolMode;
import io.berth.proxy.internal.ProxySettings;
import io.berth.proxy.internal.ProxySettings.ClientAuthMethod;
import io.berth.proxy.internal.ProxySettings.ClientTimeouts;
import io.berth.testkit.Await;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** query_timeout, transaction_timeout, idle_transaction_timeout and client_idle_timeout against the real server. */
class TimeoutsIT {
    private static final Duration ZERO = Duration.ZERO;

    private static TestProxy proxy(ClientTimeouts timeouts) throws Exception {
        ProxySettings s = TestProxy.settings(PoolMode.TRANSACTION, ClientAuthMethod.TRUST, 100, Duration.ofSeconds(10))
                .withTimeouts(timeouts);
        return TestProxy.start(s, 2);
    }

    @Test
    void queryTimeoutCancelsOnTheServerAndKeepsTheConnection() throws Exception {
        try (TestProxy proxy = proxy(new ClientTimeouts(Duration.ofMillis(500), ZERO, ZERO, ZERO));
                Connection c = proxy.connect()) {
            c.setAutoCommit(false);
            String pid = one(c, "select pg_backend_pid()");
            long start = System.nanoTime();
            assertThatThrownBy(() -> one(c, "select pg_sleep(30)"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(tookMs).isBetween(400L, 5_000L);
            c.rollback();
            // Same server connection, still in service.
            assertThat(one(c, "select pg_backend_pid()")).isEqualTo(pid);
            c.commit();
            assertThat(one(c, "select 'after'")).isEqualTo("after");
        }
    }

    @Test
    void idleInTransactionTooLongClosesTheClientAndItsServerConnection() throws Exception {
        try (TestProxy proxy = proxy(new ClientTimeouts(ZERO, Duration.ofMillis(500), ZERO, ZERO));
                RawClient c = new RawClient(proxy.port, "test")) {
            c.exchange(new Query("begin"));
            String pid = c.exchange(new Query("select pg_backend_pid()")).get(1).substring(2);
            assertThat(c.awaitError()).startsWith("E 25P03 idle_transaction_timeout");
            assertThat(c.closedByPeer()).isTrue();
            Await.until(Duration.ofSeconds(10), () -> !backendAlive(pid));
        }
    }

    @Test
    void aTransactionLongerThanTransactionTimeoutIsClosed() throws Exception {
        try (TestProxy proxy = proxy(new ClientTimeouts(ZERO, ZERO, Duration.ofMillis(800), ZERO));
                RawClient c = new RawClient(proxy.port, "test")) {
            c.exchange(new Query("begin"));
            long start = System.nanoTime();
            String reply = "Z T";
            // Busy, never idle: only the transaction's age can end it.
            while (reply.startsWith("Z")
                    && System.nanoTime() - start < Duration.ofSeconds(10).toNanos()) {
                c.send(new Query("select pg_sleep(0.1)"));
                reply = c.awaitReadyOrError();
            }
            assertThat(reply).startsWith("E 25P04 transaction_timeout");
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(700L, 5_000L);
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void clientIdleTimeoutClosesAnIdleClientButNotABusyOne() throws Exception {
        try (TestProxy proxy = proxy(new ClientTimeouts(ZERO, ZERO, ZERO, Duration.ofMillis(600)));
                RawClient idle = new RawClient(proxy.port, "test");
                Connection busy = proxy.connect()) {
            long start = System.nanoTime();
            while (System.nanoTime() - start < Duration.ofMillis(1500).toNanos()) {
                assertThat(one(busy, "select 1")).isEqualTo("1");
            }
            assertThat(idle.awaitError()).startsWith("E 57P05 client_idle_timeout");
            assertThat(idle.closedByPeer()).isTrue();
        }
    }
}

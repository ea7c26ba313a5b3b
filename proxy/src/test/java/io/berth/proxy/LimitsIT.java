package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.proxy.config.PoolMode;
import io.berth.proxy.internal.ProxySettings.ClientAuthMethod;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** max_client_conn, default_pool_size and query_wait_timeout, as a client sees them. */
class LimitsIT {

    @Test
    void clientsBeyondMaxClientConnAreRefusedWith53300() throws Exception {
        try (TestProxy proxy = TestProxy.start(
                TestProxy.settings(PoolMode.TRANSACTION, ClientAuthMethod.TRUST, 5, Duration.ofSeconds(10)), 2)) {
            List<Connection> held = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    held.add(proxy.connect());
                }
                assertThatThrownBy(proxy::connect)
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("max_client_conn")
                        .satisfies(e ->
                                assertThat(((SQLException) e).getSQLState()).isEqualTo("53300"));
                held.remove(0).close();
                io.berth.testkit.Await.until(() -> proxy.px.clients().connections() < 5);
                held.add(proxy.connect());
            } finally {
                for (Connection c : held) {
                    c.close();
                }
            }
        }
    }

    @Test
    void twentyClientsNeverUseMoreThanPoolSizeServers() throws Exception {
        try (TestProxy proxy = TestProxy.start(
                TestProxy.settings(PoolMode.TRANSACTION, ClientAuthMethod.TRUST, 100, Duration.ofSeconds(30)), 3)) {
            Set<Integer> pids = ConcurrentHashMap.newKeySet();
            ExecutorService pool = Executors.newFixedThreadPool(20);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                done.add(pool.submit(() -> {
                    try (Connection c = proxy.connect();
                            Statement s = c.createStatement()) {
                        for (int k = 0; k < 10; k++) {
                            try (ResultSet rs = s.executeQuery("select pg_backend_pid(), pg_sleep(0.01)")) {
                                rs.next();
                                pids.add(rs.getInt(1));
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            assertThat(pids).hasSizeBetween(1, 3);
            assertThat(proxy.px.backends().totalServerConnections()).isLessThanOrEqualTo(3);
        }
    }

    @Test
    void aClientWaitingLongerThanQueryWaitTimeoutGetsAClearError() throws Exception {
        try (TestProxy proxy = TestProxy.start(
                        TestProxy.settings(PoolMode.TRANSACTION, ClientAuthMethod.TRUST, 100, Duration.ofSeconds(1)),
                        1);
                Connection holder = proxy.connect();
                Connection waiter = proxy.connect()) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("select 1");
            }
            long start = System.nanoTime();
            assertThatThrownBy(() -> {
                        try (Statement s = waiter.createStatement()) {
                            s.execute("select 2");
                        }
                    })
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("query_wait_timeout")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08P01"));
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(waitedMs).isBetween(900L, 5_000L);
            holder.commit();
        }
    }
}

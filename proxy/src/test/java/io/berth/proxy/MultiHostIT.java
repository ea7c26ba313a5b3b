package io.berth.proxy;

import static io.berth.proxy.Sql.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.proxy.config.PoolMode;
import io.berth.proxy.internal.ProxySettings;
import io.berth.proxy.internal.ProxySettings.ClientAuthMethod;
import io.berth.proxy.internal.ServerTls;
import io.berth.proxy.internal.Target;
import io.berth.testkit.Await;
import io.berth.testkit.net.FaultRelay;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A database entry with several hosts: connections spread over the healthy ones, a host that
 * fails to connect is ejected and comes back by itself, a wrong role is never used, and with every
 * host down clients fail at once with the cause.
 */
class MultiHostIT {
    private static TestProxy proxy(int poolSize, Target.Role role, Target.Endpoint... hosts) throws Exception {
        ProxySettings s = TestProxy.settings(PoolMode.TRANSACTION, ClientAuthMethod.TRUST, 100, Duration.ofSeconds(5));
        List<Target.Endpoint> list = List.of(hosts);
        return TestProxy.start(
                s,
                (db, user) -> db.equals("test")
                        ? new Target(
                                list.get(0).host(),
                                list.get(0).port(),
                                "test",
                                user,
                                null,
                                poolSize,
                                0,
                                0,
                                PoolMode.TRANSACTION,
                                null,
                                ServerTls.DISABLED,
                                list,
                                role,
                                true)
                        : null);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Runs {@code clients} connections, each holding a transaction open at once, so the pool fills. */
    private static void fill(TestProxy proxy, int clients) throws Exception {
        List<Connection> open = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                Connection c = proxy.connect();
                open.add(c);
                c.setAutoCommit(false);
                assertThat(one(c, "select 1")).isEqualTo("1");
            }
        } finally {
            for (Connection c : open) {
                c.close();
            }
        }
    }

    @Test
    void connectionsSpreadOverHealthyHostsAndSkipADeadOne() throws Exception {
        try (FaultRelay second = FaultRelay.start("127.0.0.1", 5432);
                TestProxy proxy = proxy(
                        6,
                        Target.Role.ANY,
                        new Target.Endpoint("127.0.0.1", closedPort()),
                        new Target.Endpoint("127.0.0.1", 5432),
                        new Target.Endpoint("127.0.0.1", second.port()))) {
            fill(proxy, 6);
            // Six server connections, none on the dead host, some on each live one.
            assertThat(second.counts().accepted()).isBetween(1L, 5L);
        }
    }

    @Test
    void anEjectedHostComesBackByItself() throws Exception {
        try (FaultRelay flaky = FaultRelay.start("127.0.0.1", 5432);
                FaultRelay steady = FaultRelay.start("127.0.0.1", 5432);
                TestProxy proxy = proxy(
                        4,
                        Target.Role.ANY,
                        new Target.Endpoint("127.0.0.1", flaky.port()),
                        new Target.Endpoint("127.0.0.1", 5432),
                        new Target.Endpoint("127.0.0.1", steady.port()))) {
            flaky.refuseNewConnections();
            Await.until(Duration.ofSeconds(15), () -> {
                fillAfresh(proxy);
                return flaky.counts().refused() > 0;
            });
            assertThat(flaky.counts().open()).isZero();
            flaky.normal();
            // Ejected for about a second after its last failure: then new server connections reach it.
            Await.until(Duration.ofSeconds(15), () -> {
                fillAfresh(proxy);
                return flaky.counts().open() > 0;
            });
        }
    }

    /** Closes every idle server connection, then fills the pool with new ones. */
    private static void fillAfresh(TestProxy proxy) {
        try {
            proxy.px.backends().all().forEach(b -> b.evictAll());
            fill(proxy, 4);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void withEveryHostDownClientsFailAtOnceWithTheCause() throws Exception {
        try (TestProxy proxy = proxy(
                2,
                Target.Role.ANY,
                new Target.Endpoint("127.0.0.1", closedPort()),
                new Target.Endpoint("127.0.0.1", closedPort()))) {
            assertThatThrownBy(proxy::connect)
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("cannot connect to PostgreSQL at 127.0.0.1");
            long start = System.nanoTime();
            assertThatThrownBy(proxy::connect)
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08006"));
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
        }
    }

    @Test
    void theRoleOfEachHostDecidesWhereConnectionsGo() throws Exception {
        try (TestProxy rw = proxy(2, Target.Role.READ_WRITE, new Target.Endpoint("127.0.0.1", 5432));
                Connection c = rw.connect()) {
            assertThat(one(c, "select pg_is_in_recovery()::text")).isEqualTo("false");
        }
        // The only host is a primary: a read-only database has nowhere to go, and says why.
        try (TestProxy ro = proxy(2, Target.Role.READ_ONLY, new Target.Endpoint("127.0.0.1", 5432))) {
            assertThatThrownBy(ro::connect)
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("is a primary, not what target_session_attrs = read-only asks for");
        }
        // prefer-standby takes the primary when there is no standby.
        try (TestProxy ps = proxy(2, Target.Role.PREFER_STANDBY, new Target.Endpoint("127.0.0.1", 5432));
                Connection c = ps.connect()) {
            assertThat(one(c, "select 1")).isEqualTo("1");
        }
    }
}

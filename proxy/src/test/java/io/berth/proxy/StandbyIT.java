package io.berth.proxy;

import static io.berth.proxy.Sql.one;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.proxy.config.PoolMode;
import io.berth.proxy.internal.ProxySettings;
import io.berth.proxy.internal.ProxySettings.ClientAuthMethod;
import io.berth.proxy.internal.ServerTls;
import io.berth.proxy.internal.Target;
import io.berth.testkit.Await;
import io.berth.testkit.pg.PostgresStandby;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replica routing against a real streaming standby of the local PostgreSQL: target_session_attrs
 * sends read-only databases to the standby and read-write ones to the primary, and a promotion is
 * noticed without a restart.
 */
class StandbyIT {
    private static final Duration CHECK_DELAY = Duration.ofMillis(500);

    private static TestProxy proxy(PostgresStandby standby) throws Exception {
        ProxySettings s = TestProxy.settings(
                PoolMode.TRANSACTION, ClientAuthMethod.TRUST, 100, Duration.ofSeconds(5), CHECK_DELAY);
        List<Target.Endpoint> both =
                List.of(new Target.Endpoint("127.0.0.1", 5432), new Target.Endpoint("127.0.0.1", standby.port()));
        List<Target.Endpoint> standbyOnly = List.of(new Target.Endpoint("127.0.0.1", standby.port()));
        return TestProxy.start(s, (db, user) -> switch (db) {
            case "reads" -> target(both, Target.Role.READ_ONLY);
            case "writes" -> target(both, Target.Role.READ_WRITE);
            case "promoted" -> target(standbyOnly, Target.Role.READ_WRITE);
            default -> null;
        });
    }

    private static Target target(List<Target.Endpoint> hosts, Target.Role role) {
        return new Target(
                hosts.get(0).host(),
                hosts.get(0).port(),
                "test",
                "postgres",
                null,
                4,
                0,
                0,
                PoolMode.TRANSACTION,
                null,
                ServerTls.DISABLED,
                hosts,
                role,
                true);
    }

    private static boolean writableThrough(TestProxy proxy) {
        try (Connection c = proxy.connect("promoted", new java.util.Properties())) {
            return one(c, "select pg_is_in_recovery()::text").equals("false");
        } catch (SQLException e) {
            return false;
        }
    }

    @Test
    void readsGoToTheStandbyWritesToThePrimaryAndAPromotionIsNoticed() throws Exception {
        try (PostgresStandby standby = PostgresStandby.start();
                TestProxy proxy = proxy(standby)) {
            assertThat(standby.inRecovery()).isTrue();
            for (int i = 0; i < 5; i++) {
                try (Connection reads = proxy.connect("reads", new java.util.Properties());
                        Connection writes = proxy.connect("writes", new java.util.Properties())) {
                    assertThat(one(reads, "select pg_is_in_recovery()::text")).isEqualTo("true");
                    assertThat(one(writes, "select pg_is_in_recovery()::text")).isEqualTo("false");
                }
            }
            // Only the standby serves "promoted", which wants a primary: nothing until it is promoted.
            assertThat(writableThrough(proxy)).isFalse();
            standby.promote();
            assertThat(standby.inRecovery()).isFalse();
            long promotedAt = System.nanoTime();
            Await.until(Duration.ofSeconds(30), () -> writableThrough(proxy));
            System.out.printf(
                    "StandbyIT: promotion noticed %d ms after pg_ctl promote returned%n",
                    (System.nanoTime() - promotedAt) / 1_000_000);
        }
    }
}

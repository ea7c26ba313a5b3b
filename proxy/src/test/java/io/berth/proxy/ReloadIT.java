package io.berth.proxy;

import static io.berth.proxy.Sql.backendAlive;
import static io.berth.proxy.Sql.one;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.proxy.config.AuthType;
import io.berth.proxy.config.DatabaseConfig;
import io.berth.proxy.config.PoolMode;
import io.berth.proxy.config.ProxyConfig;
import io.berth.testkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RELOAD applies a new pool size in place and moves a database to another dbname without dropping a client. */
class ReloadIT {
    @TempDir
    Path dir;

    private ProxyConfig config(int poolSize, String dbname) throws Exception {
        Files.writeString(dir.resolve("users.txt"), "\"postgres\" \"\"\n");
        return ProxyConfig.custom()
                .listenAddr("127.0.0.1")
                .listenPort(0)
                .authType(AuthType.TRUST)
                .authFile(dir.resolve("users.txt"))
                .poolMode(PoolMode.TRANSACTION)
                .defaultPoolSize(poolSize)
                .queryWaitTimeout(Duration.ofSeconds(20))
                .database(DatabaseConfig.custom("app")
                        .host("127.0.0.1")
                        .port(5432)
                        .dbname(dbname)
                        .build())
                .build();
    }

    private static Connection connect(BerthProxy proxy) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + proxy.address().getPort() + "/app?sslmode=disable", p);
    }

    @Test
    void aLargerPoolAppliesInPlaceAndANewDbnameReplacesThePoolWithoutDroppingClients() throws Exception {
        try (BerthProxy proxy = BerthProxy.start(config(2, "test"))) {
            List<Connection> open = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    open.add(connect(proxy)); // pgjdbc runs statements while it connects: all three first
                }
                for (int i = 0; i < 2; i++) {
                    open.get(i).setAutoCommit(false);
                    one(open.get(i), "select 1");
                }
                // Both server connections are held: a third client waits...
                Connection third = open.get(2);
                third.setAutoCommit(false);
                CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> {
                    try {
                        return one(third, "select current_database()");
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertThat(waiting).isNotCompleted();
                // ...until a RELOAD makes the pool 4 (one more in each event loop's share): served
                // without anyone committing.
                proxy.reload(config(4, "test"));
                assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo("test");

                String oldPid = one(open.get(0), "select pg_backend_pid()");
                // The entry now points at another database: a new client lands there at once...
                proxy.reload(config(4, "postgres"));
                try (Connection fresh = connect(proxy)) {
                    assertThat(one(fresh, "select current_database()")).isEqualTo("postgres");
                }
                // ...while a client inside a transaction keeps its server until it commits,
                assertThat(one(open.get(0), "select current_database()")).isEqualTo("test");
                open.get(0).commit();
                // after which its old server connection is closed rather than reused.
                Await.until(Duration.ofSeconds(10), () -> !backendAlive(oldPid));
                assertThat(one(open.get(0), "select current_database()")).isEqualTo("postgres");
                for (Connection c : open) {
                    c.commit();
                }
            } finally {
                for (Connection c : open) {
                    c.close();
                }
            }
        }
    }
}

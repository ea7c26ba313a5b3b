package io.berth.proxy;

import static io.berth.proxy.Sql.one;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.proxy.config.AuthType;
import io.berth.proxy.config.DatabaseConfig;
import io.berth.proxy.config.PoolMode;
import io.berth.proxy.config.ProxyConfig;
import io.berth.testkit.Await;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart with so_reuseport: a second proxy starts on the same port, the first stops
 * accepting and drains its clients, and no client, old or new, sees an error.
 */
class RollingRestartIT {
    @TempDir
    Path dir;

    private ProxyConfig config(int port) throws Exception {
        Files.writeString(dir.resolve("users.txt"), "\"postgres\" \"\"\n");
        return ProxyConfig.custom()
                .listenAddr("127.0.0.1")
                .listenPort(port)
                .soReuseport(true)
                .authType(AuthType.TRUST)
                .authFile(dir.resolve("users.txt"))
                .poolMode(PoolMode.TRANSACTION)
                .defaultPoolSize(4)
                .database(DatabaseConfig.custom("test")
                        .host("127.0.0.1")
                        .port(5432)
                        .dbname("test")
                        .build())
                .build();
    }

    private static Connection connect(int port) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/test?sslmode=disable", p);
    }

    /** Opens {@code n} connections one after another, each running a statement; returns how many failed. */
    private static int newClients(int port, int n) {
        int failed = 0;
        for (int i = 0; i < n; i++) {
            try (Connection c = connect(port)) {
                assertThat(one(c, "select " + i)).isEqualTo(String.valueOf(i));
            } catch (SQLException e) {
                System.out.println("RollingRestartIT: client " + i + " failed: " + e + ", cause: " + e.getCause());
                failed++;
            }
        }
        return failed;
    }

    @Test
    void aNewProcessTakesOverThePortWhileTheOldOneDrains() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProxyConfig config = config(port);
        BerthProxy old = BerthProxy.start(config);
        try (Connection inFlight = connect(port)) {
            inFlight.setAutoCommit(false);
            assertThat(one(inFlight, "select 'begun on the old process'")).isNotNull();
            try (BerthProxy next = BerthProxy.start(config)) {
                assertThat(newClients(port, 50)).isZero(); // both listen: the kernel spreads them
                CompletableFuture<Boolean> drained =
                        CompletableFuture.supplyAsync(() -> old.shutdown(Duration.ofSeconds(20)));
                Await.until(Duration.ofSeconds(10), () -> old.addresses().isEmpty());
                // The old process no longer accepts but still serves its client's transaction.
                assertThat(newClients(port, 100)).isZero();
                assertThat(drained).isNotDone();
                assertThat(one(inFlight, "select 'finished on the old process'"))
                        .isNotNull();
                inFlight.commit();
                inFlight.close();
                assertThat(drained.get(20, TimeUnit.SECONDS))
                        .as("drained cleanly")
                        .isTrue();
                assertThat(newClients(port, 50)).isZero();
            }
        } finally {
            old.close();
        }
    }
}

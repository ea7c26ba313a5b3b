package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.proxy.config.AuthType;
import io.berth.proxy.config.DatabaseConfig;
import io.berth.proxy.config.PoolMode;
import io.berth.proxy.config.ProxyConfig;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database whose server is down: clients get 08006 with the cause at once, not after query_wait_timeout. */
class ServerDownIT {
    @TempDir
    Path dir;

    @Test
    void clientsOfADownServerGet08006WithTheCauseQuickly() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Files.writeString(dir.resolve("users.txt"), "\"postgres\" \"\"\n");
        ProxyConfig config = ProxyConfig.custom()
                .listenAddr("127.0.0.1")
                .listenPort(0)
                .authType(AuthType.TRUST)
                .authFile(dir.resolve("users.txt"))
                .poolMode(PoolMode.TRANSACTION)
                .queryWaitTimeout(Duration.ofSeconds(60))
                .database(DatabaseConfig.custom("down")
                        .host("127.0.0.1")
                        .port(closedPort)
                        .dbname("test")
                        .build())
                .database(DatabaseConfig.custom("test")
                        .host("127.0.0.1")
                        .port(5432)
                        .dbname("test")
                        .build())
                .build();
        try (BerthProxy proxy = BerthProxy.start(config)) {
            Properties p = new Properties();
            p.setProperty("user", "postgres");
            String base = "jdbc:postgresql://127.0.0.1:" + proxy.address().getPort() + "/";
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> DriverManager.getConnection(base + "down?sslmode=disable", p))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("127.0.0.1:" + closedPort)
                        .satisfies(e ->
                                assertThat(((SQLException) e).getSQLState()).isEqualTo("08006"));
                assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
            }
            // Everyone else is served meanwhile.
            DriverManager.getConnection(base + "test?sslmode=disable", p).close();
        }
    }
}

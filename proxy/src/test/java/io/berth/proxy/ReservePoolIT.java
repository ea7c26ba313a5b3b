package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.proxy.config.AuthType;
import io.berth.proxy.config.DatabaseConfig;
import io.berth.proxy.config.PoolMode;
import io.berth.proxy.config.ProxyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** reserve_pool_size and reserve_pool_timeout: a client that waited long enough gets an extra server connection. */
class ReservePoolIT {
    @TempDir
    Path dir;

    @Test
    void aClientWaitingReservePoolTimeoutGetsAReserveConnection() throws Exception {
        Files.writeString(dir.resolve("users.txt"), "\"postgres\" \"\"\n");
        ProxyConfig config = ProxyConfig.custom()
                .listenAddr("127.0.0.1")
                .listenPort(0)
                .authType(AuthType.TRUST)
                .authFile(dir.resolve("users.txt"))
                .poolMode(PoolMode.TRANSACTION)
                .defaultPoolSize(1)
                .reservePoolSize(1)
                .reservePoolTimeout(Duration.ofMillis(500))
                .queryWaitTimeout(Duration.ofSeconds(20))
                .database(DatabaseConfig.custom("test")
                        .host("127.0.0.1")
                        .port(5432)
                        .dbname("test")
                        .build())
                .build();
        try (BerthProxy proxy = BerthProxy.start(config)) {
            Properties p = new Properties();
            p.setProperty("user", "postgres");
            String url = "jdbc:postgresql://127.0.0.1:" + proxy.address().getPort() + "/test?sslmode=disable";
            try (Connection holder = DriverManager.getConnection(url, p);
                    Connection late = DriverManager.getConnection(url, p)) {
                holder.setAutoCommit(false);
                int held = pid(holder);
                long start = System.nanoTime();
                int reserve = pid(late);
                long waitedMs = (System.nanoTime() - start) / 1_000_000;
                assertThat(reserve).isNotEqualTo(held);
                assertThat(waitedMs).isBetween(400L, 5_000L);
                holder.commit();
            }
        }
    }

    private static int pid(Connection c) throws Exception {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}

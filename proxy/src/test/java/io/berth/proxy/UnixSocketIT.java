package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.proxy.config.AuthType;
import io.berth.proxy.config.DatabaseConfig;
import io.berth.proxy.config.PoolMode;
import io.berth.proxy.config.ProxyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** unix_socket_dir: psql connects over the socket file, named as PostgreSQL and PgBouncer name it. */
class UnixSocketIT {
    @TempDir
    Path dir;

    @Test
    void psqlConnectsOverTheUnixSocket() throws Exception {
        Files.writeString(dir.resolve("users.txt"), "\"postgres\" \"\"\n");
        ProxyConfig config = ProxyConfig.custom()
                .listenAddr("127.0.0.1")
                .listenPort(0)
                .unixSocketDir(dir.toString())
                .authType(AuthType.TRUST)
                .authFile(dir.resolve("users.txt"))
                .poolMode(PoolMode.TRANSACTION)
                .database(DatabaseConfig.custom("test")
                        .host("127.0.0.1")
                        .port(5432)
                        .dbname("test")
                        .build())
                .build();
        int port;
        try (BerthProxy proxy = BerthProxy.start(config)) {
            port = proxy.address().getPort();
            Path socket = dir.resolve(".s.PGSQL." + port);
            assertThat(socket).exists();
            Tools.Result r = Tools.psqlOverSocket(dir, port, "select 'over the socket'");
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output().strip()).isEqualTo("over the socket");
        }
        assertThat(dir.resolve(".s.PGSQL." + port)).doesNotExist();
    }
}

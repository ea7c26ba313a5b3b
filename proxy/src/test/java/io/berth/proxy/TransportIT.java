package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.proxy.config.PoolMode;
import io.berth.proxy.internal.Transport;
import io.berth.testkit.Await;
import io.berth.testkit.pg.PostgresFixture;
import io.netty.channel.uring.IoUring;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The proxy on each transport: Linux's io_uring and epoll (Netty's native libraries) and the JDK's NIO, with
 * queries, a cancel (a connection of its own to PostgreSQL) and a Unix socket listener on each.
 */
class TransportIT {
    @TempDir
    Path dir;

    @Test
    void autoPicksEpollOnLinuxAndIoUringLoadsWhereTheKernelAllowsIt() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        boolean shipped = os.contains("linux") && (arch.equals("amd64") || arch.equals("aarch64"));
        assertThat(Transport.choose("auto")).isEqualTo(shipped ? Transport.EPOLL : Transport.NIO);
        assertThat(Transport.choose(" NIO ")).isEqualTo(Transport.NIO);
        assertThat(Transport.IO_URING.propertyValue()).isEqualTo("io_uring");
        if (shipped && ioUringAllowedByKernel()) {
            // The kernel allows io_uring to everyone here: the shipped library must load.
            assertThat(IoUring.isAvailable())
                    .as(String.valueOf(IoUring.unavailabilityCause()))
                    .isTrue();
        }
    }

    @Test
    void anUnknownTransportIsRefusedByName() {
        assertThatThrownBy(() -> Transport.choose("kqueue"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("berth.transport=kqueue is not a transport; allowed: auto, io_uring, epoll, nio");
    }

    @Test
    void aTransportThatDoesNotLoadIsRefusedWithItsCause() {
        if (IoUring.isAvailable()) {
            assertThat(Transport.choose("io_uring")).isEqualTo(Transport.IO_URING);
        } else {
            assertThatThrownBy(() -> Transport.choose("io_uring"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith(
                            "berth.transport=io_uring, but Netty's io_uring transport does not load here")
                    .hasMessageEndingWith("use berth.transport=auto to take the best one that does");
        }
    }

    /** Linux's kernel.io_uring_disabled: 0 lets every process use io_uring (absent before 6.6: allowed). */
    private static boolean ioUringAllowedByKernel() {
        Path knob = Path.of("/proc/sys/kernel/io_uring_disabled");
        try {
            return !java.nio.file.Files.exists(knob)
                    || java.nio.file.Files.readString(knob).strip().equals("0");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void queriesCancelsAndUnixSocketsWork(Transport transport) throws Exception {
        if (transport == Transport.IO_URING && !IoUring.isAvailable()) {
            // Where the kernel forbids io_uring, choosing it must say so (aTransportThatDoesNotLoad...);
            // there is nothing to run a proxy on.
            assertThatThrownBy(() -> Transport.choose("io_uring")).isInstanceOf(IllegalStateException.class);
            return;
        }
        java.util.Set<Integer> serverPorts;
        try (TestProxy proxy = TestProxy.start(PoolMode.TRANSACTION, transport)) {
            assertThat(Transport.of(proxy.workers)).isEqualTo(transport);
            try (Connection c = proxy.connect();
                    PreparedStatement ps = c.prepareStatement("select ?::int * 2")) {
                for (int i = 0; i < 20; i++) {
                    ps.setInt(1, i);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        assertThat(rs.getInt(1)).isEqualTo(2 * i);
                    }
                }
            }
            cancelReachesTheServer(proxy, transport);
            psqlOverTheUnixSocket(proxy, transport);
            serverPorts = PgActivity.proxyPorts(proxy);
            assertThat(serverPorts).isNotEmpty();
        }
        // Closing the proxy closed its server connections: PostgreSQL's sessions on them end.
        try (PgActivity pg = new PgActivity("test")) {
            Await.until(java.time.Duration.ofSeconds(5), () -> java.util.Collections.disjoint(pg.ports(), serverPorts));
        }
    }

    private static void cancelReachesTheServer(TestProxy proxy, Transport transport) throws Exception {
        String sql = "select pg_sleep(20) /* " + transport + " */";
        try (Connection c = proxy.connect();
                Statement s = c.createStatement()) {
            CompletableFuture<Void> canceller = CompletableFuture.runAsync(() -> {
                try {
                    Await.until(() -> running(sql) > 0);
                    s.cancel();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThatThrownBy(() -> s.execute(sql))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
            canceller.join();
        }
    }

    private void psqlOverTheUnixSocket(TestProxy proxy, Transport transport) throws Exception {
        Path socketDir = dir.resolve(transport.name());
        java.nio.file.Files.createDirectories(socketDir);
        Path socket = socketDir.resolve(".s.PGSQL." + proxy.port);
        proxy.server.bindUnix(socket, 0777);
        assertThat(socket).exists();
        Tools.Result r = Tools.psqlOverSocket(socketDir, proxy.port, "select 'unix on " + transport + "'");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output().strip()).isEqualTo("unix on " + transport);
    }

    private static int running(String sql) {
        try (Connection pg = PostgresFixture.connect();
                Statement st = pg.createStatement();
                ResultSet rs = st.executeQuery(
                        "select count(*) from pg_stat_activity where state = 'active' and query = '" + sql + "'")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

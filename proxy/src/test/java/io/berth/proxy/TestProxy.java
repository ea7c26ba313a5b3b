package io.berth.proxy;

import io.berth.proxy.config.PoolMode;
import io.berth.proxy.internal.AuthStore;
import io.berth.proxy.internal.ProxyContext;
import io.berth.proxy.internal.ProxyServer;
import io.berth.proxy.internal.ProxySettings;
import io.berth.proxy.internal.ProxySettings.ClientAuthMethod;
import io.berth.proxy.internal.Target;
import io.berth.proxy.internal.Transport;
import io.netty.channel.EventLoopGroup;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;

/** A proxy in front of the local PostgreSQL (database test, user postgres), for integration tests. */
final class TestProxy implements AutoCloseable {
    static final String PG_HOST = "127.0.0.1";
    static final int PG_PORT = 5432;

    final ProxyContext px;
    final ProxyServer server;
    final EventLoopGroup workers;
    final ExecutorService blocking;
    final int port;

    private TestProxy(ProxySettings settings, int poolSize, Map<String, String> userlist) throws Exception {
        this(settings, poolSize, userlist, "postgres", null);
    }

    private TestProxy(
            ProxySettings settings,
            int poolSize,
            Map<String, String> userlist,
            String serverUser,
            String serverPassword)
            throws Exception {
        this(
                settings,
                userlist,
                (db, user) -> db.equals("test") || db.equals("postgres") || db.startsWith("berth_")
                        ? new Target(
                                PG_HOST,
                                PG_PORT,
                                db,
                                serverUser == null ? user : serverUser,
                                serverPassword,
                                poolSize,
                                0,
                                0,
                                settings.poolMode(),
                                null)
                        : null);
    }

    private TestProxy(ProxySettings settings, Map<String, String> userlist, BiFunction<String, String, Target> targets)
            throws Exception {
        this(settings, userlist, targets, Transport.choose().group(2));
    }

    private TestProxy(
            ProxySettings settings,
            Map<String, String> userlist,
            BiFunction<String, String, Target> targets,
            EventLoopGroup workers)
            throws Exception {
        this.workers = workers;
        blocking = Executors.newVirtualThreadPerTaskExecutor();
        px = new ProxyContext(settings, targets, new AuthStore(userlist), workers, blocking);
        server = new ProxyServer(px);
        port = server.bind("127.0.0.1", 0).getPort();
    }

    /** A proxy whose databases go where {@code targets} says (null: no such database), trust auth. */
    static TestProxy start(ProxySettings settings, BiFunction<String, String, Target> targets) throws Exception {
        return new TestProxy(settings, Map.of(), targets);
    }

    /** Trust auth, pool size 4, on the given transport instead of the one the system picks. */
    static TestProxy start(PoolMode mode, Transport transport) throws Exception {
        return new TestProxy(
                settings(mode, ClientAuthMethod.TRUST, 100, Duration.ofSeconds(10)),
                Map.of(),
                (db, user) ->
                        db.equals("test") ? new Target(PG_HOST, PG_PORT, db, user, null, 4, 0, 0, mode, null) : null,
                transport.group(2));
    }

    static TestProxy start(PoolMode mode) throws Exception {
        return start(mode, ClientAuthMethod.TRUST, 4, Map.of());
    }

    static TestProxy start(PoolMode mode, ClientAuthMethod auth, int poolSize, Map<String, String> userlist)
            throws Exception {
        return new TestProxy(settings(mode, auth, 100, Duration.ofSeconds(10)), poolSize, userlist);
    }

    static ProxySettings settings(PoolMode mode, ClientAuthMethod auth, int maxClients, Duration queryWait) {
        return settings(mode, auth, maxClients, queryWait, Duration.ofSeconds(30));
    }

    /** With another server_check_delay (also how old a host's known role may get). */
    static ProxySettings settings(
            PoolMode mode, ClientAuthMethod auth, int maxClients, Duration queryWait, Duration checkDelay) {
        return new ProxySettings(
                auth,
                mode,
                maxClients,
                Duration.ofSeconds(5),
                Duration.ofHours(1),
                Duration.ofMinutes(10),
                Duration.ofSeconds(5),
                Duration.ofSeconds(1),
                "DISCARD ALL",
                false,
                "select 1",
                checkDelay,
                queryWait,
                Duration.ofSeconds(60),
                Set.of("extra_float_digits"),
                Set.of("postgres"),
                Set.of(),
                1 << 30);
    }

    /** A proxy that logs in to PostgreSQL as each client's own user ({@code serverUser == null}) or as one user. */
    static TestProxy start(
            ProxySettings settings,
            int poolSize,
            Map<String, String> userlist,
            String serverUser,
            String serverPassword)
            throws Exception {
        return new TestProxy(settings, poolSize, userlist, serverUser, serverPassword);
    }

    static TestProxy start(ProxySettings settings, int poolSize) throws Exception {
        return new TestProxy(settings, poolSize, Map.of());
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?sslmode=disable";
    }

    Connection connect(String database, Properties extra) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.putAll(extra);
        return DriverManager.getConnection(jdbcUrl(database), p);
    }

    Connection connect() throws SQLException {
        return connect("test", new Properties());
    }

    @Override
    public void close() {
        server.close();
        px.close();
        px.awaitChannelsClosed(java.time.Duration.ofSeconds(2), false);
        workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        blocking.shutdownNow();
    }
}

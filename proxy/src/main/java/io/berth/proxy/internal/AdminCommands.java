package io.berth.proxy.internal;

import io.berth.pg.protocol.BackendKeyData;
import io.berth.pg.protocol.ParameterStatus;
import io.berth.pg.protocol.ReadyForQuery;
import io.berth.pg.protocol.SqlState;
import io.berth.proxy.config.AuthType;
import io.berth.proxy.config.ProxyConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The admin console, PgBouncer's: the virtual database {@code pgbouncer} (alias {@code berth}).
 *
 * <p>Who may do what, as PgBouncer: users in admin_users run every command; users in stats_users
 * run SHOW only (other commands answer 42501); with {@code auth_type = any} every other user is a
 * stats user too; anyone else is refused at login with FATAL 28000. PgBouncer's extra rule for the
 * user {@code pgbouncer} over its own Unix socket (same OS user as the process) is not followed:
 * list {@code pgbouncer} in admin_users to get the same.
 *
 * <p>A console session answers on its client's event loop ({@link AdminSession}); SHOW tables come
 * from {@link AdminShow} and {@link AdminStats}, control commands from {@link AdminControl}.
 */
public final class AdminCommands implements AdminConsole {
    /** Re-reads the configuration; fails with the configuration's error, and then changes nothing. */
    @FunctionalInterface
    public interface Reload {
        void run() throws Exception;
    }

    /** server_version when no server connection has told Berth the real one yet. */
    static final String FALLBACK_SERVER_VERSION = "15.0 (Berth)";

    private enum Access {
        ADMIN,
        STATS,
        NONE
    }

    final ProxyContext px;
    final Supplier<ProxyConfig> config;
    final Reload reload;
    final Runnable shutdown;
    final AdminStats stats;
    /** Open console sessions: SHOW CLIENTS, POOLS and LISTS count them, as PgBouncer's admin pool. */
    final Set<AdminSession> sessions = ConcurrentHashMap.newKeySet();
    /**
     * Server connections RECONNECT or KILL told to close when released: SHOW SERVERS' close_needed,
     * and what WAIT_CLOSE waits for. Each leaves the set when its channel closes.
     */
    final Set<ServerConnection> closeNeeded = ConcurrentHashMap.newKeySet();

    private final SecureRandom random = new SecureRandom();

    public AdminCommands(ProxyContext px, Supplier<ProxyConfig> config, Reload reload, Runnable shutdown) {
        this.px = px;
        this.config = config;
        this.reload = reload;
        this.shutdown = shutdown;
        this.stats = new AdminStats(px, System.nanoTime());
        scheduleStats(px.workers().next());
    }

    /** Takes a stats snapshot every stats_period (read again at each turn, so RELOAD changes it). */
    private void scheduleStats(EventLoop loop) {
        long delay = statsPeriod().toNanos();
        loop.schedule(
                () -> {
                    stats.runMaintenance(System.nanoTime());
                    scheduleStats(loop);
                },
                delay,
                TimeUnit.NANOSECONDS);
    }

    private Duration statsPeriod() {
        ProxyConfig c = config.get();
        return c == null ? Duration.ofSeconds(60) : c.statsPeriod();
    }

    @Override
    public void open(ChannelHandlerContext ctx, ClientInfo client) {
        Access access = access(client.user());
        if (access == Access.NONE) {
            // ClientLogin counted the connection at accept and leaves the count to whoever takes the
            // channel over after login; nobody does here.
            ctx.channel().closeFuture().addListener(f -> px.clients().closed());
            Errors.fatal(
                    ctx.channel(),
                    SqlState.INVALID_AUTHORIZATION,
                    "not allowed to connect to the admin console",
                    "user \"" + client.user() + "\" is in neither admin_users nor stats_users");
            return;
        }
        BackendKeyData key = BackendKeyData.of(random.nextInt() & 0x7fffffff, random.nextInt());
        AdminSession session = new AdminSession(this, client, access == Access.ADMIN);
        ctx.pipeline().replace("login", "admin", session);
        sessions.add(session);
        greeting(client).forEach((k, v) -> ctx.write(new ParameterStatus(k, v)));
        // A cancel with this key finds no session (Clients does not know it), so it does nothing.
        ctx.write(key);
        ctx.writeAndFlush(ReadyForQuery.IDLE);
    }

    private Access access(String user) {
        ProxySettings s = px.settings();
        if (s.adminUsers().contains(user)) {
            return Access.ADMIN;
        }
        if (s.statsUsers().contains(user)) {
            return Access.STATS;
        }
        ProxyConfig c = config.get();
        return c != null && c.authType() == AuthType.ANY ? Access.STATS : Access.NONE;
    }

    private Map<String, String> greeting(ClientInfo client) {
        Map<String, String> g = new LinkedHashMap<>();
        g.put("server_version", serverVersion());
        g.put("server_encoding", "UTF8");
        g.put("client_encoding", "UTF8");
        g.put("DateStyle", "ISO");
        g.put("TimeZone", "UTC");
        g.put("integer_datetimes", "on");
        g.put("standard_conforming_strings", "on");
        g.put("is_superuser", "on");
        g.put("application_name", client.applicationName());
        return g;
    }

    /** The real server's version, as any pool's first login reported it, so psql does not warn. */
    private String serverVersion() {
        for (Backend b : px.backends().all()) {
            Map<String, String> w = b.welcome;
            String v = w == null ? null : w.get("server_version");
            if (v != null) {
                return v;
            }
        }
        return FALLBACK_SERVER_VERSION;
    }

    /** Marks a server connection for SHOW SERVERS' close_needed and WAIT_CLOSE until it closes. */
    void markCloseNeeded(ServerConnection s) {
        if (s.channel().isActive() && closeNeeded.add(s)) {
            s.channel().closeFuture().addListener(f -> closeNeeded.remove(s));
        }
    }

    void closed(AdminSession session) {
        sessions.remove(session);
        px.clients().closed();
    }
}

package io.berth.proxy.internal;

import io.berth.pg.protocol.BackendKeyData;
import io.berth.pg.protocol.ParameterStatus;
import io.berth.pg.protocol.ReadyForQuery;
import io.berth.pg.protocol.SqlState;
import io.berth.proxy.Version;
import io.berth.proxy.config.ProxyConfig;
import io.netty.channel.ChannelHandlerContext;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The admin console, PgBouncer's: the virtual database {@code pgbouncer} (alias {@code berth}).
 * Users in admin_users may run every command; users in stats_users only SHOW; anyone else is
 * refused at login with 28000.
 */
public final class AdminCommands implements AdminConsole {
    /** Re-reads the configuration; may fail with the configuration's error. */
    @FunctionalInterface
    public interface Reload {
        void run() throws Exception;
    }

    final ProxyContext px;
    final Supplier<ProxyConfig> config;
    final Reload reload;
    final Runnable shutdown;
    final long startedAt = System.currentTimeMillis();

    public AdminCommands(ProxyContext px, Supplier<ProxyConfig> config, Reload reload, Runnable shutdown) {
        this.px = px;
        this.config = config;
        this.reload = reload;
        this.shutdown = shutdown;
    }

    @Override
    public void open(ChannelHandlerContext ctx, ClientInfo client) {
        ProxySettings s = px.settings();
        boolean admin = s.adminUsers().contains(client.user());
        boolean stats = admin || s.statsUsers().contains(client.user());
        if (!stats) {
            Errors.fatal(
                    ctx.channel(),
                    SqlState.INVALID_AUTHORIZATION,
                    "not allowed to connect to the admin console: " + client.user()
                            + " is in neither admin_users nor stats_users",
                    null);
            return;
        }
        px.clients().opened();
        ctx.pipeline().replace("login", "admin", new AdminSession(this, client, admin));
        Map<String, String> greeting = Map.of(
                "server_version", "15.0 (Berth " + Version.current() + ")",
                "client_encoding", "UTF8",
                "server_encoding", "UTF8",
                "DateStyle", "ISO",
                "TimeZone", "UTC",
                "standard_conforming_strings", "on",
                "integer_datetimes", "on",
                "application_name", client.applicationName());
        greeting.forEach((k, v) -> ctx.write(new ParameterStatus(k, v)));
        ctx.write(BackendKeyData.of(0, 0));
        ctx.writeAndFlush(ReadyForQuery.IDLE);
    }
}

package io.berth.proxy.internal;

import io.berth.pg.protocol.CommandComplete;
import io.berth.pg.protocol.DataRow;
import io.berth.pg.protocol.EmptyQueryResponse;
import io.berth.pg.protocol.ErrorResponse;
import io.berth.pg.protocol.Query;
import io.berth.pg.protocol.ReadyForQuery;
import io.berth.pg.protocol.RowDescription;
import io.berth.pg.protocol.SqlState;
import io.berth.pg.protocol.Sync;
import io.berth.pg.protocol.Terminate;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One admin console client, on its event loop. Speaks the simple query protocol only: each Query
 * holds one command, {@code VERB [argument]} with an optional trailing {@code ;}, case-insensitive,
 * the argument optionally a double-quoted name (PgBouncer's grammar). Extended-protocol messages get
 * one ERROR 0A000 and are skipped up to the next Sync, which answers ReadyForQuery.
 *
 * <p>A command that waits (PAUSE, WAIT_CLOSE) stops reading from the client until it answers, so a
 * pipelined command is not answered out of order.
 */
final class AdminSession extends ChannelInboundHandlerAdapter {
    /** SHOW HELP's lines, PgBouncer's minus what Berth does not have (SHOW FDS, SOCKETS, MEM; SET). */
    static final List<String> USAGE = List.of(
            "SHOW HELP|CONFIG|DATABASES|POOLS|CLIENTS|SERVERS|USERS|VERSION",
            "SHOW LISTS|DNS_HOSTS|DNS_ZONES",
            "SHOW STATS|STATS_TOTALS|STATS_AVERAGES|TOTALS",
            "RELOAD",
            "PAUSE [<db>]",
            "RESUME [<db>]",
            "DISABLE <db>",
            "ENABLE <db>",
            "RECONNECT [<db>]",
            "KILL <db>",
            "SUSPEND",
            "SHUTDOWN",
            "WAIT_CLOSE [<db>]");

    private static final String HINT = "SHOW HELP lists the commands: " + String.join("; ", USAGE);
    private static final Set<String> CONTROL = Set.of(
            "PAUSE", "RESUME", "SUSPEND", "KILL", "RECONNECT", "WAIT_CLOSE", "ENABLE", "DISABLE", "RELOAD", "SHUTDOWN");

    private final AdminCommands admin;
    private final ClientInfo client;
    private final boolean mayControl;
    private final long connectedAt = System.currentTimeMillis();
    private volatile long requestAt = connectedAt;
    private boolean skipToSync;

    AdminSession(AdminCommands admin, ClientInfo client, boolean mayControl) {
        this.admin = admin;
        this.client = client;
        this.mayControl = mayControl;
    }

    ClientInfo client() {
        return client;
    }

    long connectedAt() {
        return connectedAt;
    }

    long requestAt() {
        return requestAt;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            requestAt = System.currentTimeMillis();
            if (msg instanceof Terminate) {
                ctx.close();
            } else if (msg instanceof Sync) {
                skipToSync = false;
                ctx.writeAndFlush(ReadyForQuery.IDLE);
            } else if (skipToSync) {
                // skipped, as PostgreSQL skips to Sync after an error
            } else if (msg instanceof Query q) {
                run(ctx, q.sql());
            } else {
                skipToSync = true;
                ctx.writeAndFlush(ErrorResponse.error(
                        SqlState.FEATURE_NOT_SUPPORTED, "the admin console speaks the simple query protocol only"));
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void run(ChannelHandlerContext ctx, String sql) {
        String text = sql.strip();
        if (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        if (text.isEmpty()) {
            ctx.write(EmptyQueryResponse.INSTANCE);
            ctx.writeAndFlush(ReadyForQuery.IDLE);
            return;
        }
        String[] words = text.split("\\s+", 2);
        String verb = words[0].toUpperCase(Locale.ROOT);
        if (verb.equals("SET")) {
            set(ctx, text);
            return;
        }
        String arg = words.length > 1 ? argument(words[1]) : null;
        if (words.length > 1 && arg == null) {
            error(ctx, SqlState.SYNTAX_ERROR, "invalid command '" + sql + "', use SHOW HELP;");
            return;
        }
        if (verb.equals("SHOW")) {
            show(ctx, arg);
        } else if (!CONTROL.contains(verb)) {
            error(ctx, SqlState.SYNTAX_ERROR, "invalid command '" + sql + "', use SHOW HELP;");
        } else if (!mayControl) {
            error(
                    ctx,
                    SqlState.INSUFFICIENT_PRIVILEGE,
                    "admin access needed: " + client.user() + " may run SHOW commands only (stats_users)");
        } else {
            new AdminControl(admin, this, ctx).run(verb, arg);
        }
    }

    /** One name, bare or double-quoted ({@code ""} inside quotes is a quote), or {@code null}. */
    private static String argument(String s) {
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            String inner = s.substring(1, s.length() - 1);
            return inner.isEmpty() || inner.replace("\"\"", "").contains("\"") ? null : inner.replace("\"\"", "\"");
        }
        return s.matches("[A-Za-z0-9_.$-]+") ? s : null;
    }

    private void show(ChannelHandlerContext ctx, String what) {
        String name = what == null ? "" : what.toUpperCase(Locale.ROOT);
        if (AdminShow.NOT_SUPPORTED.contains(name)) {
            error(
                    ctx,
                    SqlState.FEATURE_NOT_SUPPORTED,
                    "SHOW " + name + " is PgBouncer-internal; Berth does not have it");
            return;
        }
        AdminShow.Table t = what == null ? null : new AdminShow(admin).table(name, ctx);
        if (t == null) {
            error(ctx, SqlState.SYNTAX_ERROR, "unknown SHOW command: " + (what == null ? "(none)" : what));
            return;
        }
        if (!t.columns().isEmpty()) {
            ctx.write(new RowDescription(t.columns()));
            for (List<String> row : t.rows()) {
                ctx.write(new DataRow(new ArrayList<>(row)));
            }
        }
        done(ctx, "SHOW");
    }

    /**
     * SET of a session setting (drivers send {@code SET extra_float_digits}, {@code SET
     * application_name} on connect) is accepted and has no effect; SET of a configuration key is
     * refused: Berth changes its configuration from the file, with RELOAD.
     */
    private void set(ChannelHandlerContext ctx, String text) {
        String rest = text.substring(3).strip();
        int end = 0;
        while (end < rest.length() && (Character.isLetterOrDigit(rest.charAt(end)) || rest.charAt(end) == '_')) {
            end++;
        }
        String key = rest.substring(0, end).toLowerCase(Locale.ROOT);
        boolean configKey =
                admin.config.get().describe().stream().anyMatch(c -> c.key().equals(key));
        if (configKey) {
            error(
                    ctx,
                    SqlState.FEATURE_NOT_SUPPORTED,
                    "SET " + key + " is not supported by Berth's console: "
                            + "change it in the configuration file and run RELOAD");
            return;
        }
        done(ctx, "SET");
    }

    /** Answers the command: CommandComplete with {@code tag}, ReadyForQuery; reads the next one. */
    void done(ChannelHandlerContext ctx, String tag) {
        ctx.write(new CommandComplete(tag));
        ctx.writeAndFlush(ReadyForQuery.IDLE);
        ctx.channel().config().setAutoRead(true);
    }

    /** Answers the command with an ERROR (the session goes on), ReadyForQuery; reads the next one. */
    void error(ChannelHandlerContext ctx, String sqlState, String message) {
        ctx.write(ErrorResponse.of("ERROR", sqlState, message, sqlState.equals(SqlState.SYNTAX_ERROR) ? HINT : null));
        ctx.writeAndFlush(ReadyForQuery.IDLE);
        ctx.channel().config().setAutoRead(true);
    }

    /** The command answers later: read nothing more until it does. */
    void answerLater(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(false);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        admin.closed(this);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Errors.protocolViolation(ctx.channel(), cause);
    }
}

package io.berth.proxy.internal;

import io.berth.pg.protocol.CommandComplete;
import io.berth.pg.protocol.DataRow;
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
import java.util.List;
import java.util.Locale;

/**
 * One admin console client: answers simple-protocol commands one Query at a time. Commands that
 * wait (PAUSE, WAIT_CLOSE) answer later from a timer on this channel's event loop.
 */
final class AdminSession extends ChannelInboundHandlerAdapter {
    private final AdminCommands admin;
    private final ClientInfo client;
    private final boolean mayControl;
    private boolean extendedRefused;

    AdminSession(AdminCommands admin, ClientInfo client, boolean mayControl) {
        this.admin = admin;
        this.client = client;
        this.mayControl = mayControl;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Query q) {
                run(ctx, q.sql());
            } else if (msg instanceof Terminate) {
                ctx.close();
            } else if (msg instanceof Sync) {
                extendedRefused = false;
                ctx.writeAndFlush(ReadyForQuery.IDLE);
            } else if (!extendedRefused) {
                extendedRefused = true;
                ctx.writeAndFlush(ErrorResponse.error(
                        SqlState.FEATURE_NOT_SUPPORTED, "the admin console speaks the simple query protocol only"));
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void run(ChannelHandlerContext ctx, String sql) {
        String text = sql.strip();
        while (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        String[] words = text.isEmpty() ? new String[0] : text.split("\\s+");
        if (words.length == 0) {
            ctx.write(io.berth.pg.protocol.EmptyQueryResponse.INSTANCE);
            ctx.writeAndFlush(ReadyForQuery.IDLE);
            return;
        }
        String verb = words[0].toUpperCase(Locale.ROOT);
        String arg = words.length > 1 ? words[1] : null;
        if (verb.equals("SHOW")) {
            AdminShow.Table t = arg == null ? null : new AdminShow(admin).table(arg.toUpperCase(Locale.ROOT), ctx);
            if (t == null) {
                error(ctx, SqlState.SYNTAX_ERROR, "unknown SHOW command: " + (arg == null ? "" : arg));
                return;
            }
            if (!t.columns().isEmpty()) {
                ctx.write(new RowDescription(t.columns()));
                for (List<String> row : t.rows()) {
                    ctx.write(new DataRow(row));
                }
            }
            done(ctx, "SHOW");
            return;
        }
        if (verb.equals("SET")) {
            set(ctx, text);
            return;
        }
        if (!mayControl) {
            error(
                    ctx,
                    SqlState.INSUFFICIENT_PRIVILEGE,
                    "admin access needed: " + client.user() + " is a stats user only");
            return;
        }
        new AdminControl(admin, this, ctx).run(verb, arg);
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

    void done(ChannelHandlerContext ctx, String tag) {
        ctx.write(new CommandComplete(tag));
        ctx.writeAndFlush(ReadyForQuery.IDLE);
    }

    void error(ChannelHandlerContext ctx, String sqlState, String message) {
        ctx.write(ErrorResponse.of(
                "ERROR",
                sqlState,
                message,
                "SHOW HELP lists the commands: SHOW POOLS|STATS|CLIENTS|SERVERS|DATABASES|USERS|CONFIG|LISTS|VERSION, "
                        + "PAUSE, RESUME, RELOAD, SUSPEND, SHUTDOWN, KILL, RECONNECT, WAIT_CLOSE, ENABLE, DISABLE"));
        ctx.writeAndFlush(ReadyForQuery.IDLE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        admin.px.clients().closed();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Errors.protocolViolation(ctx.channel(), cause);
    }
}

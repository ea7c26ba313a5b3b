package io.berth.proxy.internal;

import io.berth.pg.protocol.SqlState;
import io.netty.channel.ChannelHandlerContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The admin console's control commands, as PgBouncer's: PAUSE and RESUME (a database or all),
 * SUSPEND, KILL, RECONNECT, WAIT_CLOSE, ENABLE and DISABLE, RELOAD and SHUTDOWN. Commands that wait
 * poll on the console client's event loop; they never block it.
 */
final class AdminControl {
    private static final long POLL_MS = 20;

    private final AdminCommands admin;
    private final AdminSession session;
    private final ChannelHandlerContext ctx;

    AdminControl(AdminCommands admin, AdminSession session, ChannelHandlerContext ctx) {
        this.admin = admin;
        this.session = session;
        this.ctx = ctx;
    }

    void run(String verb, String db) {
        ProxyContext px = admin.px;
        switch (verb) {
            case "PAUSE" -> {
                px.setPaused(db, true);
                waitThenDone("PAUSE", () -> leased(db) == 0);
            }
            case "SUSPEND" -> {
                px.setPaused(null, true);
                waitThenDone("SUSPEND", () -> leased(null) == 0);
            }
            case "RESUME" -> {
                px.setPaused(db, false);
                session.done(ctx, "RESUME");
            }
            case "KILL" -> {
                if (db == null) {
                    session.error(ctx, SqlState.SYNTAX_ERROR, "KILL needs a database name");
                    return;
                }
                px.setPaused(db, true);
                for (ClientSession c : px.clients().sessions()) {
                    if (c.info().database().equals(db)) {
                        c.terminate("database " + db + " was killed by the admin console");
                    }
                }
                backends(db).forEach(Backend::evictAll);
                session.done(ctx, "KILL");
            }
            case "RECONNECT" -> {
                backends(db).forEach(Backend::evictAll);
                session.done(ctx, "RECONNECT");
            }
            case "WAIT_CLOSE" -> {
                List<ServerConnection> old = new ArrayList<>();
                backends(db).forEach(b -> old.addAll(b.servers()));
                waitThenDone(
                        "WAIT_CLOSE",
                        () -> old.stream().noneMatch(s -> s.channel().isActive()));
            }
            case "ENABLE", "DISABLE" -> {
                if (db == null) {
                    session.error(ctx, SqlState.SYNTAX_ERROR, verb + " needs a database name");
                    return;
                }
                px.setDisabled(db, verb.equals("DISABLE"));
                session.done(ctx, verb);
            }
            case "RELOAD" -> {
                try {
                    admin.reload.run();
                    session.done(ctx, "RELOAD");
                } catch (Exception e) {
                    session.error(
                            ctx,
                            SqlState.INTERNAL_ERROR,
                            "RELOAD refused, the running configuration stays: " + e.getMessage());
                }
            }
            case "SHUTDOWN" -> {
                session.done(ctx, "SHUTDOWN");
                admin.shutdown.run();
            }
            default -> session.error(ctx, SqlState.SYNTAX_ERROR, "invalid command '" + verb + "'");
        }
    }

    private List<Backend> backends(String db) {
        List<Backend> out = new ArrayList<>();
        for (Backend b : admin.px.backends().all()) {
            if (db == null || b.key().database().equals(db)) {
                out.add(b);
            }
        }
        return out;
    }

    private int leased(String db) {
        int n = 0;
        for (Backend b : backends(db)) {
            n += b.poolStats().leased();
        }
        return n;
    }

    private void waitThenDone(String tag, BooleanSupplier done) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (done.getAsBoolean()) {
            session.done(ctx, tag);
        } else {
            ctx.executor().schedule(() -> waitThenDone(tag, done), POLL_MS, TimeUnit.MILLISECONDS);
        }
    }
}

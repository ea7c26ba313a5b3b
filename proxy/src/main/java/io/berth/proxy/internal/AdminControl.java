package io.berth.proxy.internal;

import io.berth.pg.protocol.CommandComplete;
import io.berth.pg.protocol.ReadyForQuery;
import io.berth.pg.protocol.SqlState;
import io.berth.proxy.config.ProxyConfig;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin console's control commands, as PgBouncer's. Commands that wait poll on the console
 * client's event loop every {@value #POLL_MS} ms; they never block it.
 *
 * <ul>
 *   <li>PAUSE [db]: pools stop lending (new clients and transactions wait, up to
 *       query_wait_timeout); idle server connections close at once and the others as their clients
 *       release them (the engine's evictAll); answers once no server connection is held.
 *   <li>RESUME [db]: lends again after PAUSE, SUSPEND or KILL.
 *   <li>SUSPEND: pauses every pool and answers at once (Berth has no socket buffers to flush, nor an
 *       online restart that would need them flushed).
 *   <li>KILL db: pauses the database, closes its clients with FATAL 57P01 and its server
 *       connections (idle ones now, held ones as their clients' channels close). RESUME lets clients
 *       in again, as in PgBouncer.
 *   <li>RECONNECT [db]: evictAll on the pools: idle server connections close now, held ones when
 *       released (a session-mode client keeps its own until it leaves); new ones are made as needed.
 *       Marks them close_needed in SHOW SERVERS.
 *   <li>WAIT_CLOSE [db]: answers when the server connections marked close_needed (by RECONNECT or
 *       KILL) when it was issued are closed; at once when there are none, as in PgBouncer.
 *   <li>ENABLE db / DISABLE db: a disabled database refuses new clients (57P03); connected ones go on.
 *   <li>RELOAD: re-reads the configuration file; on failure an ERROR F0000 with the reason, and the
 *       running configuration stays. SHUTDOWN: answers, then shuts the proxy down gracefully.
 * </ul>
 */
final class AdminControl {
    private static final Logger LOG = LoggerFactory.getLogger(AdminControl.class);
    private static final long POLL_MS = 20;
    private static final String OBJECT_NOT_IN_PREREQUISITE_STATE = "55000";
    private static final String CONFIG_FILE_ERROR = "F0000";

    private final AdminCommands admin;
    private final ProxyContext px;
    private final AdminSession session;
    private final ChannelHandlerContext ctx;

    AdminControl(AdminCommands admin, AdminSession session, ChannelHandlerContext ctx) {
        this.admin = admin;
        this.px = admin.px;
        this.session = session;
        this.ctx = ctx;
    }

    void run(String verb, String db) {
        if (db != null && (verb.equals("SUSPEND") || verb.equals("RELOAD") || verb.equals("SHUTDOWN"))) {
            session.error(ctx, SqlState.SYNTAX_ERROR, verb + " takes no argument");
            return;
        }
        if (db == null && (verb.equals("KILL") || verb.equals("ENABLE") || verb.equals("DISABLE"))) {
            session.error(ctx, SqlState.SYNTAX_ERROR, verb + " needs a database: " + verb + " <db>");
            return;
        }
        if (db != null && !checkDatabase(verb, db)) {
            return;
        }
        LOG.info("admin console: {} issued {}{}", session.client().user(), verb, db == null ? "" : " " + db);
        switch (verb) {
            case "PAUSE" -> pause(db);
            case "RESUME" -> resume(db);
            case "SUSPEND" -> {
                if (px.anyPaused()) {
                    session.error(ctx, OBJECT_NOT_IN_PREREQUISITE_STATE, "already suspended/paused");
                    return;
                }
                px.setPaused(null, true);
                session.done(ctx, "SUSPEND");
            }
            case "KILL" -> {
                px.setPaused(db, true);
                backends(db).forEach(b -> b.servers().forEach(admin::markCloseNeeded));
                for (ClientSession c : px.clients().sessions()) {
                    if (c.info().database().equals(db)) {
                        c.terminate("database " + db + " was killed by the admin console");
                    }
                }
                backends(db).forEach(Backend::evictAll);
                session.done(ctx, "KILL");
            }
            case "RECONNECT" -> {
                for (Backend b : backends(db)) {
                    b.servers().forEach(admin::markCloseNeeded);
                    b.evictAll();
                }
                session.done(ctx, "RECONNECT");
            }
            case "WAIT_CLOSE" -> {
                List<ServerConnection> marked = new ArrayList<>();
                for (ServerConnection s : admin.closeNeeded) {
                    if (db == null || s.key().database().equals(db)) {
                        marked.add(s);
                    }
                }
                waitThenDone(
                        "WAIT_CLOSE",
                        () -> marked.stream().noneMatch(s -> s.channel().isActive()));
            }
            case "ENABLE", "DISABLE" -> {
                px.setDisabled(db, verb.equals("DISABLE"));
                session.done(ctx, verb);
            }
            case "RELOAD" -> reload();
            case "SHUTDOWN" -> {
                ctx.write(new CommandComplete("SHUTDOWN"));
                ctx.writeAndFlush(ReadyForQuery.IDLE).addListener((ChannelFutureListener) f -> admin.shutdown.run());
            }
            default -> session.error(ctx, SqlState.SYNTAX_ERROR, "invalid command '" + verb + "', use SHOW HELP;");
        }
    }

    /** Refuses the admin database and names no configuration has; returns whether {@code db} is fine. */
    private boolean checkDatabase(String verb, String db) {
        if (db.equals(AdminShow.ADMIN_DB) || px.isAdminDatabase(db)) {
            session.error(ctx, OBJECT_NOT_IN_PREREQUISITE_STATE, "cannot " + verb + " the admin database: " + db);
            return false;
        }
        ProxyConfig cfg = admin.config.get();
        boolean known = (cfg != null && cfg.database(db).isPresent())
                || px.backends().all().stream().anyMatch(b -> b.key().database().equals(db));
        if (!known) {
            session.error(ctx, SqlState.INVALID_CATALOG_NAME, "no such database: " + db);
        }
        return known;
    }

    private void pause(String db) {
        if (db == null ? px.anyPaused() : px.isPaused(db)) {
            session.error(ctx, OBJECT_NOT_IN_PREREQUISITE_STATE, "already suspended/paused");
            return;
        }
        px.setPaused(db, true);
        backends(db).forEach(Backend::evictAll);
        waitThenDone("PAUSE", () -> leased(db) == 0);
    }

    private void resume(String db) {
        if (db == null && !px.anyPaused()) {
            session.error(ctx, OBJECT_NOT_IN_PREREQUISITE_STATE, "pooler is not paused/suspended");
            return;
        }
        if (db != null && !px.isPaused(db)) {
            session.error(ctx, OBJECT_NOT_IN_PREREQUISITE_STATE, "database " + db + " is not paused");
            return;
        }
        px.setPaused(db, false);
        session.done(ctx, "RESUME");
    }

    /** Reading the file and building TLS contexts is disk and crypto work: off the event loop. */
    private void reload() {
        px.blocking().execute(() -> {
            Exception failed = null;
            try {
                admin.reload.run();
            } catch (Exception e) {
                failed = e;
            }
            Exception error = failed;
            ctx.executor().execute(() -> {
                if (error == null) {
                    session.done(ctx, "RELOAD");
                } else {
                    session.error(
                            ctx,
                            CONFIG_FILE_ERROR,
                            "RELOAD refused, the running configuration stays: " + error.getMessage());
                }
            });
        });
    }

    private List<Backend> backends(String db) {
        List<Backend> out = new ArrayList<>();
        for (Backend b : px.backends().all()) {
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
            return;
        }
        session.answerLater(ctx);
        ctx.executor().schedule(() -> waitThenDone(tag, done), POLL_MS, TimeUnit.MILLISECONDS);
    }
}

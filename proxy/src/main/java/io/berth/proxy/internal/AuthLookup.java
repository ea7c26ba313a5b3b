package io.berth.proxy.internal;

import io.berth.pg.auth.Secret;
import io.berth.pg.protocol.Bind;
import io.berth.pg.protocol.ClientMessage;
import io.berth.pg.protocol.Execute;
import io.berth.pg.protocol.Parse;
import io.berth.pg.protocol.Sync;
import io.berth.pool.Lease;
import io.netty.channel.EventLoop;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * auth_query: looks up the secret of a user the auth file does not name, as PgBouncer does, by
 * running the query as auth_user on a pooled server connection to the client's database, with the
 * user's name bound as {@code $1} (extended protocol, so the name is never spliced into SQL). The
 * second column of the first row is the secret, as pg_authid stores it (SCRAM, md5 or plain). It
 * runs for every login of such a user, so a changed or removed password counts at once.
 */
final class AuthLookup {
    private static final Logger LOG = LoggerFactory.getLogger(AuthLookup.class);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private AuthLookup() {}

    /**
     * The user's secret, or {@code null}: no such login role, no password (or an expired one), or
     * the lookup failed (logged with the reason). Blocks; call it off the event loops.
     */
    static Secret find(ProxyContext px, AuthStore.AuthQuery q, String database, String user, EventLoop loop)
            throws InterruptedException {
        Target target = px.target(database, q.user());
        if (target == null) {
            return null;
        }
        Duration timeout = px.settings().clientLoginTimeout().isZero()
                ? DEFAULT_TIMEOUT
                : px.settings().clientLoginTimeout();
        Backend backend = px.backends().get(new PoolKey(database, q.user()), target);
        List<String> row;
        ServerCheck.Answer answer;
        try (Lease<ServerConnection> lease = backend.poolFor(loop).acquire(timeout)) {
            ServerConnection conn = lease.connection();
            answer = ServerCheck.answer(conn, messages(q.query(), user), timeout);
            if (conn.broken) {
                lease.invalidate();
            }
        } catch (io.berth.pool.PoolException e) {
            LOG.warn(
                    "auth_query for user \"{}\" could not get a connection as auth_user \"{}\": {}",
                    user,
                    q.user(),
                    e.getMessage());
            return null;
        }
        if (answer.error() != null) {
            LOG.warn("auth_query for user \"{}\" as auth_user \"{}\" failed: {}", user, q.user(), answer.error());
            return null;
        }
        row = answer.row();
        if (row.isEmpty()) {
            return null; // no such role
        }
        if (row.size() < 2) {
            LOG.warn(
                    "auth_query returned {} column(s); it must return the user name and its password, as"
                            + " \"SELECT usename, passwd FROM pg_shadow WHERE usename=$1\" does",
                    row.size());
            return null;
        }
        String stored = row.get(1);
        if (stored == null || stored.isEmpty()) {
            return null;
        }
        try {
            return Secret.parse(stored);
        } catch (RuntimeException e) {
            LOG.warn(
                    "auth_query returned a password for user \"{}\" that is not a valid secret: {}",
                    user,
                    e.getMessage());
            return null;
        }
    }

    /** Parse, Bind (the user's name as the one text parameter), Execute, Sync. */
    static List<ClientMessage> messages(String query, String user) {
        byte[] name = user.getBytes(StandardCharsets.UTF_8);
        ByteBuffer rest = ByteBuffer.allocate(2 + 2 + 4 + name.length + 2);
        rest.putShort((short) 0); // parameter formats: all text
        rest.putShort((short) 1); // one parameter
        rest.putInt(name.length).put(name);
        rest.putShort((short) 0); // result formats: all text
        return List.of(
                new Parse("", query, new int[0]), new Bind("", "", rest.array()), new Execute("", 0), Sync.INSTANCE);
    }
}

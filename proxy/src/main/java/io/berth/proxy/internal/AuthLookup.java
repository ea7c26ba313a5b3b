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

/**
 * auth_query: looks up the secret of a user the auth file does not name, as PgBouncer does, by
 * running the query as auth_user on a pooled server connection to the client's database, with the
 * user's name bound as {@code $1} (extended protocol, so the name is never spliced into SQL). The
 * second column of the first row is the secret, as pg_authid stores it (SCRAM, md5 or plain). It
 * runs for every login of such a user, so a changed or removed password counts at once.
 */
final class AuthLookup {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private AuthLookup() {}

    /**
     * What a lookup found: the user's secret, or none ({@code secret} null: no such login role, no
     * password, or an expired one); {@code failure} says why the lookup itself failed, for the log.
     */
    record Outcome(Secret secret, String failure) {
        static Outcome failed(String why) {
            return new Outcome(null, why);
        }
    }

    /** Runs the lookup. Blocks; call it off the event loops. */
    static Outcome find(ProxyContext px, AuthStore.AuthQuery q, String database, String user, EventLoop loop)
            throws InterruptedException {
        Target target = px.target(database, q.user());
        if (target == null) {
            return Outcome.failed("database \"" + database + "\" has no entry for auth_user \"" + q.user() + "\"");
        }
        Duration timeout = px.settings().clientLoginTimeout().isZero()
                ? DEFAULT_TIMEOUT
                : px.settings().clientLoginTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        Backend backend = px.backends().get(new PoolKey(database, q.user()), target);
        ServerCheck.Answer answer = null;
        try {
            while (answer == null) {
                Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
                Lease<ServerConnection> lease = backend.poolFor(loop).acquire(left);
                ServerConnection conn = lease.connection();
                if (!conn.usable()) {
                    lease.invalidate(); // closed while idle (a restart): take another
                    continue;
                }
                try {
                    answer = ServerCheck.answer(conn, messages(q.query(), user), left);
                } finally {
                    if (conn.broken) {
                        lease.invalidate();
                    } else {
                        lease.close();
                    }
                }
            }
        } catch (io.berth.pool.PoolException e) {
            return Outcome.failed("no server connection as auth_user \"" + q.user() + "\": " + e.getMessage());
        }
        if (answer.error() != null) {
            return Outcome.failed("auth_query as auth_user \"" + q.user() + "\" failed: " + answer.error());
        }
        List<String> row = answer.row();
        if (row.isEmpty()) {
            return new Outcome(null, null); // no such role
        }
        if (row.size() < 2) {
            return Outcome.failed("auth_query returned " + row.size() + " column(s); it must return the user name"
                    + " and its password, as \"SELECT usename, passwd FROM pg_shadow WHERE usename=$1\" does");
        }
        String stored = row.get(1);
        if (stored == null || stored.isEmpty()) {
            return new Outcome(null, null);
        }
        try {
            return new Outcome(Secret.parse(stored), null);
        } catch (RuntimeException e) {
            return Outcome.failed("auth_query returned a password that is not a valid secret: " + e.getMessage());
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

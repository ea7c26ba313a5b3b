package io.berth.proxy.internal;

import io.berth.pg.auth.Md5Secret;
import io.berth.pg.auth.PlainSecret;
import io.berth.pg.auth.ScramKeyCache;
import io.berth.pg.auth.ScramSecret;
import io.berth.pg.auth.Secret;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The secrets Berth knows: users from the auth file, secrets auth_query looked up for users the
 * file does not name, and SCRAM client keys recovered from clients' proofs, with which Berth logs
 * in to PostgreSQL as a user whose plain password it never saw.
 */
public final class AuthStore {
    /** An auth_query lookup: run {@code query} as {@code user}, with the client's user name as $1. */
    public record AuthQuery(String user, String query) {}

    private volatile Map<String, Secret> secrets;
    private volatile Function<String, AuthQuery> queries = database -> null;
    /** Secrets auth_query found, by (database, user), kept once a client logged in with one. */
    private final Map<PoolKey, Secret> lookedUp = new ConcurrentHashMap<>();

    private final Map<String, byte[]> clientKeys = new ConcurrentHashMap<>();
    private final ScramKeyCache keyCache = new ScramKeyCache(10_000);

    public AuthStore(Map<String, String> userlist) {
        replace(userlist);
    }

    /** Replaces the auth file's secrets, as RELOAD does. */
    public void replace(Map<String, String> userlist) {
        Map<String, Secret> m = new ConcurrentHashMap<>();
        userlist.forEach((user, secret) -> m.put(user, Secret.parse(secret)));
        this.secrets = m;
    }

    /** Which auth_query applies to each database ({@code null}: none), as RELOAD replaces it. */
    public void queries(Function<String, AuthQuery> byDatabase) {
        this.queries = byDatabase;
    }

    /** The auth_query for clients of {@code database}, or {@code null}. */
    AuthQuery queryFor(String database) {
        return queries.apply(database);
    }

    /** The user's secret, or {@code null} when the auth file does not name the user. */
    public Secret secret(String user) {
        return secrets.get(user);
    }

    /**
     * The secret for logging in to the server of {@code database} as {@code user}: the auth file's,
     * else the one auth_query found there for a client that then logged in with it.
     */
    Secret serverSecret(String database, String user) {
        Secret s = secrets.get(user);
        return s != null ? s : lookedUp.get(new PoolKey(database, user));
    }

    /**
     * A client of {@code database} just logged in as {@code user} with this secret from auth_query:
     * the server logins of that pool use it from now on. Only a successful login stores one, so a
     * stranger's failed attempt never changes what the pool logs in with.
     */
    void loggedInWith(String database, String user, Secret secret) {
        PoolKey key = new PoolKey(database, user);
        if (lookedUp.size() < 100_000 || lookedUp.containsKey(key)) {
            lookedUp.put(key, secret);
        }
    }

    public boolean knows(String user) {
        return secrets.containsKey(user);
    }

    public int size() {
        return secrets.size();
    }

    public ScramKeyCache keyCache() {
        return keyCache;
    }

    /** Remembers the ClientKey a client proved it has, for logging in to the server as that user. */
    void rememberClientKey(String user, byte[] clientKey) {
        clientKeys.put(user, clientKey.clone());
    }

    /** A recovered ClientKey, or {@code null}. */
    byte[] clientKey(String user) {
        return clientKeys.get(user);
    }

    /** The plain password for a user, if the auth file holds one. */
    String plainPassword(String user) {
        return secret(user) instanceof PlainSecret p ? p.password() : null;
    }

    static boolean isScram(Secret s) {
        return s instanceof ScramSecret;
    }

    static boolean isMd5(Secret s) {
        return s instanceof Md5Secret;
    }
}

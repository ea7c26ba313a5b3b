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
    private final Map<String, Secret> lookedUp = new ConcurrentHashMap<>();
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

    /**
     * The user's secret for logging in to servers: the auth file's, else the one auth_query last
     * found; {@code null} when neither names the user. A client's own login checks only the file
     * and its own lookup (a secret found through one database's auth_user is no login elsewhere).
     */
    public Secret secret(String user) {
        Secret s = secrets.get(user);
        return s != null ? s : lookedUp.get(user);
    }

    /** Whether the auth file names the user. */
    boolean inFile(String user) {
        return secrets.containsKey(user);
    }

    /** The auth file's secret for the user, or {@code null}. */
    Secret fileSecret(String user) {
        return secrets.get(user);
    }

    /** What auth_query just found for a user ({@code null}: no such login role, or no password). */
    void lookedUp(String user, Secret secret) {
        if (secret == null) {
            lookedUp.remove(user);
        } else if (lookedUp.size() < 100_000 || lookedUp.containsKey(user)) {
            lookedUp.put(user, secret);
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

package io.berth.proxy.internal;

import io.berth.pg.auth.Md5Secret;
import io.berth.pg.auth.PlainSecret;
import io.berth.pg.auth.ScramKeyCache;
import io.berth.pg.auth.ScramSecret;
import io.berth.pg.auth.Secret;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secrets Berth knows: users from the auth file, and SCRAM client keys recovered from clients'
 * proofs, with which Berth logs in to PostgreSQL as a user whose plain password it never saw.
 */
public final class AuthStore {
    private volatile Map<String, Secret> secrets;
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

    /** The user's secret, or {@code null} when the auth file does not name the user. */
    public Secret secret(String user) {
        return secrets.get(user);
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

package io.berth.proxy.internal;

import io.berth.pg.auth.SecureRandoms;
import io.berth.pg.protocol.BackendKeyData;
import io.berth.pg.protocol.CancelRequest;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every client connection: a count of all of them (max_client_conn), the logged-in sessions, and
 * the cancel key Berth gave each one, so a CancelRequest finds the session it names.
 */
public final class Clients {
    private final AtomicInteger connections = new AtomicInteger();
    private final ConcurrentHashMap<BackendKeyData, ClientSession> byKey = new ConcurrentHashMap<>();
    private final SecureRandom random = SecureRandoms.create();
    private final AtomicInteger nextPid = new AtomicInteger(random.nextInt(1 << 20) + 1);
    private final ConcurrentHashMap<String, AtomicInteger> perDatabase = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> perUser = new ConcurrentHashMap<>();

    /** A connection was accepted; returns how many there are now. */
    int opened() {
        return connections.incrementAndGet();
    }

    void closed() {
        connections.decrementAndGet();
    }

    public int connections() {
        return connections.get();
    }

    /**
     * Counts a logged-in client of {@code database} as {@code user} against
     * max_db_client_connections ({@code maxDb}) and max_user_client_connections ({@code maxUser}),
     * 0 meaning unlimited. Returns why it is refused, or null when it is counted ({@link #left}
     * uncounts it).
     */
    String admit(String database, String user, int maxDb, int maxUser) {
        AtomicInteger db = perDatabase.computeIfAbsent(database, k -> new AtomicInteger());
        if (db.incrementAndGet() > maxDb && maxDb > 0) {
            db.decrementAndGet();
            return "too many client connections to database \"" + database + "\" (max_db_client_connections = " + maxDb
                    + ")";
        }
        AtomicInteger u = perUser.computeIfAbsent(user, k -> new AtomicInteger());
        if (u.incrementAndGet() > maxUser && maxUser > 0) {
            u.decrementAndGet();
            db.decrementAndGet();
            return "too many client connections as user \"" + user + "\" (max_user_client_connections = " + maxUser
                    + ")";
        }
        return null;
    }

    /** A client counted by {@link #admit} left. */
    void left(String database, String user) {
        perDatabase.get(database).decrementAndGet();
        perUser.get(user).decrementAndGet();
    }

    /** Logged-in clients of a database, as counted for max_db_client_connections. */
    public int clientsOfDatabase(String database) {
        AtomicInteger n = perDatabase.get(database);
        return n == null ? 0 : n.get();
    }

    /** Registers a logged-in session under a new, unguessable cancel key. */
    BackendKeyData register(ClientSession session) {
        while (true) {
            BackendKeyData key = BackendKeyData.of(nextPid.getAndIncrement() & 0x7fffffff, random.nextInt());
            if (byKey.putIfAbsent(key, session) == null) {
                return key;
            }
        }
    }

    void unregister(BackendKeyData key) {
        if (key != null) {
            byKey.remove(key);
        }
    }

    /** The session a cancel request names, or {@code null}. */
    ClientSession find(CancelRequest cancel) {
        return byKey.get(new BackendKeyData(cancel.processId(), cancel.secretKey()));
    }

    public Collection<ClientSession> sessions() {
        return byKey.values();
    }
}

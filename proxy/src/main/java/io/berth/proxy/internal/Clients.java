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

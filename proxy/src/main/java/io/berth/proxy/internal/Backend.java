package io.berth.proxy.internal;

import io.berth.pool.Pool;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * One pool of server connections, for one (database, user): the engine's pool, where it connects,
 * the settings a new client is greeted with, and its counters.
 */
public final class Backend {
    final PoolKey key;
    final Target target;
    final Pool<ServerConnection> pool;
    final PoolStatsCounters stats = new PoolStatsCounters();
    /** ParameterStatus values of the first server login, sent to every client at its login. */
    volatile Map<String, String> welcome;
    /** Server names as PostgreSQL spells them, for the welcome. */
    volatile Map<String, String> welcomeNames;

    private final Set<ServerConnection> servers;

    Backend(PoolKey key, Target target, Pool<ServerConnection> pool, Set<ServerConnection> servers) {
        this.key = key;
        this.target = target;
        this.pool = pool;
        this.servers = servers;
    }

    /** The pool's open server connections, idle or leased (a live view). */
    public Set<ServerConnection> servers() {
        return Collections.unmodifiableSet(servers);
    }

    public PoolKey key() {
        return key;
    }

    public Target target() {
        return target;
    }

    public Pool<ServerConnection> pool() {
        return pool;
    }

    public PoolStatsCounters stats() {
        return stats;
    }

    void learnWelcome(ServerConnection conn) {
        if (welcome == null) {
            welcomeNames = conn.names;
            welcome = conn.defaults;
        }
    }
}

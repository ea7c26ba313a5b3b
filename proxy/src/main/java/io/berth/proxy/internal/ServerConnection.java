package io.berth.proxy.internal;

import io.berth.pg.protocol.BackendKeyData;
import io.netty.channel.Channel;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One logged-in connection to PostgreSQL. Between leases it is idle in the engine's pool; while
 * leased, its {@link ServerHandler} hands everything the server sends to the owning {@link
 * ClientSession}.
 *
 * <p>Thread confinement: {@link #params} is changed only by the owning session, on the owner's
 * event loop, while the connection is leased (the pool's lease hand-off orders those accesses).
 */
public final class ServerConnection {
    private static final AtomicLong IDS = new AtomicLong();

    final long id = IDS.incrementAndGet();
    final Channel channel;
    final PoolKey key;
    final BackendKeyData backendKey;
    /** What the server reported at login, by lower-case name: what a client gets when it asks for nothing. */
    final Map<String, String> defaults;
    /** The values in effect now, by lower-case name: reported ones and settings Berth applied. */
    final Map<String, String> params;
    /** The server's spelling of each reported name ({@code datestyle} to {@code DateStyle}). */
    final Map<String, String> names;

    /** What Berth has prepared here for clients in transaction and statement pooling. */
    final PreparedCache prepared = new PreparedCache();

    final long createdAt = System.currentTimeMillis();
    volatile long lastUsedAt = createdAt;
    volatile ServerOwner owner;
    /** The host it is on (a database entry may list several). */
    volatile Hosts.Host host;

    volatile boolean broken;
    /** Berth is closing it (its pool asked); a close without this is a lost connection. */
    volatile boolean closing;
    /** What broke it, when the channel failed (for the lifecycle log). */
    volatile Throwable failure;

    ServerConnection(Channel channel, PoolKey key, BackendKeyData backendKey, Map<String, String> defaults) {
        this.channel = channel;
        this.key = key;
        this.backendKey = backendKey;
        Map<String, String> lower = new HashMap<>();
        Map<String, String> spelling = new HashMap<>();
        defaults.forEach((k, v) -> {
            lower.put(k.toLowerCase(Locale.ROOT), v);
            spelling.put(k.toLowerCase(Locale.ROOT), k);
        });
        this.defaults = Map.copyOf(lower);
        this.params = new HashMap<>(lower);
        this.names = Map.copyOf(spelling);
    }

    public long id() {
        return id;
    }

    public PoolKey key() {
        return key;
    }

    public Channel channel() {
        return channel;
    }

    public BackendKeyData backendKey() {
        return backendKey;
    }

    /** The session holding this connection now, or {@code null} while idle or probed. */
    public ClientSession client() {
        return owner instanceof ClientSession c ? c : null;
    }

    public long createdAt() {
        return createdAt;
    }

    public long lastUsedAt() {
        return lastUsedAt;
    }

    boolean usable() {
        return !broken && channel.isActive();
    }

    @Override
    public String toString() {
        return "server#" + id + "(" + key + ", pid " + (backendKey == null ? "?" : backendKey.processId()) + ")";
    }
}

package io.berth.proxy.internal;

import io.berth.pool.Pool;
import io.berth.pool.PoolStats;
import io.berth.resilience.CircuitBreaker;
import io.netty.channel.EventLoop;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The server connections of one (database, user): where they connect, the settings a new client is
 * greeted with, the counters, and the engine pools that hold them, one per event loop.
 *
 * <p>Why a pool per event loop: a client and its server connection on the same loop talk without a
 * task hand-off between threads, which on a busy machine costs a wake-up per message. pool_size is
 * split across the loops (their sizes add up to it); a client takes from its own loop's pool, and
 * borrows from another loop's only when its own has nothing idle and no room to open one and the
 * other has, so no client waits while a connection idles, or could be opened, elsewhere.
 */
public final class Backend {
    final PoolKey key;
    /** Its database entry as last (re)loaded; RELOAD may change sizes and the pool mode. */
    volatile Target target;
    /** Replaced by a RELOAD that changed where or how it connects: connections go when returned. */
    volatile boolean retired;

    final PoolStatsCounters stats = new PoolStatsCounters();
    /** ParameterStatus values of the first server login, sent to every client at its login. */
    volatile Map<String, String> welcome;
    /** Server names as PostgreSQL spells them, for the welcome. */
    volatile Map<String, String> welcomeNames;

    private final List<Pool<ServerConnection>> pools;
    private final Map<EventLoop, Integer> loopIndex;
    private final Set<ServerConnection> servers;

    Backend(
            PoolKey key,
            Target target,
            List<Pool<ServerConnection>> pools,
            Map<EventLoop, Integer> loopIndex,
            Set<ServerConnection> servers) {
        this.key = key;
        this.target = target;
        this.pools = List.copyOf(pools);
        this.loopIndex = loopIndex;
        this.servers = servers;
    }

    public PoolKey key() {
        return key;
    }

    public Target target() {
        return target;
    }

    /** The engine pools, one per event loop. */
    public List<Pool<ServerConnection>> pools() {
        return pools;
    }

    public PoolStatsCounters stats() {
        return stats;
    }

    /** The pool's open server connections, idle or leased (a live view). */
    public Set<ServerConnection> servers() {
        return Collections.unmodifiableSet(servers);
    }

    /** The engine's view summed over the per-loop pools. */
    public PoolStats poolStats() {
        int total = 0, idle = 0, leased = 0, pending = 0, creating = 0, max = 0, min = 0;
        for (Pool<ServerConnection> p : pools) {
            PoolStats s = p.stats();
            total += s.total();
            idle += s.idle();
            leased += s.leased();
            pending += s.pending();
            creating += s.creating();
            max += s.maxSize();
            min += s.minIdle();
        }
        return new PoolStats(total, idle, leased, pending, creating, max, min);
    }

    /** Whether any per-loop pool has its breaker open: the server is refusing logins. */
    public boolean serverUnavailable() {
        for (Pool<ServerConnection> p : pools) {
            if (p.breakerState() == CircuitBreaker.State.OPEN) {
                return true;
            }
        }
        return false;
    }

    public void pause() {
        pools.forEach(Pool::pause);
    }

    public void resume() {
        pools.forEach(Pool::resume);
    }

    /** Closes idle connections now and leased ones when they come back. */
    public void evictAll() {
        pools.forEach(Pool::evictAll);
    }

    /**
     * The pool a client on {@code loop} should wait on: its own loop's when that one has an idle
     * connection or room for a new one; else another loop's that has; else its own.
     */
    Pool<ServerConnection> poolFor(EventLoop loop) {
        Integer i = loopIndex.get(loop);
        Pool<ServerConnection> own = pools.get(i == null ? 0 : i % pools.size());
        if (pools.size() == 1 || available(own)) {
            return own;
        }
        for (Pool<ServerConnection> p : pools) {
            if (p != own && available(p)) {
                return p;
            }
        }
        return own;
    }

    private static boolean available(Pool<ServerConnection> p) {
        PoolStats s = p.stats();
        return s.idle() > 0 || s.total() + s.creating() < s.maxSize();
    }

    /**
     * reserve_pool_size: a client waited reserve_pool_timeout on {@code pool}, so the pool may grow
     * by its share of the reserve. It shrinks back (extra connections close as they come back) once
     * nobody waits on it, checked every reserve_pool_timeout on its loop.
     */
    void openReserve(Pool<ServerConnection> pool, EventLoop loop, java.time.Duration every) {
        int i = pools.indexOf(pool);
        int extra = target.reservePoolSize() / pools.size() + (i < target.reservePoolSize() % pools.size() ? 1 : 0);
        int base = target.poolSize() / pools.size() + (i < target.poolSize() % pools.size() ? 1 : 0);
        if (extra == 0 || pool.stats().maxSize() > base) {
            return;
        }
        pool.resize(pool.stats().minIdle(), base + extra);
        closeReserveWhenIdle(pool, loop, base, every);
    }

    private void closeReserveWhenIdle(Pool<ServerConnection> pool, EventLoop loop, int base, java.time.Duration every) {
        loop.schedule(
                () -> {
                    if (pool.stats().pending() == 0) {
                        pool.resize(Math.min(pool.stats().minIdle(), base), base);
                    } else {
                        closeReserveWhenIdle(pool, loop, base, every);
                    }
                },
                Math.max(1, every.toMillis()),
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    void learnWelcome(ServerConnection conn) {
        if (welcome == null) {
            welcomeNames = conn.names;
            welcome = conn.defaults;
        }
    }
}

package io.berth.pool.internal;

import io.berth.pool.CloseReason;
import io.berth.pool.Connector;
import io.berth.pool.KeyedPool;
import io.berth.pool.KeyedPoolConfig;
import io.berth.pool.Lease;
import io.berth.pool.Pool;
import io.berth.pool.PoolClosedException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The engine behind {@link KeyedPool}: a {@link DefaultPool} per key, sharing one {@link Capacity}.
 *
 * <p>A sub-pool takes a global slot before it opens a connection and gives it back when the
 * connection closes (or the open fails). When no slot is free and the sub-pool has waiters, the
 * idle connection of the key with the most idle connections is closed; the freed slot goes to the
 * starved sub-pools, which are remembered and asked to try again whenever a slot is released.
 */
public final class DefaultKeyedPool<K, C> implements KeyedPool<K, C> {
    private final KeyedPoolConfig<K> config;
    private final Function<? super K, ? extends Connector<C>> connectors;
    private final ConcurrentHashMap<K, DefaultPool<C>> pools = new ConcurrentHashMap<>();
    private final GlobalCap cap = new GlobalCap();
    private volatile boolean closed;

    public DefaultKeyedPool(KeyedPoolConfig<K> config, Function<? super K, ? extends Connector<C>> connectors) {
        this.config = config;
        this.connectors = connectors;
    }

    @Override
    public Lease<C> acquire(K key, Duration timeout) throws InterruptedException {
        return sub(key).acquire(timeout);
    }

    @Override
    public CompletionStage<Lease<C>> acquireAsync(K key, Duration timeout, Executor executor) {
        return sub(key).acquireAsync(timeout, executor);
    }

    @Override
    public Pool<C> pool(K key) {
        return sub(key);
    }

    private DefaultPool<C> sub(K key) {
        DefaultPool<C> pool = pools.get(key);
        if (pool != null) {
            return pool;
        }
        if (closed) {
            throw new PoolClosedException(config.name(), "keyed pool is closed", null);
        }
        return pools.computeIfAbsent(key, k -> new DefaultPool<>(config.configFor(k), connectors.apply(k), cap));
    }

    @Override
    public Map<K, Pool<C>> pools() {
        return Map.copyOf(pools);
    }

    @Override
    public int totalConnections() {
        return cap.used.get();
    }

    @Override
    public void close() {
        closed = true;
        pools.values().forEach(DefaultPool::close);
    }

    @Override
    public String toString() {
        return "KeyedPool[" + config.name() + ", keys=" + pools.size() + ", total=" + cap.used.get() + "/"
                + config.maxTotal() + "]";
    }

    private final class GlobalCap implements Capacity {
        final AtomicInteger used = new AtomicInteger();
        private final Set<DefaultPool<?>> starved = ConcurrentHashMap.newKeySet();

        @Override
        public boolean tryReserve(DefaultPool<?> requester) {
            for (int u = used.get(); u < config.maxTotal(); u = used.get()) {
                if (used.compareAndSet(u, u + 1)) {
                    return true;
                }
            }
            starved.add(requester);
            if (requester.hasWaiters()) {
                makeRoomFor(requester);
            }
            return false;
        }

        @Override
        public void release() {
            used.decrementAndGet();
            for (DefaultPool<?> p : starved) {
                if (starved.remove(p)) {
                    p.creator().demand();
                    return;
                }
            }
        }

        @Override
        public void onIdle(DefaultPool<?> pool) {
            if (starved.isEmpty()) {
                return;
            }
            for (DefaultPool<?> p : starved) {
                if (p != pool && p.hasWaiters() && pool.closeOneIdle(CloseReason.MADE_ROOM)) {
                    return;
                }
            }
        }

        /** Closes one idle connection of the key holding the most idle ones. */
        private void makeRoomFor(DefaultPool<?> requester) {
            DefaultPool<C> victim = null;
            int most = 0;
            for (DefaultPool<C> p : pools.values()) {
                int idle = p == requester ? 0 : p.idleCount();
                if (idle > most) {
                    most = idle;
                    victim = p;
                }
            }
            if (victim != null) {
                victim.closeOneIdle(CloseReason.MADE_ROOM);
            }
        }
    }
}

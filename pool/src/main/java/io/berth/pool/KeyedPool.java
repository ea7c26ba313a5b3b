package io.berth.pool;

import io.berth.pool.internal.DefaultKeyedPool;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * A sub-pool per key (shard, tenant, user/database pair), each with its own limits, all under one
 * global cap. When the cap is reached and a key has callers waiting, an idle connection of another
 * key is closed to make room, so a busy key is never starved by keys that merely hold idle
 * connections.
 *
 * @param <K> the key type; must have proper equals/hashCode
 * @param <C> the connection type
 */
public interface KeyedPool<K, C> extends AutoCloseable {

    /** Creates a keyed pool; {@code connectors} gives the connector of each key's sub-pool. */
    static <K, C> KeyedPool<K, C> create(
            KeyedPoolConfig<K> config, Function<? super K, ? extends Connector<C>> connectors) {
        return new DefaultKeyedPool<>(config, connectors);
    }

    /** Borrows from {@code key}'s sub-pool (created on first use). */
    Lease<C> acquire(K key, Duration timeout) throws InterruptedException;

    CompletionStage<Lease<C>> acquireAsync(K key, Duration timeout, Executor executor);

    /** The sub-pool of {@code key}, created on first use; for stats, resize, pause, evict. */
    Pool<C> pool(K key);

    /** The sub-pools that exist now. */
    Map<K, Pool<C>> pools();

    /** Connections open across all keys. */
    int totalConnections();

    /** Closes every sub-pool. */
    @Override
    void close();
}

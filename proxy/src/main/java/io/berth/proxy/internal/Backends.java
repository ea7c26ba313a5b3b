package io.berth.proxy.internal;

import io.berth.pool.KeyedPool;
import io.berth.pool.KeyedPoolConfig;
import io.berth.pool.PoolConfig;
import io.berth.resilience.Backoff;
import io.berth.resilience.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every pool of server connections: one engine {@link KeyedPool} keyed by (database, user), with a
 * {@link Backend} per key holding what the proxy adds (target, greeting, counters).
 *
 * <p>Settings map onto the engine: pool_size is a key's maxSize and min_pool_size its minIdle;
 * query_wait_timeout is the acquire timeout; server_lifetime and server_idle_timeout are lifetime
 * and idle timeout; server_check_delay is the idle time after which a connection is checked with
 * server_check_query before use; a failed login opens the breaker for server_login_retry, during
 * which clients are refused at once with the login's error (as PgBouncer does).
 */
public final class Backends implements AutoCloseable {
    /** The engine's largest size; max_db_connections and friends are enforced per key. */
    private static final int MAX_TOTAL = 100_000;

    private final ProxyContext px;
    private final KeyedPool<PoolKey, ServerConnection> keyed;
    private final ConcurrentHashMap<PoolKey, Backend> backends = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<PoolKey, ServerConnector> connectors = new ConcurrentHashMap<>();

    Backends(ProxyContext px) {
        this.px = px;
        KeyedPoolConfig<PoolKey> config = KeyedPoolConfig.<PoolKey>custom()
                .name("berth")
                .maxTotal(MAX_TOTAL)
                .perKey(this::poolConfig)
                .build();
        this.keyed = KeyedPool.create(config, connectors::get);
    }

    /** The backend for a key, created on first use; {@code target} comes from the configuration. */
    Backend get(PoolKey key, Target target) {
        Backend b = backends.get(key);
        if (b != null) {
            return b;
        }
        return backends.computeIfAbsent(key, k -> {
            ServerConnector connector = new ServerConnector(
                    k,
                    target,
                    px.auth(),
                    px.workers(),
                    px.blocking(),
                    px.settings().serverConnectTimeout(),
                    px.settings().serverCheckQuery());
            connectors.put(k, connector);
            Backend backend = new Backend(k, target, keyed.pool(k), connector.live());
            px.metrics().bind(backend);
            return backend;
        });
    }

    public Collection<Backend> all() {
        return backends.values();
    }

    public int totalServerConnections() {
        return keyed.totalConnections();
    }

    private PoolConfig poolConfig(PoolKey key) {
        Target t = connectors.get(key).target();
        ProxySettings s = px.settings();
        Duration checkDelay = s.serverCheckDelay().isZero() ? Duration.ofMillis(1) : s.serverCheckDelay();
        return PoolConfig.custom()
                .name(key.toString())
                .maxSize(t.poolSize())
                .minIdle(Math.min(t.minPoolSize(), t.poolSize()))
                .acquireTimeout(s.queryWaitTimeout().isZero() ? Duration.ofDays(365) : s.queryWaitTimeout())
                .maxLifetime(s.serverLifetime())
                .idleTimeout(s.serverIdleTimeout())
                .keepaliveTime(Duration.ZERO)
                .validateIdleAfter(checkDelay)
                .validationTimeout(s.serverConnectTimeout())
                .createExecutor(px.blocking())
                .breaker(CircuitBreakerConfig.custom()
                        .consecutiveFailureThreshold(1)
                        .openBackoff(Backoff.fixed(
                                s.serverLoginRetry().isZero() ? Duration.ofMillis(100) : s.serverLoginRetry()))
                        .build())
                .build();
    }

    @Override
    public void close() {
        keyed.close();
    }
}
